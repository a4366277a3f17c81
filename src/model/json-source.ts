import { createRequire } from 'node:module';
import type * as Jsonc from 'jsonc-parser';
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import type { JsonPath } from '../errors/index.js';
import type { JsonValue } from './json.js';

/** 1-based line and column of a position in a file. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** A JSON file as parsed: its value (undefined when invalid), the parse error, and a lazy path → position map. */
export interface JsonSource {
  readonly value: JsonValue | undefined;
  /** Set when the text is not valid JSON. */
  readonly error?: { readonly message: string; readonly line: number; readonly column: number };
  /** Line/column of the value at `path` (the deepest existing ancestor when the path does not exist). */
  locate(path: JsonPath): LineColumn;
}

const BOM = 0xfeff;

let jsonc: typeof Jsonc | undefined;

/**
 * jsonc-parser, loaded on first use (a CommonJS package, so `require` loads it synchronously): a clean
 * factory never needs it, and loading it is a noticeable part of `millrace validate`'s start-up.
 */
function loadJsonc(): typeof Jsonc {
  return (jsonc ??= createRequire(import.meta.url)('jsonc-parser') as typeof Jsonc);
}

/**
 * Parses one factory file. The fast path is `JSON.parse`; jsonc-parser runs only to locate an error or,
 * lazily, to map a JSON path to a line and column for a diagnostic (so clean files cost one JSON.parse).
 */
export function parseJsonSource(rawText: string): JsonSource {
  const text = rawText.charCodeAt(0) === BOM ? rawText.slice(1) : rawText;
  let lineStarts: number[] | undefined;
  let tree: JsonNode | undefined;
  let treeBuilt = false;
  const position = (offset: number): LineColumn => {
    lineStarts ??= computeLineStarts(text);
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
  };
  const locate = (path: JsonPath): LineColumn => {
    if (!treeBuilt) {
      tree = loadJsonc().parseTree(text, [], { allowTrailingComma: false, disallowComments: true });
      treeBuilt = true;
    }
    if (!tree) return { line: 1, column: 1 };
    for (let n = path.length; n >= 0; n--) {
      const node = loadJsonc().findNodeAtLocation(tree, path.slice(0, n));
      if (node) {
        // For a property value, point at the key: that is where an editor puts the cursor.
        const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
        return position((key ?? node).offset);
      }
    }
    return { line: 1, column: 1 };
  };
  try {
    const value = JSON.parse(text) as JsonValue;
    const deep = tooDeepAt(text);
    if (deep >= 0)
      return {
        value: undefined,
        error: {
          message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels (no ADF resource needs that many)`,
          ...position(deep),
        },
        locate,
      };
    return { value, locate };
  } catch (err) {
    const errors: ParseError[] = [];
    const { parse, printParseErrorCode } = loadJsonc();
    parse(text, errors, { allowTrailingComma: false, disallowComments: true });
    const first = errors[0];
    const at = position(first ? first.offset : 0);
    const message = first
      ? `invalid JSON: ${describeParseError(printParseErrorCode(first.error))}`
      : `invalid JSON: ${err instanceof Error ? err.message : String(err)}`;
    return { value: undefined, error: { message, ...at }, locate };
  }
}

/**
 * How deep objects and arrays may nest in a factory file. Real resources stay far below it (a pipeline with
 * containers nested as deep as ADF allows is about 20 levels); a file beyond it is refused at load, so that
 * nothing downstream recurses into it.
 */
export const MAX_JSON_DEPTH = 256;

/** Offset of the bracket that opens level MAX_JSON_DEPTH + 1 (strings skipped), or -1. One pass over the text. */
function tooDeepAt(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return -1;
}

function describeParseError(code: string): string {
  // printParseErrorCode gives e.g. "CommaExpected": turn it into words.
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}
