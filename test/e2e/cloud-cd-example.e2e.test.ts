import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startCloudFake } from '../fakes/cloud-fake.js';
import type { CloudFake } from '../fakes/cloud-fake.js';

const CLI = resolve('dist/cli/main.js');
const EXAMPLE = resolve('examples/cloud-cd');
const SECRETS = {
  tenant: 'tenant-0001',
  clientId: 'client-0001',
  clientSecret: 'sp-secret-value-do-not-print',
  databricksToken: 'dapi-secret-token-do-not-print',
};

/** Every `millrace …` command of a workflow's `run:` / `script:` steps, in file order. */
function millraceSteps(file: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'run' || k === 'script') && typeof x === 'string' && x.trim().startsWith('millrace '))
          out.push(x.trim());
        else walk(x);
      }
  };
  walk(parse(readFileSync(join(EXAMPLE, file), 'utf8')));
  return out;
}

let fake: CloudFake;
beforeAll(async () => {
  fake = await startCloudFake(SECRETS);
});
afterAll(() => fake.close());

function project(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'millrace-cloud-cd-'));
  cpSync(EXAMPLE, dir, { recursive: true });
  const prodFile = join(dir, 'environments/prod.json');
  const prod = JSON.parse(readFileSync(prodFile, 'utf8')) as {
    cloud: {
      dataFactory: { endpoint?: string };
      credentials: { authorityHost?: string };
      databricks: { host: string };
    };
  };
  prod.cloud.dataFactory.endpoint = fake.url;
  prod.cloud.credentials.authorityHost = fake.url;
  prod.cloud.databricks.host = fake.url;
  writeFileSync(prodFile, JSON.stringify(prod, null, 2));
  const bin = join(dir, '.bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'millrace'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(join(bin, 'millrace'), 0o755);
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env['PATH'] ?? ''}`,
    NODE_EXTRA_CA_CERTS: fake.certFile,
    MILLRACE_REMOTE_POLL_MS: '20',
    MILLRACE_SECRET_AZURE_TENANT_ID: SECRETS.tenant,
    MILLRACE_SECRET_AZURE_CLIENT_ID: SECRETS.clientId,
    MILLRACE_SECRET_AZURE_CLIENT_SECRET: SECRETS.clientSecret,
    MILLRACE_SECRET_DATABRICKS_TOKEN: SECRETS.databricksToken,
    MILLRACE_SECRET_STORAGE_KEY: 'storage-key-value',
    NO_COLOR: '1',
  };
  return { dir, env };
}

/** Runs a step with bash, asynchronously: the fakes answer from this process. */
async function sh(command: string, dir: string, env: NodeJS.ProcessEnv) {
  const script = command.replace(/\$\{\{ github\.sha \}\}|\$\(Build\.SourceVersion\)/g, 'abc123');
  const child = spawn('bash', ['-c', script], { cwd: dir, env, timeout: 120_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const status = await new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const r = { status, stdout, stderr };
  const output = `${r.stdout}${r.stderr}`;
  expect(output).not.toContain(SECRETS.clientSecret);
  expect(output).not.toContain(SECRETS.databricksToken);
  return { status: r.status, output, stdout: r.stdout };
}

describe('examples/cloud-cd', () => {
  for (const file of ['github-actions.yml', 'azure-pipelines.yml'])
    it(`${file}: builds, deploys to the factory and workspace, runs remotely and checks`, async () => {
      fake.factory.clear();
      fake.notebooks.clear();
      fake.scopes.clear();
      const { dir, env } = project();
      const steps = millraceSteps(file);
      expect(steps.some((s) => s.includes('--remote'))).toBe(true);
      for (const step of steps) {
        const r = await sh(step, dir, env);
        expect(r.status, `${step}\n${r.output}`).toBe(0);
      }
      // Signed in through @azure/identity's ClientSecretCredential against the Entra ID fake.
      expect(fake.log).toContain(`POST /${SECRETS.tenant}/oauth2/v2.0/token`);
      expect(fake.log.some((l) => l.endsWith('/pipelines/PL_Sales/createRun'))).toBe(true);
      expect([...(fake.factory.get('pipelines')?.keys() ?? [])]).toEqual(['PL_Sales']);
      const ls = fake.factory.get('linkedservices')?.get('LS_Databricks') as {
        properties: { typeProperties: { existingClusterId: string } };
      };
      expect(ls.properties.typeProperties.existingClusterId).toBe('0202-000000-prod0001');
      expect(fake.notebooks.get('/Production/sales/etl/transform')?.content).toContain('transforming sales');
      expect(fake.scopes.get('sales')?.get('storage-key')).toBe('storage-key-value');
      // Idempotent: what-if against the live state shows nothing to do.
      const again = await sh('millrace deploy bundle --env prod --what-if --json', dir, env);
      expect(again.status).toBe(0);
      expect((JSON.parse(again.stdout) as { diff: { resources: unknown[] } }).diff.resources).toEqual([]);
    }, 240_000);
});
