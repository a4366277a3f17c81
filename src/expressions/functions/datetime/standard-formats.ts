import { ExprCode } from '../../expression-codes.js';
import { FunctionError } from '../function-def.js';
import type { DateTimeCulture } from './culture.js';

const ROUND_TRIP_PATTERN = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK";
const RFC1123_PATTERN = "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'";
const SORTABLE_PATTERN = "yyyy'-'MM'-'dd'T'HH':'mm':'ss";
const UNIVERSAL_SORTABLE_PATTERN = "yyyy'-'MM'-'dd HH':'mm':'ss'Z'";
/** The FormatException of .NET, as `expr/invalid-format`. */
export function invalidFormat(format: string, why: string): FunctionError {
  return new FunctionError(
    ExprCode.InvalidFormat,
    `'${format}' is not a valid .NET date/time format: ${why}. Use one standard specifier (d D f F g G M O R s t T u U Y) or a custom pattern such as 'yyyy-MM-dd HH:mm:ss'`,
  );
}

/**
 * Expands a .NET standard format specifier (one character) to its custom pattern for `culture`.
 * `toUtc` marks r/R, u and U, which show UTC (DateTimeOffset converts; a DateTime is shown as is, except U).
 * @throws FunctionError `expr/invalid-format` for an unknown specifier, or `U` on a DateTimeOffset
 */
export function standardPattern(
  spec: string,
  c: DateTimeCulture,
  isOffset: boolean,
): { pattern: string; toUtc: boolean } {
  const p = (pattern: string, toUtc = false): { pattern: string; toUtc: boolean } => ({ pattern, toUtc });
  switch (spec) {
    case 'd':
      return p(c.shortDatePattern);
    case 'D':
      return p(c.longDatePattern);
    case 'f':
      return p(`${c.longDatePattern} ${c.shortTimePattern}`);
    case 'F':
      return p(c.fullDateTimePattern);
    case 'g':
      return p(`${c.shortDatePattern} ${c.shortTimePattern}`);
    case 'G':
      return p(`${c.shortDatePattern} ${c.longTimePattern}`);
    case 'm':
    case 'M':
      return p(c.monthDayPattern);
    case 'o':
    case 'O':
      return p(ROUND_TRIP_PATTERN);
    case 'r':
    case 'R':
      return p(RFC1123_PATTERN, true);
    case 's':
      return p(SORTABLE_PATTERN);
    case 't':
      return p(c.shortTimePattern);
    case 'T':
      return p(c.longTimePattern);
    case 'u':
      return p(UNIVERSAL_SORTABLE_PATTERN, true);
    case 'U':
      if (isOffset) throw invalidFormat(spec, "'U' is not supported for values with an offset");
      return p(c.fullDateTimePattern, true);
    case 'y':
    case 'Y':
      return p(c.yearMonthPattern);
    default:
      throw invalidFormat(
        spec,
        `'${spec}' is not a standard format specifier (use '%${spec}' for the custom one)`,
      );
  }
}
