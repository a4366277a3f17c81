import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileDurably } from '../platform/index.js';

/**
 * Writes a report file (`--output reports/validate.xml`): creates its folder when missing (a fresh CI
 * checkout has no `reports/`), writes a temp file beside it and renames it over the target, so a reader
 * never sees half a report.
 */
export async function writeReport(file: string, text: string): Promise<void> {
  const target = path.resolve(file);
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  await writeFileDurably(temp, target, text);
}
