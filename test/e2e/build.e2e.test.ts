import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');
const work = mkdtempSync(join(tmpdir(), 'millrace-build-e2e-'));
const project = join(work, 'quickstart');
cpSync(join(root, 'examples', 'quickstart'), project, {
  recursive: true,
  filter: (src) => !src.includes('.millrace'),
});
// The training notebook's libraries are all in the pinned test Python: its environment downloads nothing.
const config = JSON.parse(readFileSync(join(project, 'millrace.json'), 'utf8')) as object;
writeFileSync(
  join(project, 'millrace.json'),
  JSON.stringify({ ...config, python: process.env['MILLRACE_TEST_PYTHON'] ?? 'python3' }),
);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function millrace(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    cwd: work,
    env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1700000000' },
  });
}

const read = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [
        relative(dir, join(e.parentPath, e.name)),
        readFileSync(join(e.parentPath, e.name), 'utf8'),
      ]),
  );

describe('millrace build', () => {
  it('writes the same bytes twice, and the ARM templates', () => {
    const a = millrace(['build', '--project', project, '--out', join(work, 'a'), '--version', '1.0.0']);
    const b = millrace(['build', '--project', project, '--out', join(work, 'b'), '--version', '1.0.0']);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status).toBe(0);
    expect(a.stdout).toContain('content hash sha256:');
    expect(read(join(work, 'b'))).toEqual(read(join(work, 'a')));
    expect(Object.keys(read(join(work, 'a'))).sort()).toEqual([
      'ARMTemplateForFactory.json',
      'ARMTemplateParametersForFactory.json',
      'bundle.json',
      'globalParameters/quickstart_GlobalParameters.json',
      'linkedTemplates/ArmTemplateParameters_master.json',
      'linkedTemplates/ArmTemplate_0.json',
      'linkedTemplates/ArmTemplate_master.json',
    ]);
    const bundle = JSON.parse(readFileSync(join(work, 'a', 'bundle.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(bundle['builtAt']).toBe('2023-11-14T22:13:20.000Z');
    expect(bundle['version']).toBe('1.0.0');
  });

  it('refuses on validation errors with exit 1 and prints the findings', () => {
    mkdirSync(join(project, 'factory', 'pipeline'), { recursive: true });
    const bad = join(project, 'factory', 'pipeline', 'PL_Bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        name: 'PL_Bad',
        properties: {
          activities: [
            {
              name: 'A',
              type: 'Wait',
              dependsOn: [{ activity: 'Nope', dependencyConditions: ['Succeeded'] }],
              typeProperties: { waitTimeInSeconds: 1 },
            },
          ],
        },
      }),
    );
    try {
      const r = millrace(['build', '--project', project, '--out', join(work, 'c')]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('PL_Bad.json');
      expect(r.stderr).toContain('build refused');
    } finally {
      rmSync(bad);
    }
  });
});

describe('millrace run --expect-status --assert', () => {
  it('exits 0 when assertions hold and 1 naming the failing one and its value', () => {
    const ok = millrace([
      'run',
      'ReferencePipeline',
      '--project',
      project,
      '--expect-status',
      'Succeeded',
      '--assert',
      "@greater(activity('Copy Data').output.rowsCopied, 0)",
      '--assert',
      "equals(pipeline().run.status, 'Succeeded')",
    ]);
    expect(ok.status, ok.stderr).toBe(0);
    const bad = millrace([
      'run',
      'ReferencePipeline',
      '--project',
      project,
      '--assert',
      "@equals(activity('Copy Data').output.rowsCopied, 999)",
    ]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(
      "assertion failed: @equals(activity('Copy Data').output.rowsCopied, 999) evaluated to false",
    );
    expect(bad.stderr).toContain("activity('Copy Data').output.rowsCopied = 50");
    const status = millrace(['run', 'ReferencePipeline', '--project', project, '--expect-status', 'Failed']);
    expect(status.status).toBe(1);
    expect(status.stderr).toContain('expected status Failed, but the run ended Succeeded');
  }, 180_000);
});
