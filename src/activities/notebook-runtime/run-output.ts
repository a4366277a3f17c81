import type { JsonValue } from '../../model/index.js';

/**
 * The `runOutput` of a notebook from its exit value (the string given to `dbutils.notebook.exit`).
 * The rule: when the value, trimmed, is a JSON object or array (`{…}` / `[…]`) that parses, runOutput
 * is the parsed value, so `@activity('nb').output.runOutput.rows` works as ADF users write it;
 * anything else (numbers, `true`, quoted strings, plain text, invalid JSON) stays the exact string.
 * No exit (null) gives undefined: ADF leaves runOutput out of the output.
 */
export function toRunOutput(exitValue: string | null): JsonValue | undefined {
  if (exitValue === null) return undefined;
  const text = exitValue.trim();
  if ((text.startsWith('{') && text.endsWith('}')) || (text.startsWith('[') && text.endsWith(']'))) {
    try {
      return JSON.parse(text) as JsonValue;
    } catch {
      return exitValue;
    }
  }
  return exitValue;
}
