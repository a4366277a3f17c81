import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSigningKeyPair } from '../../config/index.js';

/** The people of the fixture's protected prod: each has a signing key in `<root>/.keys/<name>.pem`. */
export const APPROVERS = ['alice', 'bob', 'carol'] as const;

/** The private key file of one of the fixture's approvers. */
export const signingKeyOf = (root: string, name: (typeof APPROVERS)[number]): string =>
  path.join(root, '.keys', `${name}.pem`);

/** A secret that must never appear in any deploy output. */
export const QA_SECRET = 'qa-Sup3r-Secret-Value';
export const PROD_SECRET = 'prod-Sup3r-Secret-Value';

async function write(root: string, rel: string, json: unknown): Promise<void> {
  const file = path.join(root, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
}

const pipeline = (name: string, wait: number) => ({
  name,
  properties: {
    activities: [{ name: 'Wait1', type: 'Wait', typeProperties: { waitTimeInSeconds: wait } }],
    parameters: { folder: { type: 'String', defaultValue: 'dev-in' } },
  },
});

const trigger = (name: string, pipelineName: string, runtimeState: string) => ({
  name,
  properties: {
    type: 'ScheduleTrigger',
    runtimeState,
    pipelines: [{ pipelineReference: { referenceName: pipelineName, type: 'PipelineReference' } }],
    typeProperties: { recurrence: { frequency: 'Day', interval: 1, startTime: '2024-01-01T00:00:00Z' } },
  },
});

/** Writes a project (factory, notebooks, three environments: dev, qa, protected prod) in a temp folder. */
export async function createDeployProject(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'millrace-deploy-'));
  const approvers: Record<string, string> = {};
  await mkdir(path.join(root, '.keys'));
  for (const name of APPROVERS) {
    const pair = createSigningKeyPair();
    await writeFile(signingKeyOf(root, name), pair.privateKeyPem, { mode: 0o600 });
    approvers[name] = pair.publicKey;
  }
  await write(root, 'millrace.json', {
    factory: 'factory',
    notebooks: { '/Shared/team': 'notebooks' },
    environments: {
      dev: { parameters: 'environments/dev.json' },
      qa: { parameters: 'environments/qa.json' },
      prod: { parameters: 'environments/prod.json', protected: true, approvers },
    },
  });
  await write(root, 'factory/pipeline/PL_A.json', pipeline('PL_A', 0));
  await write(root, 'factory/pipeline/PL_B.json', pipeline('PL_B', 0));
  await write(root, 'factory/linkedService/LS_Files.json', {
    name: 'LS_Files',
    properties: {
      type: 'FileServer',
      typeProperties: { host: 'data/dev', userId: 'me', password: { type: 'SecureString', value: 'dev-pw' } },
    },
  });
  await write(root, 'factory/trigger/TR_A.json', trigger('TR_A', 'PL_A', 'Started'));
  await write(root, 'factory/trigger/TR_B.json', trigger('TR_B', 'PL_B', 'Started'));
  await mkdir(path.join(root, 'notebooks'), { recursive: true });
  await writeFile(path.join(root, 'notebooks', 'transform.py'), '# Databricks notebook source\nprint(1)\n');
  const env = (host: string, secret?: string) => ({
    linkedServices: { LS_Files: { typeProperties: { host } } },
    ...(secret
      ? {
          overrides: [
            {
              resource: 'linkedService/LS_Files',
              path: 'properties.typeProperties.password',
              value: { type: 'SecureString', value: secret },
            },
          ],
        }
      : {}),
  });
  await write(root, 'environments/dev.json', env('data/dev'));
  await write(root, 'environments/qa.json', env('data/qa', QA_SECRET));
  await write(root, 'environments/prod.json', env('data/prod', PROD_SECRET));
  return root;
}

/** Rewrites a factory file of the project (to make a second build differ). */
export async function writeProjectFile(root: string, rel: string, json: unknown): Promise<void> {
  await write(root, rel, json);
}

export { pipeline as pipelineJson, trigger as triggerJson };
