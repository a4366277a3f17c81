import type { AssertionResult, RunDocument } from '../../index.js';
import { colors, ExitCode } from '../output.js';

/**
 * The integration-test verdict of `millrace run --expect-status/--assert`: prints each failed check on
 * stderr (the assertion and its evaluated value) and returns 1 when any failed, else 0. With only
 * `--assert`, the run must still have succeeded unless `--expect-status` says otherwise.
 */
export function checkRun(
  doc: RunDocument,
  expectStatus: string | undefined,
  results: readonly AssertionResult[],
): ExitCode {
  const c = colors(process.stderr);
  const failures: string[] = [];
  const wanted = expectStatus ?? 'Succeeded';
  if (doc.status.toLowerCase() !== wanted.toLowerCase())
    failures.push(
      `expected status ${wanted}, but the run ended ${doc.status}${doc.message ? `: ${doc.message}` : ''}`,
    );
  for (const r of results) if (!r.passed) failures.push(r.message ?? `assertion failed: ${r.expression}`);
  for (const f of failures) process.stderr.write(`${c.red('✖')} ${f}\n`);
  const passed = results.filter((r) => r.passed).length;
  if (failures.length === 0) {
    process.stderr.write(`${c.green('✔')} status ${doc.status}; ${passed} assertion(s) passed\n`);
    return ExitCode.Ok;
  }
  return ExitCode.Findings;
}
