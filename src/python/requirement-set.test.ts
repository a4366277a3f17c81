import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { environmentKey, needsEnvironment, RequirementSetBuilder } from './requirement-set.js';

const project = mkdtempSync(join(tmpdir(), 'millrace-reqs-'));
const dbfs = { root: join(project, '.millrace', 'dbfs'), mounts: { '/mnt/libs': join(project, 'libs') } };
mkdirSync(join(project, 'libs'), { recursive: true });
writeFileSync(join(project, 'libs', 'x.jar'), 'jar');
writeFileSync(
  join(project, 'libs', 'r.txt'),
  '# pinned\nrequests==2.32.3\n\n--extra-index-url https://pkgs.example/simple\n',
);

const builder = (): RequirementSetBuilder => new RequirementSetBuilder({ dbfs, baseDir: project });

describe('RequirementSetBuilder', () => {
  it('merges libraries, requirements files and %pip words into one sorted, deduplicated set', () => {
    const b = builder();
    b.addLibrary({ pypi: { package: 'pandas==2.2.2', repo: 'https://mirror.example/simple' } }, 'a');
    b.addLibrary({ requirements: '/mnt/libs/r.txt' }, 'a');
    b.addLibrary({ jar: 'dbfs:/mnt/libs/x.jar' }, 'a');
    b.addLibrary({ maven: { coordinates: 'org.x:y:1.0', repo: 'https://repo.example' } }, 'a');
    b.addPipInstall(['-q', 'numpy', 'pandas==2.2.2'], 'a');
    const set = b.build();
    expect(set.requirements).toEqual(['numpy', 'pandas==2.2.2', 'requests==2.32.3']);
    expect(set.options).toEqual([
      '--extra-index-url https://mirror.example/simple',
      '--extra-index-url https://pkgs.example/simple',
    ]);
    expect(set.jars).toEqual([join(project, 'libs', 'x.jar')]);
    expect(set.packages).toEqual(['org.x:y:1.0']);
    expect(set.repositories).toEqual(['https://repo.example']);
    expect(needsEnvironment(set)).toBe(true);
  });

  it('gives the same key for the same set in another order, another key for another interpreter', () => {
    const one = builder();
    one.addPipInstall(['b', 'a'], 'x');
    const two = builder();
    two.addLibrary({ pypi: { package: 'a' } }, 'y');
    two.addLibrary({ pypi: { package: 'b' } }, 'y');
    expect(environmentKey('python3', one.build())).toBe(environmentKey('python3', two.build()));
    expect(environmentKey('python3.12', one.build())).not.toBe(environmentKey('python3', one.build()));
  });

  it('needs no environment for Spark-only libraries', () => {
    const b = builder();
    b.addLibrary({ maven: { coordinates: 'org.x:y:1.0' } }, 'a');
    expect(needsEnvironment(b.build())).toBe(false);
  });

  it('rejects unknown kinds, R libraries, missing files and unsupported pip options with the library named', () => {
    expect(() => builder().addLibrary({ nuget: 'x' }, 'Nb libraries[0]')).toThrow(
      /Nb libraries\[0\]: unknown library kind "nuget" \(known: pypi, whl, egg, requirements, jar, maven\)/,
    );
    expect(() => builder().addLibrary({ cran: { package: 'x' } }, 'L')).toThrow(
      /cran \(R\) libraries cannot run/,
    );
    expect(() => builder().addLibrary({ whl: 'dbfs:/libs/missing.whl' }, 'L')).toThrow(
      expect.objectContaining({
        code: 'python/library-not-found',
        message: expect.stringContaining('missing.whl') as unknown,
      }),
    );
    expect(() => builder().addLibrary({ whl: 'dbfs:/../../etc/passwd' }, 'L')).toThrow(
      /leaves the DBFS folder/,
    );
    expect(() => builder().addPipInstall(['-e', '.'], 'L %pip install')).toThrow(
      expect.objectContaining({
        code: 'python/invalid-library',
        message: 'L %pip install: %pip install option -e is not supported locally',
      }),
    );
  });
});
