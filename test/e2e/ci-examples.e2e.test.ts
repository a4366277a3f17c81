import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');
const EXAMPLES = ['examples/ci/github-actions.yml', 'examples/ci/azure-pipelines.yml'];

/** Every string value of a parsed YAML document. */
function strings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(strings);
  if (node !== null && typeof node === 'object') return Object.values(node).flatMap(strings);
  return [];
}

/** The subcommands the examples call: `npx millrace <cmd>` (and `millrace runs <sub>`-style pairs). */
function millraceCommands(doc: unknown): string[] {
  const found = new Set<string>();
  for (const s of strings(doc)) for (const m of s.matchAll(/\bmillrace\s+([a-z][a-z-]*)/g)) found.add(m[1]!);
  return [...found].sort();
}

describe('CI examples', () => {
  const docs = EXAMPLES.map((file) => ({
    file,
    doc: parse(readFileSync(join(root, file), 'utf8')) as unknown,
  }));

  it('are valid YAML with jobs or stages', () => {
    for (const { doc } of docs) {
      expect(doc).toBeTypeOf('object');
      expect(Object.keys(doc as object).some((k) => k === 'jobs' || k === 'stages')).toBe(true);
    }
  });

  it('use only millrace commands the CLI has (deploy may still be missing)', () => {
    const commands = [...new Set(docs.flatMap(({ doc }) => millraceCommands(doc)))].sort();
    expect(commands).toEqual(['build', 'deploy', 'run', 'test', 'validate']);
    const missing = commands.filter(
      (cmd) => spawnSync(process.execPath, [cli, cmd, '--help'], { encoding: 'utf8' }).status !== 0,
    );
    expect(missing.filter((c) => c !== 'deploy')).toEqual([]);
  });

  it('gate deploys: what-if before deploy, integration test with --expect-status and --assert', () => {
    for (const { file, doc } of docs) {
      const all = strings(doc).join('\n');
      expect(all, file).toMatch(/millrace deploy \S+ --env qa --what-if/);
      expect(all, file).toMatch(/millrace run \S+ --env qa\s+--expect-status Succeeded\s+--assert/);
      expect(all.indexOf('--env qa --what-if'), file).toBeLessThan(all.indexOf('--env qa --yes'));
      expect(all, file).toMatch(/millrace deploy \S+ --env prod --yes/);
    }
  });
});
