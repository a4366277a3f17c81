/**
 * ADF wildcards: `*` matches zero or more characters, `?` zero or one, and `^` escapes a literal `*`, `?` or `^`.
 * Matching is case-sensitive and covers the whole name.
 */
export function wildcardToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '^' && i + 1 < pattern.length) {
      out += escapeRegExp(pattern[++i] ?? '');
    } else if (ch === '*') {
      out += '.*';
    } else if (ch === '?') {
      out += '.?';
    } else {
      out += escapeRegExp(ch);
    }
  }
  return new RegExp(`^${out}$`, 's');
}

/** True when `pattern` holds an unescaped `*` or `?`. */
export function hasWildcard(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '^') i++;
    else if (ch === '*' || ch === '?') return true;
  }
  return false;
}

/** True when `name` matches the ADF wildcard `pattern`. */
export function matchesWildcard(name: string, pattern: string): boolean {
  return wildcardToRegExp(pattern).test(name);
}

/** The part of a wildcard folder path before its first wildcard segment (`^` escapes removed). */
export function literalPrefix(folderPattern: string): string {
  const out: string[] = [];
  for (const part of folderPattern.split('/').filter((p) => p !== '')) {
    if (hasWildcard(part)) break;
    out.push(part.replace(/\^(.)/g, '$1'));
  }
  return out.join('/');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
