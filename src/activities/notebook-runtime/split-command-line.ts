import { NotebookError, NotebookErrorCode } from './notebook-error.js';

/**
 * Splits a command line into program and arguments without a shell: whitespace separates words,
 * `'single'` quotes are literal, `"double"` quotes allow `\"` and `\\`, and a backslash outside quotes
 * escapes the next character. No globbing, variables, pipes or redirection: wrap the command in
 * `bash -c "…"` (or `cmd /c …`) to get them. Throws `activity/invalid-process-input` for unbalanced quotes.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] ?? '';
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i] ?? '';
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i] ?? '';
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) {
    throw new NotebookError({
      code: NotebookErrorCode.InvalidInput,
      message: `command line has an unbalanced ${quote} quote: ${line}`,
    });
  }
  if (inWord) words.push(word);
  return words;
}
