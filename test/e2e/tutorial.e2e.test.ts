/**
 * Executes docs/tutorial.md: every `console` block's `$ command` runs, in order, in a copy of the quickstart
 * project (with Azurite standing in for the qa/prod Blob storage), and the lines the tutorial shows under it
 * must appear, in order, in the real output (each within a line of it) once run ids, durations, hashes, timestamps and the project path
 * are normalized. A `# exit N` comment on a command gives its expected exit code (default 0).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite } from '../../src/connectors/azure-blob/azurite.js';
import type { Azurite } from '../../src/connectors/azure-blob/azurite.js';

const repo = resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'millrace-tutorial-'));
const project = join(work, 'quickstart');
const bin = join(work, 'bin');

interface Step {
  readonly command: string;
  readonly expected: readonly string[];
  readonly exit: number;
}

/** The `$ command` steps of the tutorial's console blocks, with the output lines shown under each. */
export function tutorialSteps(markdown: string): Step[] {
  const steps: { command: string; expected: string[]; exit: number }[] = [];
  const blocks = markdown.matchAll(/```console\n([\s\S]*?)```/g);
  for (const [, body] of blocks) {
    for (const line of (body ?? '').split('\n')) {
      if (line.startsWith('$ ')) {
        const exit = /#\s*exit (\d+)\s*$/.exec(line);
        steps.push({ command: line.slice(2), expected: [], exit: exit ? Number(exit[1]) : 0 });
      } else if (line.trim() !== '') steps.at(-1)?.expected.push(line);
    }
  }
  return steps;
}

function normalize(text: string): string[] {
  return (
    text
      // eslint-disable-next-line no-control-regex -- strips terminal colour codes
      .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
      .split(project)
      .join('~/quickstart')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
      .replace(/sha256:[0-9a-f]{64}/g, '<hash>')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
      .replace(/\b\d{4}-[0-9a-f]{12}\b/g, '<version>')
      .replace(/\b[0-9a-f]{32}\b/g, '<ml-run-id>')
      .replace(/\b[0-9a-f]{8}\b/g, '<id>')
      .replace(/\b\d+(\.\d+)? ?(ms|s)\b/g, '<duration>')
      .split('\n')
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .filter((l) => l !== '')
  );
}

/** The expected lines that are missing from the actual output, keeping order (a subsequence match). */
function missingLines(expected: readonly string[], actual: string): string[] {
  const have = normalize(actual);
  const missing: string[] = [];
  let at = 0;
  for (const want of normalize(expected.join('\n'))) {
    let found = -1;
    for (let i = at; i < have.length && found < 0; i++) if (have[i]?.includes(want)) found = i;
    if (found < 0) missing.push(want);
    else at = found + 1;
  }
  return missing;
}

let azurite: Azurite;

beforeAll(async () => {
  azurite = await startAzurite();
  const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(
    'raw',
  );
  await container.createIfNotExists();
  await container
    .getBlockBlobClient('houses_b.csv')
    .uploadFile(join(repo, 'examples', 'quickstart', 'data', 'raw', 'houses_b.csv'));
  cpSync(join(repo, 'examples', 'quickstart'), project, {
    recursive: true,
    filter: (src) => !src.includes('.millrace') && !/data[/\\]prepared[/\\]houses/.test(src),
  });
  // The training notebook's libraries (pandas, scikit-learn, mlflow) are all in the pinned test Python: its
  // environment builds without downloading anything.
  const config = JSON.parse(readFileSync(join(project, 'millrace.json'), 'utf8')) as object;
  writeFileSync(
    join(project, 'millrace.json'),
    JSON.stringify({ ...config, python: process.env['MILLRACE_TEST_PYTHON'] ?? 'python3' }),
  );
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'millrace'),
    `#!/bin/sh\nexec "${process.execPath}" "${join(repo, 'dist', 'cli', 'main.js')}" "$@"\n`,
  );
  chmodSync(join(bin, 'millrace'), 0o755);
}, 60_000);

afterAll(async () => {
  await azurite?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('docs/tutorial.md', () => {
  const steps = tutorialSteps(readFileSync(join(repo, 'docs', 'tutorial.md'), 'utf8'));
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env['PATH'] ?? ''}`,
    MILLRACE_MASTER_KEY: randomBytes(32).toString('base64'),
    MILLRACE_ACTOR: 'ci',
    NO_COLOR: '1',
    CI: 'true',
  };

  it('has the whole loop', () => {
    const commands = steps.map((s) => s.command.split(' ').slice(0, 2).join(' '));
    for (const c of [
      'millrace validate',
      'millrace test',
      'millrace build',
      'millrace deploy',
      'millrace run',
    ]) {
      expect(commands).toContain(c);
    }
  });

  it('runs every command with the documented exit code and output', () => {
    for (const step of steps) {
      const r = spawnSync('bash', ['-c', step.command], {
        cwd: project,
        env: { ...env, RAW_STORAGE: azurite.connectionString },
        encoding: 'utf8',
        timeout: 120_000,
      });
      const out = `${r.stdout}\n${r.stderr}`;
      expect({ command: step.command, exit: r.status }, out).toEqual({
        command: step.command,
        exit: step.exit,
      });
      expect({ command: step.command, missing: missingLines(step.expected, out) }, out).toEqual({
        command: step.command,
        missing: [],
      });
    }
  }, 300_000);
});
