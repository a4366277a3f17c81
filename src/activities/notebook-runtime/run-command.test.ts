import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from './run-command.js';
import { runPythonScript } from './run-python-script.js';
import { SecretRedactor } from './secret-redactor.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'millrace-cmd-'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(
    join(dir, 'app', 'main.py'),
    [
      'import json, sys',
      'activity = json.load(open("activity.json"))',
      'props = activity["typeProperties"]["extendedProperties"]',
      'print("rows", props["rows"], "args", sys.argv[1:])',
      'print("warn", file=sys.stderr)',
      'json.dump({"count": props["rows"] * 2}, open("outputs.json", "w"))',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'job.py'),
    'import sys\nprint("argv", sys.argv[1:])\nif "--fail" in sys.argv:\n    raise ValueError("bad date")\n',
  );
});

describe('runCommand', () => {
  it('writes activity.json, runs the command in the working folder and reads outputs.json', async () => {
    const lines: string[] = [];
    const workingDir = join(dir, 'work1');
    const result = await runCommand({
      command: 'python3 main.py "two words" \'x y\'',
      workingDir,
      resourceFolder: join(dir, 'app'),
      activity: {
        name: 'C',
        type: 'Custom',
        typeProperties: { command: 'x', extendedProperties: { rows: 21 } },
      },
      logFile: join(dir, 'logs', 'c.log'),
      onLog: (line) => lines.push(line),
    });
    expect(result.customOutput).toEqual({ count: 42 });
    expect(lines).toContain("rows 21 args ['two words', 'x y']");
    expect(readFileSync(join(workingDir, 'stdout.txt'), 'utf8')).toBe("rows 21 args ['two words', 'x y']\n");
    expect(readFileSync(join(workingDir, 'stderr.txt'), 'utf8')).toBe('warn\n');
    expect(JSON.parse(readFileSync(join(workingDir, 'linkedServices.json'), 'utf8'))).toEqual([]);
  });

  it('fails on a non-zero exit with the last stderr line, redacted', async () => {
    const redactor = new SecretRedactor();
    redactor.add('hunter2');
    const run = runCommand({
      command: 'python3 -c "import sys; sys.exit(\'no access with hunter2\')"',
      workingDir: join(dir, 'work2'),
      logFile: join(dir, 'logs', 'c2.log'),
      redactor,
    });
    const err = (await run.catch((e: unknown) => e)) as Error & { code: string };
    expect(err.code).toBe('activity/process-failed');
    expect(err.message).toBe('command "python3" exited with code 1: no access with [REDACTED]');
    expect(readFileSync(join(dir, 'logs', 'c2.log'), 'utf8')).not.toContain('hunter2');
  });

  it('kills a command and its children on timeout', async () => {
    const run = runCommand({
      command: 'bash -c "sleep 30 & sleep 30"',
      workingDir: join(dir, 'work3'),
      logFile: join(dir, 'logs', 'c3.log'),
      timeoutMs: 300,
      killGraceMs: 100,
    });
    await expect(run).rejects.toMatchObject({ code: 'activity/process-timed-out' });
  });

  it('reports a command that does not exist', async () => {
    const run = runCommand({
      command: 'no-such-cmd-xyz',
      workingDir: join(dir, 'work4'),
      logFile: join(dir, 'logs', 'c4.log'),
    });
    await expect(run).rejects.toMatchObject({ code: 'activity/process-spawn-failed' });
  });
});

describe('runPythonScript', () => {
  it('passes parameters as argv', async () => {
    const lines: string[] = [];
    const result = await runPythonScript({
      scriptPath: join(dir, 'job.py'),
      parameters: ['--date', '2024-01-01'],
      logFile: join(dir, 'logs', 'p.log'),
      onLog: (line) => lines.push(line),
    });
    expect(result.exitCode).toBe(0);
    expect(lines).toEqual(["argv ['--date', '2024-01-01']"]);
  });

  it('fails with the Python exception line', async () => {
    const run = runPythonScript({
      scriptPath: join(dir, 'job.py'),
      parameters: ['--fail'],
      logFile: join(dir, 'logs', 'p2.log'),
    });
    const err = (await run.catch((e: unknown) => e)) as Error & { code: string };
    expect(err.code).toBe('activity/process-failed');
    expect(err.message).toMatch(/exited with code 1: ValueError: bad date$/);
  });
});
