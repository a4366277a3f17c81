// Scenario 1: `millrace run` killed (SIGKILL, at a seeded random point) while a Custom command and a notebook
// beat into files. lost: work still running 3 s after the kill, or the run not ended after recovery.
// duplicated: the beats of two runs interleave (a rerun overlapping work still running).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  alive,
  kill9,
  testPython,
  see,
  millrace,
  put,
  row,
  runs,
  size,
  sleep,
  start,
  tempDir,
  waitFor,
} from './lib.js';

function project(python) {
  const dir = tempDir('runs');
  const marks = join(dir, 'marks');
  // 60 beats (~3 s): a run that is not killed ends by itself, so an accepted rerun cannot hang the scenario.
  put(
    dir,
    'scripts/work.sh',
    `trap '' TERM\nfor i in $(seq 60); do echo "$$" >> '${marks}/custom'; sleep 0.05; done\n`,
  );
  put(
    dir,
    'notebooks/beat.py',
    [
      '# Databricks notebook source',
      'import os, time',
      'for i in range(60):',
      `    with open(${JSON.stringify(join(marks, 'notebook'))}, "a") as f:`,
      '        f.write(f"{os.getpid()}\\n")',
      '    time.sleep(0.05)',
    ].join('\n'),
  );
  const activities = [
    { name: 'Busy', type: 'Custom', typeProperties: { command: 'sh work.sh', folderPath: 'scripts' } },
  ];
  if (python)
    activities.push({
      name: 'Notebook',
      type: 'DatabricksNotebook',
      typeProperties: { notebookPath: '/nb/beat' },
    });
  put(dir, 'factory/pipeline/Work.json', { name: 'Work', properties: { activities } });
  put(dir, 'millrace.json', {
    factory: 'factory',
    notebooks: { '/nb': 'notebooks' },
    ...(python ? { python } : {}),
  });
  put(dir, 'marks/.keep', '');
  return { dir, marks };
}

/** pid → [first, last] line index in a beats file; two pids whose ranges overlap ran at the same time. */
function overlaps(file) {
  if (!existsSync(file)) return 0;
  const spans = new Map();
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .forEach((pid, i) => spans.set(pid, [spans.get(pid)?.[0] ?? i, i]));
  const list = [...spans.values()];
  let n = 0;
  for (let a = 0; a < list.length; a++)
    for (let b = a + 1; b < list.length; b++) if (list[a][0] < list[b][1] && list[b][0] < list[a][1]) n++;
  return n;
}

const pidsIn = (file) =>
  new Set(existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : []);

export async function runsScenario({ rand, until, maxTries }) {
  const r = row('runs (Custom + notebook)');
  const python = testPython();
  if (!python) r.notes.push('notebooks skipped: no Python test env (node scripts/python-test-env.js)');
  const { dir, marks } = project(python);
  const beatFiles = [join(marks, 'custom'), ...(python ? [join(marks, 'notebook')] : [])];
  while (Date.now() < until() && r.tries < maxTries) {
    r.tries++;
    const before = beatFiles.map((f) => pidsIn(f));
    const sizes = beatFiles.map(size);
    const run = start(dir, ['run', 'Work', '--project', dir]);
    if (rand.next() < 0.3) {
      // Early: while the run starts its work (maybe before it is recorded, maybe while it spawns the command).
      await sleep(rand.between(100, 1200));
      see(r, 'killed while starting');
    } else {
      const started = await waitFor(() => beatFiles.every((f, i) => size(f) > sizes[i]), 30_000);
      if (!started) {
        r.notes.push(`try ${r.tries}: the work never started`);
        await kill9(run);
        continue;
      }
      await sleep(rand.between(0, 1500));
      see(r, 'killed mid-work');
    }
    const killedAt = Date.now();
    await kill9(run);
    // The killed run is the one its process owns (`owner` host:pid); none if it was killed before recording it.
    const mine = runs(dir, ['--limit', '5']).find((x) => x.owner?.endsWith(`:${run.child.pid}`));
    if (mine) {
      // A rerun asked for at once must not overlap the killed run's work (refused until that work is gone).
      const rerun = millrace(dir, ['runs', 'rerun', mine.runId, '--project', dir]);
      see(r, rerun.code === 0 ? 'rerun accepted at once' : 'rerun refused at once');
    } else see(r, 'killed before the run was recorded');
    await sleep(Math.max(0, killedAt + 3000 - Date.now()));
    // Every process that beat for the killed run (or an accepted rerun, which ran to its end) is gone 3 s on.
    const pids = beatFiles.flatMap((f, i) => [...pidsIn(f)].filter((p) => !before[i].has(p)));
    const survivors = pids.filter(alive);
    if (survivors.length > 0) {
      r.lost++;
      r.notes.push(`try ${r.tries}: pids ${survivors.join(',')} alive 3 s after the kill`);
    }
    if (!mine) continue;
    const ended = await waitFor(
      () => runs(dir).find((x) => x.runId === mine.runId)?.status !== 'InProgress',
      15_000,
      250,
    );
    if (!ended) {
      r.lost++;
      r.notes.push(`try ${r.tries}: run ${mine.runId} still InProgress after recovery`);
    }
  }

  // Let the last accepted rerun finish, then look for runs whose beats interleave.
  await waitFor(() => runs(dir).every((x) => x.status !== 'InProgress'), 15_000, 250);
  r.duplicated = beatFiles.reduce((n, f) => n + overlaps(f), 0);
  return r;
}
