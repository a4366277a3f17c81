/** .NET `Uri.EscapeDataString`: percent-encodes everything except `A-Z a-z 0-9 - _ . ~`, upper-case hex. */
export function escapeDataString(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Percent-encodes raw bytes the same way. */
export function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Percent-decodes to bytes; a `%` not followed by two hex digits stays as it is (lenient, as .NET
 * `Uri.UnescapeDataString`). `+` is not a space.
 */
export function unescapeToBytes(text: string): Uint8Array {
  const out: number[] = [];
  const raw = Buffer.from(text, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b === 37 && i + 2 < raw.length + 0 && isHex(raw[i + 1]) && isHex(raw[i + 2])) {
      out.push(parseInt(String.fromCharCode(raw[i + 1]!, raw[i + 2]!), 16));
      i += 2;
    } else out.push(b);
  }
  return Uint8Array.from(out);
}

function isHex(b: number | undefined): boolean {
  return b !== undefined && ((b >= 48 && b <= 57) || (b >= 65 && b <= 70) || (b >= 97 && b <= 102));
}

/** .NET `Uri.UnescapeDataString` (invalid UTF-8 after decoding becomes U+FFFD). */
export function unescapeDataString(text: string): string {
  if (!text.includes('%')) return text;
  return Buffer.from(unescapeToBytes(text)).toString('utf8');
}
