/**
 * Vitest global setup: makes the pinned test Python environment (pyspark, pandas, scikit-learn, mlflow) exist
 * and hands its interpreter to every test as `MILLRACE_TEST_PYTHON`. Built once per machine and requirements
 * file (see scripts/python-test-env.js); a no-op afterwards.
 */
// @ts-expect-error: a plain ESM script shared with .ci/run; it has no type declarations.
import { ensureTestVenv } from '../../scripts/python-test-env.js';

export function setup(): void {
  process.env['MILLRACE_TEST_PYTHON'] ??= (ensureTestVenv as () => string)();
}
