import { readFileSync } from 'node:fs';

/**
 * Millrace's version from its package.json. Read with a URL relative to this file so it resolves the same from
 * `src/cli/`, from tsc's `dist/cli/` and from the bundled CLI in `dist/cli/` (scripts/bundle-cli.js).
 */
export function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
