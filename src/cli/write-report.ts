import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a report file (`--output reports/validate.xml`): creates its folder when missing (a fresh CI
 * checkout has no `reports/`), writes a temp file beside it and renames it over the target, so a reader
 * never sees half a report.
 */
export async function writeReport(file: string, text: string): Promise<void> {
  const target = path.resolve(file);
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, text, 'utf8');
  await rename(temp, target);
}
