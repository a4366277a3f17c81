/**
 * Formats a double the way .NET (Core 3.0+) `double.ToString()` does: the shortest text that round-trips,
 * in fixed notation when the decimal exponent is in [-4, 15), otherwise scientific with `E+XX` / `E-XX`
 * (at least two exponent digits). `1.0` → `1`, `1e15` → `1E+15`, `1e-5` → `1E-05`, `0.1` → `0.1`.
 */
export function formatDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const exp = n.toExponential(); // shortest round-trip digits: d.ddde±x
  const e = exp.indexOf('e');
  const mantissa = exp.slice(0, e);
  const exponent = Number(exp.slice(e + 1));
  if (exponent > -5 && exponent < 15) return String(n);
  const sign = exponent < 0 ? '-' : '+';
  const digits = String(Math.abs(exponent)).padStart(2, '0');
  return `${mantissa}E${sign}${digits}`;
}

/**
 * Formats a double as Newtonsoft.Json writes it in JSON text: like `formatDouble`, plus `.0` when the text
 * has no fraction or exponent (`1.0` → `1.0`, `1e20` → `1E+20`).
 */
export function formatJsonDouble(n: number): string {
  const s = formatDouble(n);
  return /[.EN]|Infinity/.test(s) ? s : `${s}.0`;
}
