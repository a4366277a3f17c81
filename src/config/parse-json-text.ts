import { ConfigError } from '../errors/index.js';

/**
 * Parses the text of a config file (a BOM allowed); invalid JSON is a `config/invalid-json` error naming the
 * file, never a stack trace.
 */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new ConfigError({
      code: 'config/invalid-json',
      message: `${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
      location: { file },
      cause: err,
    });
  }
}
