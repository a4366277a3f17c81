import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/index.js';
import { validateFolder } from './fixture-diagnostics.js';

const root = mkdtempSync(path.join(tmpdir(), 'millrace-names-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
/** A bare factory with the given pipeline files (file name → JSON text). */
function factory(files: Record<string, string>): string {
  const dir = path.join(root, `f${++n}`);
  mkdirSync(path.join(dir, 'pipeline'), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, 'pipeline', file), text);
  return dir;
}
const pipelineJson = (name: unknown, extra = '') =>
  `{"name":${JSON.stringify(name)},"properties":{"activities":[]${extra}}}`;

// Object names follow https://learn.microsoft.com/azure/data-factory/naming-rules: ADF refuses to publish
// names with . + ? / < > * % & : \ or that do not start with a letter, digit or underscore.
describe('resource names', () => {
  it('refuses names ADF refuses, naming the character', async () => {
    const dir = factory({
      'evil.json': pipelineJson('../../evil'),
      'five.json': pipelineJson(5),
      'dash.json': pipelineJson('-lead'),
      'q.json': pipelineJson('what?'),
    });
    const { diagnostics } = await validateFolder(dir);
    const bad = diagnostics.filter((d) => d.code === 'model/invalid-name');
    expect(bad.map((d) => [d.location.file, d.severity])).toEqual([
      ['pipeline/dash.json', 'error'],
      ['pipeline/evil.json', 'error'],
      ['pipeline/five.json', 'error'],
      ['pipeline/q.json', 'error'],
    ]);
    expect(bad[0]?.message).toMatch(/must start with a letter, a digit or "_"/);
    expect(bad[1]?.message).toMatch(/contains "\."/);
    expect(bad[2]?.message).toMatch(/non-empty string/);
  });

  it('accepts spaces, dashes and underscores; warns when the name is not its file name, and loads it by name', async () => {
    const dir = factory({
      'PL Daily-Load_1.json': pipelineJson('PL Daily-Load_1'),
      'other-file.json': pipelineJson('_Renamed'),
      'NoName.json': '{"properties":{"activities":[]}}',
    });
    const { diagnostics } = await validateFolder(dir);
    expect(diagnostics.map((d) => [d.code, d.severity, d.location.file])).toEqual([
      ['model/name-file-mismatch', 'warning', 'pipeline/other-file.json'],
    ]);
    const { factory: f } = await loadProject(dir);
    expect([...f.pipelines.keys()].sort()).toEqual(['NoName', 'PL Daily-Load_1', '_Renamed']);
  });
});

describe('deeply nested JSON', () => {
  const nested = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;

  it('is refused at load with its position, not a crash', async () => {
    const dir = factory({ 'deep.json': pipelineJson('deep', `,"annotations":${nested(5000)}`) });
    const { diagnostics } = await validateFolder(dir);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'model/invalid-json',
      severity: 'error',
      location: { file: 'pipeline/deep.json', line: 1 },
    });
    expect(diagnostics[0]?.message).toMatch(/nested deeper than 256 levels/);
    // Column of the first bracket beyond the limit: 3 levels are the resource's own object, property and array.
    expect(diagnostics[0]?.location.column).toBeGreaterThan(256);
  });

  it('still loads nesting below the limit, brackets inside strings not counted', async () => {
    const dir = factory({
      'ok.json': pipelineJson('ok', `,"annotations":[${nested(200)},"${'['.repeat(1000)}"]`),
    });
    const { diagnostics } = await validateFolder(dir);
    expect(diagnostics).toEqual([]);
  });
});
