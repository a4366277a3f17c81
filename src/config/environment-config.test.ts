import { describe, expect, it } from 'vitest';
import { parseEnvironmentFile } from './environment-config.js';

describe('parameters file dbfs', () => {
  it('reads the mounts and the cloud URLs they stand for', () => {
    const layer = parseEnvironmentFile(
      JSON.stringify({
        dbfs: {
          mounts: { '/mnt/raw': 'data/raw-dev' },
          sources: { '/mnt/raw': 'abfss://raw@lakedev.dfs.core.windows.net/' },
        },
      }),
      'environments/dev.json',
    );
    expect(layer.format === 'millrace' ? layer.spec.dbfs : undefined).toEqual({
      mounts: { '/mnt/raw': 'data/raw-dev' },
      sources: { '/mnt/raw': 'abfss://raw@lakedev.dfs.core.windows.net/' },
    });
  });

  it('names the field of a source that is not an abfss:// or wasbs:// URL', () => {
    expect(() =>
      parseEnvironmentFile(
        JSON.stringify({ dbfs: { sources: { '/mnt/raw': 's3://bucket/' } } }),
        'environments/dev.json',
      ),
    ).toThrow(
      'environments/dev.json: dbfs.sources./mnt/raw: sources are abfss:// or wasbs:// URLs: abfss://<container>@<account>.dfs.core.windows.net/',
    );
    expect(() =>
      parseEnvironmentFile(JSON.stringify({ dbfs: { mounts: { '/raw': 'x' } } }), 'environments/dev.json'),
    ).toThrow('environments/dev.json: dbfs.mounts./raw: Invalid key in record');
  });
});
