import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../src/platform/index.js';
import { cli } from './run-cli.js';

// Issue 15, item 1: the work a run starts (Custom commands, notebooks, scripts) dies with the run, whatever
// kills it, and nothing reruns while it may still be running. Real processes, real signals, real files.

const work = mkdtempSync(join(tmpdir(), 'millrace-orphans-'));
const children: ChildProcess[] = [];
/** Pids of commands that may have outlived their run (killed at the end whatever happens). */
const orphans: number[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const pid of orphans) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

/** Exists and is not a zombie (an orphan's parent here may never reap it). */
const isAlive = isProcessAlive;

/** A factory whose pipeline runs a command that beats into a file until killed (`ignoreTerm`: it traps SIGTERM). */
function project(name: string, ignoreTerm: boolean): { dir: string; beats: string; pidFile: string } {
  const dir = join(work, name);
  const marks = join(dir, 'marks');
  mkdirSync(join(dir, 'pipeline'), { recursive: true });
  mkdirSync(join(dir, 'scripts'), { recursive: true });
  mkdirSync(marks, { recursive: true });
  const beats = join(marks, 'beats');
  const pidFile = join(marks, 'pid');
  writeFileSync(
    join(dir, 'scripts', 'work.sh'),
    [
      ignoreTerm ? "trap '' TERM" : '',
      `echo $$ > '${pidFile}'`,
      `while true; do echo beat >> '${beats}'; sleep 0.05; done`,
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'pipeline', 'Work.json'),
    JSON.stringify({
      name: 'Work',
      properties: {
        activities: [
          { name: 'Busy', type: 'Custom', typeProperties: { command: 'sh work.sh', folderPath: 'scripts' } },
        ],
      },
    }),
  );
  return { dir, beats, pidFile };
}

function startRun(dir: string): ChildProcess {
  const child = spawn(process.execPath, [cli, 'run', 'Work', '--project', dir], {
    cwd: dir,
    stdio: 'ignore',
    env: { ...process.env, NO_COLOR: '1' },
  });
  children.push(child);
  return child;
}

async function waitFor(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const size = (file: string): number => (existsSync(file) ? statSync(file).size : 0);

function lastRun(dir: string): { runId: string; status: string; message?: string } {
  const r = spawnSync(process.execPath, [cli, 'runs', 'list', '--json', '--project', dir], {
    cwd: dir,
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  const { runs } = JSON.parse(r.stdout) as { runs: { runId: string; status: string; message?: string }[] };
  expect(runs.length).toBeGreaterThan(0);
  return runs[0]!;
}

/** Asserts the beats stopped: the file does not grow over `ms`. */
async function expectStopped(beats: string, ms = 400): Promise<void> {
  const before = size(beats);
  await sleep(ms);
  expect(size(beats)).toBe(before);
}

describe('work started by a run dies with the run', () => {
  it('kill -9 of `millrace run`: its command is killed, even one that ignores SIGTERM, before the run can be rerun', async () => {
    const p = project('kill9', true);
    const run = startRun(p.dir);
    await waitFor('the command to start beating', () => size(p.beats) > 0);
    const pid = Number(readFileSync(p.pidFile, 'utf8'));
    run.kill('SIGKILL');
    await new Promise((resolve) => run.once('exit', resolve));
    // Until the command is gone the run is not over: recovery must not end it (a rerun would overlap the work).
    let status = lastRun(p.dir).status;
    let sawInProgress = status === 'InProgress';
    while (status === 'InProgress') {
      await sleep(50);
      status = lastRun(p.dir).status;
    }
    expect(sawInProgress).toBe(true);
    expect(status).toBe('Failed');
    // The moment the run reads as ended, its work has stopped for good.
    expect(isAlive(pid)).toBe(false);
    await expectStopped(p.beats);
    sawInProgress = false;
  });

  it('SIGTERM cancels the run like Ctrl-C: the command is stopped and the run ends Cancelled', async () => {
    const p = project('term', false);
    const run = startRun(p.dir);
    await waitFor('the command to start beating', () => size(p.beats) > 0);
    const pid = Number(readFileSync(p.pidFile, 'utf8'));
    run.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => run.once('exit', resolve));
    expect(code).toBe(1);
    expect(isAlive(pid)).toBe(false);
    await expectStopped(p.beats);
    expect(lastRun(p.dir).status).toBe('Cancelled');
  });

  it('SIGHUP (the terminal closed) cancels the run too', async () => {
    const p = project('hup', false);
    const run = startRun(p.dir);
    await waitFor('the command to start beating', () => size(p.beats) > 0);
    run.kill('SIGHUP');
    const code = await new Promise<number | null>((resolve) => run.once('exit', resolve));
    expect(code).toBe(1);
    await expectStopped(p.beats);
    expect(lastRun(p.dir).status).toBe('Cancelled');
  });

  it('a command that kills `millrace run` the moment it starts is still stopped before the run reads as ended', async () => {
    // The kill lands right after the spawn: the reaper must already run then (it was once started lazily, after
    // the first child's spawn, leaving that child orphaned and a rerun overlapping it; found by `npm run chaos`).
    const p = project('instant', true);
    const run = startRun(p.dir);
    writeFileSync(
      join(p.dir, 'scripts', 'work.sh'),
      [
        "trap '' TERM",
        `kill -9 ${run.pid}`,
        `echo $$ > '${p.pidFile}'`,
        `while true; do echo beat >> '${p.beats}'; sleep 0.05; done`,
      ].join('\n'),
    );
    await new Promise((resolve) => run.once('exit', resolve));
    await waitFor('the command to start beating', () => size(p.beats) > 0);
    const pid = Number(readFileSync(p.pidFile, 'utf8'));
    orphans.push(pid);
    let status = lastRun(p.dir).status;
    while (status === 'InProgress') {
      await sleep(50);
      status = lastRun(p.dir).status;
    }
    expect(status).toBe('Failed');
    expect(isAlive(pid)).toBe(false);
    await expectStopped(p.beats);
  });
});
