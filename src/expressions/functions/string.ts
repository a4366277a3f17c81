import { ExprCode } from '../expression-codes.js';
import { toText } from '../value-text.js';
import type { ExprValue } from '../value.js';
import { defineFunction, int, rangeError, str } from './args.js';
import { FunctionError } from './function-def.js';
import type { FunctionDef } from './function-def.js';
import { foldCase, toLowerInvariant, toUpperInvariant, trimDotNet } from './text-case.js';

/**
 * concat(text1, text2, …): joins the texts; non-strings are converted as string() does. One argument is
 * accepted (ADF runs `@concat(x)`, and real factories use it): it gives `string(x)`.
 */
const concat = defineFunction('concat', 1, Infinity, (args) => {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!;
    out += typeof v === 'string' ? v : toText(v);
  }
  return out;
});

/** substring(text, startIndex, length): 0-based; out-of-bounds ranges are an error (.NET). */
const substring = defineFunction('substring', 3, 3, (args) => {
  const text = str('substring', args, 0);
  const start = int('substring', args, 1);
  const length = int('substring', args, 2);
  if (start < 0 || start > text.length)
    rangeError('substring', `startIndex ${start} is outside the text (length ${text.length})`);
  if (length < 0 || start + length > text.length)
    rangeError(
      'substring',
      `startIndex ${start} + length ${length} is beyond the end of the text (length ${text.length})`,
    );
  return text.substring(start, start + length);
});

/** replace(text, oldText, newText): every occurrence, case-sensitive. */
const replace = defineFunction('replace', 3, 3, (args) => {
  const text = str('replace', args, 0);
  const oldText = str('replace', args, 1);
  const newText = str('replace', args, 2);
  if (oldText === '') rangeError('replace', 'oldText must not be empty');
  return text.split(oldText).join(newText);
});

/** guid(format?): a new GUID; formats N, D (default), B, P, X. */
const guid = defineFunction('guid', 0, 1, (args, ctx) => {
  const format = args.length > 0 ? str('guid', args, 0) : 'D';
  const hex = ctx
    .newGuid()
    .replace(/[^0-9a-fA-F]/g, '')
    .toLowerCase();
  if (hex.length !== 32)
    throw new FunctionError(ExprCode.InvalidFormat, 'guid(): the GUID source returned an invalid GUID');
  const d = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  switch (format) {
    case 'N':
    case 'n':
      return hex;
    case 'D':
    case 'd':
    case '':
      return d;
    case 'B':
    case 'b':
      return `{${d}}`;
    case 'P':
    case 'p':
      return `(${d})`;
    case 'X':
    case 'x': {
      const bytes = (from: number): string =>
        Array.from({ length: 8 }, (_, i) => `0x${hex.slice(from + 2 * i, from + 2 * i + 2)}`).join(',');
      return `{0x${hex.slice(0, 8)},0x${hex.slice(8, 12)},0x${hex.slice(12, 16)},{${bytes(16)}}}`;
    }
    default:
      throw new FunctionError(
        ExprCode.InvalidFormat,
        `guid(): format '${format}' is not valid; use one of N, D, B, P, X`,
      );
  }
});

/** indexOf(text, searchText): case-insensitive, -1 when absent. */
const indexOf = defineFunction('indexOf', 2, 2, (args) =>
  foldCase(str('indexOf', args, 0)).indexOf(foldCase(str('indexOf', args, 1))),
);

/** lastIndexOf(text, searchText): case-insensitive, -1 when absent. */
const lastIndexOf = defineFunction('lastIndexOf', 2, 2, (args) =>
  foldCase(str('lastIndexOf', args, 0)).lastIndexOf(foldCase(str('lastIndexOf', args, 1))),
);

/** startsWith(text, searchText): case-insensitive. */
const startsWith = defineFunction('startsWith', 2, 2, (args) =>
  foldCase(str('startsWith', args, 0)).startsWith(foldCase(str('startsWith', args, 1))),
);

/** endsWith(text, searchText): case-insensitive. */
const endsWith = defineFunction('endsWith', 2, 2, (args) =>
  foldCase(str('endsWith', args, 0)).endsWith(foldCase(str('endsWith', args, 1))),
);

/** split(text, delimiter): keeps empty entries; an empty delimiter gives `[text]` (.NET). */
const split = defineFunction('split', 2, 2, (args): ExprValue => {
  const text = str('split', args, 0);
  const delimiter = str('split', args, 1);
  return delimiter === '' ? [text] : text.split(delimiter);
});

/** toLower(text): invariant lower case. */
const toLower = defineFunction('toLower', 1, 1, (args) => toLowerInvariant(str('toLower', args, 0)));

/** toUpper(text): invariant upper case. */
const toUpper = defineFunction('toUpper', 1, 1, (args) => toUpperInvariant(str('toUpper', args, 0)));

/** trim(text): removes leading and trailing whitespace (.NET `Trim()`). */
const trim = defineFunction('trim', 1, 1, (args) => trimDotNet(str('trim', args, 0)));

/** String functions (https://learn.microsoft.com/azure/data-factory/control-flow-expression-language-functions#string-functions). */
export const stringFunctions: readonly FunctionDef[] = Object.freeze([
  concat,
  substring,
  replace,
  guid,
  indexOf,
  lastIndexOf,
  startsWith,
  endsWith,
  split,
  toLower,
  toUpper,
  trim,
]);
