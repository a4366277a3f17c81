/**
 * The orchestrator the failover bench kills (run with tsx as a child process): starts `runs` runs of a pipeline
 * with `execution: workers`, prints their run ids as one JSON line, then keeps orchestrating until it is killed.
 * Argv: project dir, database URL, pipeline, runs.
 */
import { createMillrace } from '../src/index.js';

const [projectDir = '.', db = '', pipeline = 'Chaos', runs = '1'] = process.argv.slice(2);

const millrace = await createMillrace({ projectDir, db, execution: 'workers' });
const started = await Promise.all(Array.from({ length: Number(runs) }, () => millrace.startRun(pipeline)));
process.stdout.write(`${JSON.stringify(started.map((s) => s.runId))}\n`);
await Promise.all(started.map((s) => s.done));
await millrace.close();
