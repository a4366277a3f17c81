// Scenario 4: two `millrace triggers serve` on one project, a tumbling window trigger of minute windows
// backfilling from a past startTime (maxConcurrency 4). One scheduler is killed with SIGKILL at seeded random
// points and restarted. lost: a window not Succeeded at the end. duplicated: a window whose pipeline ran more
// than once without a crash (an interrupted run) to explain it.
import { kill9, see, put, row, runs, sleep, start, tempDir, waitFor, millrace } from './lib.js';

const WINDOWS = 90;
const SETTLE_MS = 60_000;
/** The trigger's retryPolicy count: a window survives RETRIES + 1 crashes of its run (docs/triggers.md). */
const RETRIES = 2;

function project() {
  const dir = tempDir('schedulers');
  const end = Math.floor(Date.now() / 60_000) * 60_000;
  put(dir, 'millrace.json', { factory: 'factory' });
  put(dir, 'factory/pipeline/PL_Slice.json', {
    name: 'PL_Slice',
    properties: {
      parameters: { ws: { type: 'String' } },
      activities: [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }],
    },
  });
  put(dir, 'factory/trigger/TR_Minutes.json', {
    name: 'TR_Minutes',
    properties: {
      type: 'TumblingWindowTrigger',
      runtimeState: 'Started',
      pipeline: {
        pipelineReference: { referenceName: 'PL_Slice', type: 'PipelineReference' },
        parameters: { ws: '@trigger().outputs.windowStartTime' },
      },
      typeProperties: {
        frequency: 'Minute',
        interval: 1,
        startTime: new Date(end - WINDOWS * 60_000).toISOString(),
        endTime: new Date(end).toISOString(),
        maxConcurrency: 4,
        retryPolicy: { count: RETRIES, intervalInSeconds: 1 },
      },
    },
  });
  return dir;
}

const windows = (dir) => {
  const r = millrace(dir, ['triggers', 'runs', 'TR_Minutes', '--json', '--limit', '1000', '--project', dir]);
  if (r.code !== 0) return [];
  const body = JSON.parse(r.stdout);
  return body.items ?? body.runs ?? body;
};

export async function schedulersScenario({ rand, until, maxTries }) {
  const r = row('two schedulers (kill -9 one)');
  const dir = project();
  const serve = () => start(dir, ['triggers', 'serve', '--project', dir, '--poll', '250']);
  const steady = serve();
  let victim = serve();
  while (Date.now() < until() && r.tries < maxTries) {
    await sleep(rand.between(500, 4000));
    r.tries++;
    await kill9(victim);
    await sleep(rand.between(0, 1000));
    victim = serve();
  }
  // Give both schedulers time to finish (and take over the dead one's windows: a claim without a run waits for a
  // 30 s run lease before it is retaken).
  await waitFor(
    () => {
      const w = windows(dir);
      return w.length === WINDOWS && w.every((x) => x.status !== 'Waiting' && x.status !== 'Running');
    },
    SETTLE_MS,
    1000,
  );
  steady.child.kill('SIGINT');
  victim.child.kill('SIGINT');
  await Promise.race([Promise.all([steady.exited, victim.exited]), sleep(10_000)]);
  await kill9(steady);
  await kill9(victim);
  // Pipeline runs per window (by its `ws` parameter, the window start).
  const byWindow = new Map();
  for (const run of runs(dir)) {
    const at = Date.parse(run.parameters?.ws);
    byWindow.set(at, [...(byWindow.get(at) ?? []), run]);
  }
  const interrupted = (list) => list.filter((x) => x.interrupted === true || x.message === 'interrupted');
  const w = windows(dir);
  if (w.length !== WINDOWS) {
    r.lost += Math.max(0, WINDOWS - w.length);
    r.notes.push(`${w.length} of ${WINDOWS} windows known`);
  }
  for (const x of w.filter((x) => x.status !== 'Succeeded')) {
    const list = byWindow.get(x.windowStart) ?? [];
    // docs/triggers.md: a crash-interrupted window runs again once more than its retryPolicy allows; a window
    // whose every run was killed that often ends Failed by design. Anything else not Succeeded is lost.
    if (x.status === 'Failed' && list.length > RETRIES + 1 && interrupted(list).length === list.length) {
      see(r, 'windows Failed by design (every run killed)');
      continue;
    }
    r.lost++;
    r.notes.push(
      `window ${new Date(x.windowStart).toISOString()} ${x.status}: runs ${list.map((y) => y.status).join(',')}`,
    );
  }
  // Every run of a window beyond the first must follow an interrupted (crashed) one.
  for (const [at, list] of byWindow) {
    const crashes = interrupted(list).length;
    if (crashes > 0)
      r.seen['runs interrupted by a kill'] = (r.seen['runs interrupted by a kill'] ?? 0) + crashes;
    const extra = list.length - 1 - crashes;
    if (extra > 0) {
      r.duplicated += extra;
      r.notes.push(
        `window ${new Date(at).toISOString()}: ${list.length} runs (${list.map((y) => y.status).join(',')})`,
      );
    }
  }
  return r;
}
