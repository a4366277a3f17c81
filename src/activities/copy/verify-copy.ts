import type { DatasetBinding } from '../../contracts/index.js';
import type { CopyTarget } from './copy-targets.js';
import { userError } from './data-access.js';

/**
 * `validateDataConsistency` for binary copies: each sink file must have the size of its source files and,
 * when both stores keep MD5s and the target has one input, the same MD5.
 */
export async function verifyBinaryCopy(
  source: DatasetBinding,
  sink: DatasetBinding,
  targets: readonly CopyTarget[],
): Promise<void> {
  for (const t of targets) {
    const written = await sink.store.stat(t.path);
    const expected = t.inputs.reduce((n, i) => n + i.entry.size, 0);
    if (!written || written.size !== expected) {
      throw userError(
        'copy/data-inconsistency',
        `${t.path}: ${written?.size ?? 0} bytes written, ${expected} read from the source`,
      );
    }
    const input = t.inputs[0];
    if (t.inputs.length === 1 && input && source.store.md5 && sink.store.md5) {
      const [a, b] = [await source.store.md5(input.entry.path), await sink.store.md5(t.path)];
      if (a !== undefined && b !== undefined && a !== b) {
        throw userError('copy/data-inconsistency', `${t.path}: MD5 ${b} differs from the source's ${a}`);
      }
    }
  }
}
