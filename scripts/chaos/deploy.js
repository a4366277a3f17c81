// Scenario 3: concurrent `millrace deploy` of different bundles to one environment, some killed with SIGKILL at
// seeded random points. lost: a deploy that reported `applied` missing from `deploy history`.
// half-written: the environment's `current` folder not exactly one bundle (every pipeline of the same bundle,
// none of another).
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { millrace, see, put, row, sleep, start, tempDir } from './lib.js';

const BUNDLES = 4;
const wait = (name, k) => ({
  name,
  properties: { activities: [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: k } }] },
});

function project() {
  const dir = tempDir('deploy');
  put(dir, 'millrace.json', {
    factory: 'factory',
    environments: { qa: { parameters: 'environments/qa.json' } },
  });
  put(dir, 'environments/qa.json', {});
  // Bundle k: PL_A and PL_B wait k seconds, and PL_Only<k> exists only in it.
  for (let k = 1; k <= BUNDLES; k++) {
    rmSync(join(dir, 'factory', 'pipeline', `PL_Only${k - 1}.json`), { force: true });
    put(dir, 'factory/pipeline/PL_A.json', wait('PL_A', k));
    put(dir, 'factory/pipeline/PL_B.json', wait('PL_B', k));
    put(dir, `factory/pipeline/PL_Only${k}.json`, wait(`PL_Only${k}`, k));
    const b = millrace(dir, ['build', '--out', `bundles/b${k}`, '--version', `v${k}`, '--project', dir]);
    if (b.code !== 0) throw new Error(`build failed: ${b.stderr}`);
  }
  return dir;
}

/** Which bundle the deployed `current` folder is, or a description of why it is none. */
function currentBundle(dir) {
  const pipelines = join(dir, '.millrace', 'envs', 'qa', 'current', 'factory', 'pipeline');
  if (!existsSync(pipelines)) return { missing: true };
  const marks = new Set();
  const names = readdirSync(pipelines);
  for (const n of names) {
    const body = JSON.parse(readFileSync(join(pipelines, n), 'utf8'));
    marks.add(body.properties.activities[0].typeProperties.waitTimeInSeconds);
  }
  const only = names.filter((n) => n.startsWith('PL_Only'));
  const [k] = [...marks];
  const ok = marks.size === 1 && only.length === 1 && only[0] === `PL_Only${k}.json` && names.length === 3;
  return ok ? { bundle: k } : { mixed: names.join(',') + ` marks ${[...marks].join(',')}` };
}

export async function deployScenario({ rand, until, maxTries }) {
  const r = row('deploys (concurrent + kill -9)');
  const dir = project();
  const applied = [];
  while (Date.now() < until() && r.tries < maxTries) {
    r.tries++;
    // Three deploys at once, of different bundles; one of them killed at a random point.
    const procs = [0, 1, 2].map(() => {
      const k = rand.between(1, BUNDLES + 1);
      return {
        k,
        p: start(dir, ['deploy', `bundles/b${k}`, '--env', 'qa', '--json', '--wait', '20', '--project', dir]),
      };
    });
    const victim = procs[rand.between(0, procs.length)];
    await sleep(rand.between(50, 900));
    victim.p.child.kill('SIGKILL');
    for (const { p } of procs) {
      await p.exited;
      if (p.child.signalCode) {
        see(r, 'deploy killed');
        continue;
      }
      try {
        const out = JSON.parse(p.out.stdout);
        see(r, `deploy ${out.status}`);
        if (out.status === 'applied') applied.push(out);
      } catch {
        r.notes.push(
          `try ${r.tries}: deploy exit ${p.child.exitCode}: ${p.out.stderr.trim().split('\n')[0]}`,
        );
      }
    }
    const now = currentBundle(dir);
    if (now.mixed || (now.missing && applied.length > 0)) {
      r.halfWritten++;
      r.notes.push(`try ${r.tries}: current is ${now.mixed ?? 'missing'}`);
    }
  }
  // Every deploy that said `applied` is in the history (after a command that reopens the environment).
  const h = millrace(dir, ['deploy', 'history', '--env', 'qa', '--json', '--project', dir]);
  const history = JSON.stringify(JSON.parse(h.stdout || '{}'));
  for (const a of applied) {
    const id = a.deployment?.id;
    if (!id || !history.includes(id)) {
      r.lost++;
      r.notes.push(`applied deploy ${id} (${a.version}) missing from history`);
    }
  }
  return r;
}
