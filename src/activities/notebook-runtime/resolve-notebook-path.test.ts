import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinWorkspacePath, resolveNotebookPath } from './resolve-notebook-path.js';
import { resolveScriptPath } from './resolve-script-path.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-resolve-'));
mkdirSync(join(dir, 'team', 'ml'), { recursive: true });
mkdirSync(join(dir, 'ml-only'));
mkdirSync(join(dir, 'dbfs', 'scripts'), { recursive: true });
writeFileSync(join(dir, 'team', 'train.py'), '');
writeFileSync(join(dir, 'team', 'nb.ipynb'), '{}');
writeFileSync(join(dir, 'ml-only', 'score.py'), '');
writeFileSync(join(dir, 'dbfs', 'scripts', 'job.py'), '');
const mapping = { '/Shared/team': join(dir, 'team'), '/Shared/team/ml/': join(dir, 'ml-only') };

describe('resolveNotebookPath', () => {
  it('tries .py then .ipynb under the longest matching prefix', () => {
    expect(resolveNotebookPath('/Shared/team/train', mapping).localPath).toBe(join(dir, 'team', 'train.py'));
    expect(resolveNotebookPath('/Shared/team/nb', mapping).localPath).toBe(join(dir, 'team', 'nb.ipynb'));
    expect(resolveNotebookPath('/Shared/team/ml/score', mapping).localPath).toBe(
      join(dir, 'ml-only', 'score.py'),
    );
  });

  it('refuses paths escaping the folder', () => {
    expect(() => resolveNotebookPath('/Shared/team/../../etc/passwd', mapping)).toThrow(
      expect.objectContaining({ code: 'activity/path-escapes-folder' }),
    );
  });

  it('names the mapped folders when nothing matches', () => {
    expect(() => resolveNotebookPath('/Users/x/nb', mapping)).toThrow(/not under a mapped workspace folder/);
    expect(() => resolveNotebookPath('/Shared/team/missing', mapping)).toThrow(
      expect.objectContaining({ code: 'activity/notebook-not-found' }),
    );
  });

  it('joins relative references against the notebook folder', () => {
    expect(joinWorkspacePath('/Shared/team/a/nb', '../lib/x')).toBe('/Shared/team/lib/x');
    expect(joinWorkspacePath('/Shared/team/a/nb', '/Other/y')).toBe('/Other/y');
  });
});

describe('resolveScriptPath', () => {
  const where = { dbfsRoot: join(dir, 'dbfs'), notebooks: mapping, projectDir: dir };
  it('maps dbfs:/ and relative paths, refusing escapes', () => {
    expect(resolveScriptPath('dbfs:/scripts/job.py', where)).toBe(join(dir, 'dbfs', 'scripts', 'job.py'));
    expect(resolveScriptPath('/dbfs/scripts/job.py', where)).toBe(join(dir, 'dbfs', 'scripts', 'job.py'));
    expect(resolveScriptPath('team/train.py', where)).toBe(join(dir, 'team', 'train.py'));
    expect(() => resolveScriptPath('dbfs:/../team/train.py', where)).toThrow(
      expect.objectContaining({ code: 'activity/path-escapes-folder' }),
    );
  });
});
