import { describe, expect, it } from 'vitest';
import type { DeployBundle } from './deploy-bundle.js';
import { workspaceNotebooks } from './cloud-plan.js';

const bundle = (paths: string[]): DeployBundle => ({
  contentHash: 'sha256:x',
  version: '1',
  factoryName: 'f',
  resources: [],
  text: '',
  notebooks: paths.map((p) => ({ file: `notebooks${p}`, workspacePath: p, sha256: '', content: `# ${p}` })),
});

describe('workspaceNotebooks', () => {
  it('maps workspace folders by the longest matching prefix and drops the file extension', () => {
    const out = workspaceNotebooks(
      bundle([
        '/Shared/team/etl/a.py',
        '/Shared/team/ml/b.sql',
        '/Shared/other/c.scala',
        '/Shared/teamx/d.r',
      ]),
      {
        '/Shared/team': '/Prod/team',
        '/Shared/team/ml/': '/Prod/ml',
      },
    );
    expect(out.map((n) => [n.path, n.language])).toEqual([
      ['/Prod/team/etl/a', 'PYTHON'],
      ['/Prod/ml/b', 'SQL'],
      ['/Shared/other/c', 'SCALA'],
      // `/Shared/team` is a folder prefix, not a string prefix.
      ['/Shared/teamx/d', 'R'],
    ]);
  });

  it('skips files that are not notebooks (no Workspace API language)', () => {
    expect(workspaceNotebooks(bundle(['/Shared/x/data.csv', '/Shared/x/n.ipynb']))).toEqual([]);
  });
});
