/**
 * ADF wildcards: `*` = zero or more characters, `?` = zero or one, `^` escapes `*`, `?` or `^`.
 * (Activities cannot import connectors/, so the few lines live here too.)
 */
export function wildcardRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '^' && i + 1 < pattern.length) out += escape(pattern[++i] ?? '');
    else if (ch === '*') out += '.*';
    else if (ch === '?') out += '.?';
    else out += escape(ch);
  }
  return new RegExp(`^${out}$`, 's');
}

/** True when the pattern holds an unescaped `*` or `?`. */
export function hasWildcard(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '^') i++;
    else if (pattern[i] === '*' || pattern[i] === '?') return true;
  }
  return false;
}

/** The part of a wildcard folder path before its first wildcard segment. */
export function literalPrefix(folderPattern: string): string {
  const parts = folderPattern.split('/').filter((p) => p !== '');
  const out: string[] = [];
  for (const p of parts) {
    if (hasWildcard(p)) break;
    out.push(p.replace(/\^(.)/g, '$1'));
  }
  return out.join('/');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
