// Case mapping with .NET semantics: invariant, simple (one UTF-16 unit → one unit) case mapping, so
// lengths and offsets never change ('ß' stays 'ß' in toUpper, unlike JS toUpperCase()).

// eslint-disable-next-line no-control-regex
const ASCII = /^[\u0000-\u007f]*$/;

function mapUnits(s: string, upper: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const m = upper ? ch.toUpperCase() : ch.toLowerCase();
    out += m.length === 1 ? m : ch;
  }
  return out;
}

/** `ToUpperInvariant`. */
export function toUpperInvariant(s: string): string {
  return ASCII.test(s) ? s.toUpperCase() : mapUnits(s, true);
}

/** `ToLowerInvariant`. */
export function toLowerInvariant(s: string): string {
  return ASCII.test(s) ? s.toLowerCase() : mapUnits(s, false);
}

/** Folds a string for `StringComparison.OrdinalIgnoreCase`; the result has the same length. */
export function foldCase(s: string): string {
  return toUpperInvariant(s);
}

/** .NET `char.IsWhiteSpace` characters, for `trim()` (JS `trim()` also strips U+FEFF and keeps U+0085). */
const WS = '[\\u0009-\\u000d\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const TRIM = new RegExp(`^${WS}+|${WS}+$`, 'g');

/** .NET `String.Trim()`. */
export function trimDotNet(s: string): string {
  return s.replace(TRIM, '');
}
