/**
 * A server's scheduler for the failover bench (run with tsx as a child process): campaigns for the leader lock
 * of the database and, while it leads, takes over the runs of dead orchestrators (what `millrace server` does).
 * Prints `leader` once elected and one JSON line per run it took over. Argv: project dir, database URL.
 * SIGTERM stops it.
 */
import { openTriggers } from '../src/index.js';

const [projectDir = '.', db = ''] = process.argv.slice(2);

const controller = new AbortController();
const triggers = await openTriggers({
  projectDir,
  db,
  execution: 'workers',
  onEvent: (e) => {
    if (e.kind === 'leader' && e.elected) process.stdout.write('leader\n');
    if (e.kind === 'takeover') process.stdout.write(`${JSON.stringify({ ...e.outcome, at: e.at })}\n`);
  },
});
process.on('SIGTERM', () => controller.abort());
await triggers.serve(controller.signal);
await triggers.close();
process.exit(0);
