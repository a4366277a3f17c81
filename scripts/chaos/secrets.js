/* global fetch */
// Scenario 5: secrets. A SecureString parameter and a PostgreSQL connection string kept in the local vault
// (plus a mistyped one whose driver error quotes part of it) are used by a run; a Custom command echoes them.
// Then build, deploy, and the API (every run, activity and log route, with a token). leaked: hits of the secret
// values, and of their distinctive parts (the password of the connection string), in every file under the
// project and in every captured stdout/stderr. The one documented exception, a Custom command's own input
// `activity.json` (docs/environments-and-secrets.md), is not counted.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { sep } from 'node:path';
import {
  captured,
  filesUnder,
  kill9,
  see,
  testPython,
  millrace,
  put,
  row,
  start,
  tempDir,
  waitFor,
} from './lib.js';

export async function secretsScenario({ rand, until, maxTries }) {
  const r = row('secrets (grep every output)');
  const tag = rand.between(100000, 999999);
  const secure = `SecureParam-${tag}-Zq`;
  const password = `VaultPw-${tag}-Xk`;
  const typoPassword = `TypoPw-${tag}-Wj`;
  const connectionString = `Host=127.0.0.1;Port=5432;Database=test;Username=postgres;Password=${password};SSL Mode=Disable`;
  const dir = tempDir('secrets');
  const kv = (secretName) => ({
    type: 'AzureKeyVaultSecret',
    store: { referenceName: 'LS_KeyVault', type: 'LinkedServiceReference' },
    secretName,
  });
  const python = testPython();
  if (!python) r.notes.push('notebook skipped: no Python test env (node scripts/python-test-env.js)');
  put(dir, 'millrace.json', {
    factory: 'factory',
    notebooks: { '/nb': 'notebooks' },
    ...(python ? { python } : {}),
    environments: { qa: { parameters: 'environments/qa.json' } },
  });
  put(dir, 'environments/qa.json', {
    secrets: { providers: { LS_KeyVault: { type: 'local' } }, scopes: { kv: 'LS_KeyVault' } },
  });
  // A notebook that prints the vault value, its password part and the SecureString it is given.
  put(
    dir,
    'notebooks/leak.py',
    [
      '# Databricks notebook source',
      'dbutils.widgets.text("p", "")',
      'cs = dbutils.secrets.get("kv", "pg")',
      'print("cs", cs)',
      'print("pw", [f for f in cs.split(";") if f.startswith("Password=")][0][9:])',
      'print("param", dbutils.widgets.get("p"))',
      'dbutils.notebook.exit(dbutils.widgets.get("p"))',
    ].join('\n'),
  );
  put(dir, 'factory/linkedService/LS_KeyVault.json', {
    name: 'LS_KeyVault',
    properties: { type: 'AzureKeyVault', typeProperties: { baseUrl: 'https://kv.vault.azure.net/' } },
  });
  put(dir, 'factory/linkedService/LS_Pg.json', {
    name: 'LS_Pg',
    properties: { type: 'AzurePostgreSql', typeProperties: { connectionString: kv('pg') } },
  });
  put(dir, 'factory/linkedService/LS_PgTypo.json', {
    name: 'LS_PgTypo',
    properties: { type: 'AzurePostgreSql', typeProperties: { connectionString: kv('pg-typo') } },
  });
  const table = (name, ls) => ({
    name,
    properties: {
      type: 'AzurePostgreSqlTable',
      linkedServiceName: { referenceName: ls, type: 'LinkedServiceReference' },
      typeProperties: { table: 'nothing' },
    },
  });
  put(dir, 'factory/dataset/DS_Pg.json', table('DS_Pg', 'LS_Pg'));
  put(dir, 'factory/dataset/DS_PgTypo.json', table('DS_PgTypo', 'LS_PgTypo'));
  const lookup = (name, ds, dependsOn = []) => ({
    name,
    type: 'Lookup',
    dependsOn,
    typeProperties: {
      source: { type: 'AzurePostgreSqlSource', query: "SELECT 'ok' AS x" },
      dataset: { referenceName: ds, type: 'DatasetReference' },
    },
  });
  put(dir, 'factory/pipeline/PL_Secret.json', {
    name: 'PL_Secret',
    properties: {
      parameters: { secret: { type: 'SecureString' } },
      activities: [
        lookup('Good', 'DS_Pg'),
        lookup('Typo', 'DS_PgTypo', [{ activity: 'Good', dependencyConditions: ['Completed'] }]),
        {
          name: 'Echo',
          type: 'Custom',
          dependsOn: [{ activity: 'Typo', dependencyConditions: ['Completed'] }],
          typeProperties: {
            command: {
              value:
                "@concat('echo param=', pipeline().parameters.secret, ' >&2; echo param=', pipeline().parameters.secret)",
              type: 'Expression',
            },
          },
        },
        ...(python
          ? [
              {
                name: 'Notebook',
                type: 'DatabricksNotebook',
                dependsOn: [{ activity: 'Echo', dependencyConditions: ['Completed'] }],
                typeProperties: {
                  notebookPath: '/nb/leak',
                  baseParameters: { p: { value: '@pipeline().parameters.secret', type: 'Expression' } },
                },
              },
            ]
          : []),
        {
          name: 'Stop',
          type: 'Fail',
          dependsOn: [{ activity: python ? 'Notebook' : 'Echo', dependencyConditions: ['Completed'] }],
          typeProperties: {
            message: { value: "@concat('failing with ', pipeline().parameters.secret)", type: 'Expression' },
            errorCode: '500',
          },
        },
      ],
    },
  });
  const from = captured.length;
  const exempt = (f) => f.includes(`${sep}.millrace${sep}custom${sep}`) && f.endsWith('activity.json');
  // A master key of its own for the local vault (none is written under the user's home).
  process.env.MILLRACE_MASTER_KEY ??= randomBytes(32).toString('base64');
  const set = (name, value) => {
    const s = millrace(dir, ['secrets', 'set', name, '--env', 'qa', '--project', dir], { input: value });
    if (s.code !== 0) r.notes.push(`secrets set ${name}: ${s.stderr.trim()}`);
  };
  set('pg', connectionString);
  set(
    'pg-typo',
    `Host=127.0.0.1;Port=5432;Database=nodb Password=${typoPassword};Username=postgres;SSL Mode=Disable`,
  );
  while (Date.now() < until() && r.tries < maxTries) {
    r.tries++;
    const run = millrace(dir, [
      'run',
      'PL_Secret',
      '--env',
      'qa',
      '--param',
      `secret=${secure}`,
      '--project',
      dir,
    ]);
    const doc = JSON.parse(
      millrace(dir, [
        'run',
        'PL_Secret',
        '--env',
        'qa',
        '--param',
        `secret=${secure}`,
        '--json',
        '--project',
        dir,
      ]).stdout || '{}',
    );
    // Controls: the vault's connection string really connected, and the secret reached the Custom command.
    const status = Object.fromEntries((doc.activityRuns ?? []).map((a) => [a.activityName, a.status]));
    if (
      status.Good !== 'Succeeded' ||
      status.Typo !== 'Failed' ||
      status.Echo !== 'Succeeded' ||
      (python && status.Notebook !== 'Succeeded') ||
      run.code === 0
    )
      r.notes.push(`try ${r.tries}: unexpected run: ${JSON.stringify(status)}`);
  }
  millrace(dir, ['build', '--out', 'bundle', '--project', dir]);
  millrace(dir, ['deploy', 'bundle', '--env', 'qa', '--json', '--project', dir]);
  millrace(dir, ['runs', 'list', '--json', '--project', dir]);
  // The API: every run, activity and log route of every run, with a token.
  const token = millrace(dir, [
    'tokens',
    'create',
    '--name',
    'chaos',
    '--role',
    'admin',
    '--project',
    dir,
  ]).stdout.trim();
  const server = start(dir, ['server', '--port', '0', '--env', 'qa', '--no-scheduler', '--project', dir]);
  await waitFor(() => /listening on (\S+)/.test(server.out.stdout), 20_000);
  const url = /listening on (\S+)/.exec(server.out.stdout)?.[1];
  const bodies = [];
  if (url) {
    const get = async (path) => {
      const res = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
      const text = await res.text();
      bodies.push(text);
      return text;
    };
    const list = JSON.parse(await get('/api/runs?limit=1000'));
    for (const { runId } of list.runs) {
      await get(`/api/runs/${runId}`);
      await get(`/api/runs/${runId}/activities`);
      await get(`/api/runs/${runId}/logs`);
    }
    for (const path of [
      '/api/pipelines',
      '/api/pipelines/PL_Secret',
      '/api/linked-services',
      '/api/audit',
      '/api/secrets?env=qa',
      '/api/environments',
    ])
      await get(path);
  } else r.notes.push('server did not start');
  await kill9(server);
  const inputs = filesUnder(dir).filter(exempt);
  if (!inputs.some((f) => readFileSync(f, 'utf8').includes(secure)))
    r.notes.push('control: the SecureString never reached activity.json');
  // The grep.
  const needles = [secure, password, typoPassword, connectionString];
  for (const f of filesUnder(dir).filter((x) => !exempt(x))) {
    see(r, 'files grepped');
    const bytes = readFileSync(f);
    for (const n of needles)
      if (bytes.includes(Buffer.from(n))) {
        r.leaked++;
        r.notes.push(`${n.slice(0, 8)}… in ${f.slice(dir.length + 1)}`);
      }
  }
  r.seen['outputs grepped'] = captured.length - from + bodies.length;
  for (const [i, text] of [...captured.slice(from), ...bodies].entries())
    for (const n of needles)
      if (text.includes(n)) {
        r.leaked++;
        r.notes.push(
          `${n.slice(0, 8)}… in output #${i}: ${text.slice(Math.max(0, text.indexOf(n) - 60), text.indexOf(n) + n.length).replace(/\s+/g, ' ')}`,
        );
      }
  return r;
}
