import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildProject } from './build-project.js';

let dir: string;

async function put(rel: string, value: unknown): Promise<void> {
  const file = path.join(dir, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'millrace-build-'));
  await put('millrace.json', { factory: 'factory', notebooks: { '/Shared/app': 'notebooks' } });
  await put('notebooks/etl.py', '# Databricks notebook source\nprint("hi")\n');
  await put('factory/linkedService/LS_Sql.json', {
    name: 'LS_Sql',
    properties: {
      type: 'AzureSqlDatabase',
      typeProperties: {
        server: 'dev.database.windows.net',
        password: { type: 'SecureString', value: 'TopSecret-42' },
      },
    },
  });
  await put('factory/pipeline/PL_Daily.json', {
    name: 'PL_Daily',
    properties: {
      activities: [{ name: 'Wait1', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }],
      parameters: { token: { type: 'SecureString', defaultValue: 'TopSecret-43' } },
      variables: { target: { type: 'String', defaultValue: 'dev-table' } },
    },
  });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readAll(out: string): Promise<Record<string, string>> {
  const names = (await readdir(out, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(out, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
  return Object.fromEntries(
    await Promise.all(
      names.map(async (n): Promise<[string, string]> => [n, await readFile(path.join(out, n), 'utf8')]),
    ),
  );
}

describe('buildProject', () => {
  it('writes byte-identical artifacts for the same input', async () => {
    const a = await buildProject({ projectDir: dir, outDir: path.join(dir, 'out-a'), version: '1.0.0' });
    const b = await buildProject({ projectDir: dir, outDir: path.join(dir, 'out-b'), version: '1.0.0' });
    expect(a.built && b.built).toBe(true);
    const first = await readAll(path.join(dir, 'out-a'));
    expect(Object.keys(first)).toEqual([
      'ARMTemplateForFactory.json',
      'ARMTemplateParametersForFactory.json',
      'bundle.json',
      `globalParameters/${path.basename(dir)}_GlobalParameters.json`,
      'linkedTemplates/ArmTemplateParameters_master.json',
      'linkedTemplates/ArmTemplate_0.json',
      'linkedTemplates/ArmTemplate_master.json',
    ]);
    expect(await readAll(path.join(dir, 'out-b'))).toEqual(first);
    // Rebuilding into the same folder swaps it in whole, with the same bytes.
    await buildProject({ projectDir: dir, outDir: path.join(dir, 'out-a'), version: '1.0.0' });
    expect(await readAll(path.join(dir, 'out-a'))).toEqual(first);
    expect((await readdir(dir)).filter((n) => n.includes('.tmp-') || n.includes('.old-'))).toEqual([]);
  });

  it('records resources, notebooks, hash and version; SOURCE_DATE_EPOCH is the only timestamp', async () => {
    await buildProject({
      projectDir: dir,
      outDir: path.join(dir, 'out'),
      version: '2.0.0',
      sourceDateEpoch: '0',
    });
    const bundle = JSON.parse(await readFile(path.join(dir, 'out', 'bundle.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(bundle).toMatchObject({
      format: 'millrace-bundle',
      formatVersion: 1,
      factoryName: path.basename(dir),
      version: '2.0.0',
      builtAt: '1970-01-01T00:00:00.000Z',
      notebooks: [{ file: 'notebooks/etl.py', workspacePath: '/Shared/app/etl.py' }],
    });
    expect(bundle['contentHash']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((bundle['resources'] as { file: string }[]).map((r) => r.file)).toEqual([
      'linkedService/LS_Sql.json',
      'pipeline/PL_Daily.json',
    ]);
  });

  it('writes no secret value anywhere in the artifact', async () => {
    await buildProject({ projectDir: dir, outDir: path.join(dir, 'out') });
    const all = Object.values(await readAll(path.join(dir, 'out'))).join('\n');
    expect(all).not.toMatch(/TopSecret/);
    const template = JSON.parse(
      await readFile(path.join(dir, 'out', 'ARMTemplateForFactory.json'), 'utf8'),
    ) as {
      parameters: Record<string, { type: string }>;
    };
    expect(template.parameters['LS_Sql_password']).toEqual({
      type: 'secureString',
      metadata: "Secure string for 'password' of 'LS_Sql'",
    });
    expect(template.parameters['PL_Daily_properties_parameters_token_defaultValue']?.type).toBe(
      'secureString',
    );
  });

  it('reads publish_config.json and adfcdc/ of the factory root', async () => {
    await put('factory/factory/adf-dev.json', {
      name: 'adf-dev',
      properties: { globalParameters: { env: { type: 'String', value: 'dev' } } },
    });
    await put('factory/publish_config.json', {
      publishBranch: 'adf_publish',
      includeGlobalParamsTemplate: true,
    });
    await put('factory/adfcdc/cdc1.json', {
      name: 'cdc1',
      properties: {
        SourceConnectionsInfo: [
          { connection: { linkedService: { referenceName: 'LS_Sql', type: 'LinkedServiceReference' } } },
        ],
      },
    });
    const result = await buildProject({ projectDir: dir, outDir: path.join(dir, 'out') });
    expect(result.built).toBe(true);
    const template = JSON.parse(
      await readFile(path.join(dir, 'out', 'ARMTemplateForFactory.json'), 'utf8'),
    ) as { resources: { type: string; name: string }[] };
    expect(template.resources.map((r) => r.type.replace('Microsoft.DataFactory/factories/', ''))).toEqual([
      'globalparameters',
      'linkedServices',
      'adfcdcs',
      'pipelines',
    ]);
    const bundle = JSON.parse(await readFile(path.join(dir, 'out', 'bundle.json'), 'utf8')) as {
      factoryName: string;
      resources: { file: string; kind: string }[];
    };
    expect(bundle.factoryName).toBe('adf-dev');
    expect(bundle.resources.find((r) => r.file === 'adfcdc/cdc1.json')?.kind).toBe('adfcdc');
  });

  it('builds for the factory that publishes from the repository when factory/ holds several', async () => {
    await put('factory/factory/adf-a.json', { name: 'adf-a', location: 'westeurope' });
    await put('factory/factory/adf-b.json', { name: 'adf-b', location: 'westeurope' });
    await put('factory/factory/old_arm_template.json', { $schema: 'x', resources: [] });
    const run = (...args: string[]): void => {
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
        cwd: dir,
        stdio: 'ignore',
      });
    };
    run('init', '-q', '-b', 'main');
    run('add', '-A');
    run('commit', '-qm', 'source');
    run('checkout', '-q', '--orphan', 'adf_publish');
    run('rm', '-rfq', '.');
    await put('adf-b/ARMTemplateForFactory.json', {});
    run('add', '-A');
    run('commit', '-qm', 'publish');
    run('checkout', '-q', 'main');
    const result = await buildProject({ projectDir: dir, outDir: path.join(dir, 'out') });
    expect(result.built).toBe(true);
    if (!result.built) return;
    expect(result.diagnostics.find((d) => d.code === 'build/several-factories')?.message).toBe(
      'factory/ holds 2 factory files; building for "adf-b" (others: adf-a)',
    );
    const bundle = JSON.parse(await readFile(path.join(dir, 'out', 'bundle.json'), 'utf8')) as {
      factoryName: string;
    };
    expect(bundle.factoryName).toBe('adf-b');
  });

  it('refuses to build a factory with validation errors and writes nothing', async () => {
    await put('factory/pipeline/PL_Bad.json', {
      name: 'PL_Bad',
      properties: {
        activities: [
          {
            name: 'A',
            type: 'Wait',
            dependsOn: [{ activity: 'Missing', dependencyConditions: ['Succeeded'] }],
            typeProperties: { waitTimeInSeconds: 1 },
          },
        ],
      },
    });
    const result = await buildProject({ projectDir: dir, outDir: path.join(dir, 'out') });
    expect(result.built).toBe(false);
    expect(result.report.errorCount).toBeGreaterThan(0);
    await expect(readdir(path.join(dir, 'out'))).rejects.toThrow();
  });

  it('refuses to replace a folder that is not an artifact', async () => {
    await put('keep/file.txt', 'mine');
    await expect(buildProject({ projectDir: dir, outDir: path.join(dir, 'keep') })).rejects.toThrow(
      /not empty/,
    );
  });
});
