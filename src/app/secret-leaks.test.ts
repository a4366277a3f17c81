import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SecretRedactor } from '../secrets/index.js';
import { createMillrace } from './run-service.js';
import { registerSecureStrings } from './secrets-wiring.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A bare factory in a temp folder with the given resources (`pipeline/X.json` → resource). */
function project(resources: Record<string, object>): string {
  const dir = mkdtempSync(join(tmpdir(), 'millrace-leaks-'));
  dirs.push(dir);
  for (const [file, body] of Object.entries(resources)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), JSON.stringify(body));
  }
  return dir;
}

/** Every file Millrace wrote under `.millrace` (state.db and its WAL, activity logs, captures). */
function written(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(join(dir, '.millrace'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => ({ path: join(e.parentPath, e.name), bytes: readFileSync(join(e.parentPath, e.name)) }));
}

const hits = (files: { path: string; bytes: Buffer }[], secret: string): string[] =>
  files.filter((f) => f.bytes.includes(Buffer.from(secret))).map((f) => f.path);

describe('SecureString parameters and connection strings never leak', () => {
  it('masks a SecureString value in variables, inputs, outputs, logs, Fail messages, state.db and the run document', async () => {
    const secret = 'Sup3r-S3cret-Value';
    const dir = project({
      'pipeline/Leaky.json': {
        name: 'Leaky',
        properties: {
          parameters: { secret: { type: 'SecureString' } },
          variables: { copy: { type: 'String' } },
          activities: [
            {
              name: 'Keep',
              type: 'SetVariable',
              dependsOn: [],
              typeProperties: {
                variableName: 'copy',
                value: { value: "@concat('v-', pipeline().parameters.secret)", type: 'Expression' },
              },
            },
            {
              // A child process that prints the value on stdout and stderr.
              name: 'Shell',
              type: 'Custom',
              dependsOn: [{ activity: 'Keep', dependencyConditions: ['Succeeded'] }],
              typeProperties: {
                command: {
                  value: `@concat('${process.execPath} -e "console.log(1, process.argv[1]); console.error(2, process.argv[1])" ', variables('copy'))`,
                  type: 'Expression',
                },
              },
            },
            {
              name: 'Stop',
              type: 'Fail',
              dependsOn: [{ activity: 'Shell', dependencyConditions: ['Succeeded'] }],
              typeProperties: {
                message: {
                  value: "@concat('cannot go on with ', pipeline().parameters.secret)",
                  type: 'Expression',
                },
                errorCode: '500',
              },
            },
          ],
        },
      },
    });
    const millrace = await createMillrace({ projectDir: dir });
    const doc = await millrace.runPipeline('Leaky', { rawParameters: { secret } });
    const logs = await millrace.logs(doc.runId);
    await millrace.close();

    expect(doc.status).toBe('Failed');
    // The values are there, masked: the secret part of a derived value too.
    expect(doc.variables).toEqual({ copy: 'v-***' });
    expect(doc.message).toContain('cannot go on with ***');
    expect(logs.find((l) => l.activityName === 'Shell')?.text).toContain('1 v-***');
    expect(JSON.stringify(doc)).not.toContain(secret);
    expect(JSON.stringify(logs)).not.toContain(secret);
    const files = written(dir);
    expect(files.map((f) => f.path).some((p) => p.endsWith('state.db'))).toBe(true);
    expect(files.some((f) => f.path.includes(join('.millrace', 'logs')))).toBe(true);
    // The Custom command's own input (activity.json, as ADF hands it to the program) is the one place it stays.
    const inputs = files.filter(
      (f) => f.path.includes(join('.millrace', 'custom')) && f.path.endsWith('activity.json'),
    );
    expect(hits(inputs, secret)).toHaveLength(1);
    expect(files.some((f) => f.path.endsWith('stdout.txt'))).toBe(true);
    expect(
      hits(
        files.filter((f) => !inputs.includes(f)),
        secret,
      ),
    ).toEqual([]);
  });

  it('keeps the password of a mistyped PostgreSQL connection string out of the driver error', async () => {
    const password = 'Hunter2-Passw0rd';
    // A missing `;` makes the password part of the database name, which PostgreSQL quotes in its error.
    const connectionString = `Host=127.0.0.1;Port=5432;Database=nodb Password=${password};Username=postgres;SSL Mode=Disable`;
    const dir = project({
      'linkedService/Pg.json': {
        name: 'Pg',
        properties: { type: 'AzurePostgreSql', typeProperties: { connectionString } },
      },
      'dataset/PgTable.json': {
        name: 'PgTable',
        properties: {
          type: 'AzurePostgreSqlTable',
          linkedServiceName: { referenceName: 'Pg', type: 'LinkedServiceReference' },
          typeProperties: { table: 'nothing' },
        },
      },
      'pipeline/Look.json': {
        name: 'Look',
        properties: {
          activities: [
            {
              name: 'Find',
              type: 'Lookup',
              dependsOn: [],
              typeProperties: {
                source: { type: 'AzurePostgreSqlSource', query: 'SELECT 1 AS x' },
                dataset: { referenceName: 'PgTable', type: 'DatasetReference' },
              },
            },
          ],
        },
      },
    });
    const millrace = await createMillrace({ projectDir: dir });
    const doc = await millrace.runPipeline('Look');
    await millrace.close();

    expect(doc.status).toBe('Failed');
    const find = doc.activityRuns.find((a) => a.activityName === 'Find');
    // The driver's own words stay (so the user can fix the typo), with the secret field masked.
    expect(find?.error?.message).toMatch(/nodb Password=\*\*\*/);
    expect(JSON.stringify(doc)).not.toContain(password);
    expect(hits(written(dir), password)).toEqual([]);
  });

  it('registers the inline SecureStrings and connection-string passwords of linked services, not expressions', () => {
    const redactor = new SecretRedactor();
    registerSecureStrings(
      [
        {
          name: 'A',
          properties: { typeProperties: { password: { type: 'SecureString', value: 'inline-pw-1' } } },
        },
        {
          name: 'B',
          properties: { typeProperties: { connectionString: 'Server=s;Pwd=plain-pw-2;Database=d' } },
        },
        {
          name: 'C',
          properties: { typeProperties: { connectionString: 'Server=s;Pwd=@{linkedService().pw}' } },
        },
      ],
      redactor,
    );
    expect(redactor.redact('inline-pw-1 plain-pw-2 Server=s;Database=d @{linkedService().pw}')).toBe(
      '*** *** Server=s;Database=d @{linkedService().pw}',
    );
  });
});
