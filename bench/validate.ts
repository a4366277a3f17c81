import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProject, validateProject } from '../src/index.js';
import type { BenchResult } from './bench-result.js';

/** A realistic pipeline: Lookup → ForEach(Copy, SetVariable, If(Web, Fail)) → Script → Databricks → Wait. */
function pipeline(i: number): unknown {
  const dep = (a: string): unknown[] => [{ activity: a, dependencyConditions: ['Succeeded'] }];
  const expr = (value: string): unknown => ({ value, type: 'Expression' });
  return {
    name: `PL_Load_${i}`,
    properties: {
      parameters: { runDate: { type: 'string', defaultValue: '2024-01-01' }, table: { type: 'string' } },
      variables: { files: { type: 'Array', defaultValue: [] }, status: { type: 'String' } },
      activities: [
        {
          name: 'Lookup config',
          type: 'Lookup',
          dependsOn: [],
          userProperties: [],
          policy: { timeout: '0.12:00:00', retry: 0 },
          typeProperties: {
            source: { type: 'DelimitedTextSource' },
            dataset: {
              referenceName: `DS_${i % 50}`,
              type: 'DatasetReference',
              parameters: { file: expr("@concat(pipeline().parameters.table, '.csv')") },
            },
            firstRowOnly: false,
          },
        },
        {
          name: 'For each file',
          type: 'ForEach',
          dependsOn: dep('Lookup config'),
          userProperties: [],
          typeProperties: {
            items: expr("@activity('Lookup config').output.value"),
            batchCount: 10,
            activities: [
              {
                name: 'Copy file',
                type: 'Copy',
                dependsOn: [],
                userProperties: [],
                inputs: [
                  {
                    referenceName: `DS_${i % 50}`,
                    type: 'DatasetReference',
                    parameters: { file: expr('@item().name') },
                  },
                ],
                outputs: [
                  {
                    referenceName: `DS_${(i + 1) % 50}`,
                    type: 'DatasetReference',
                    parameters: {
                      file: expr(
                        "@concat(formatDateTime(pipeline().parameters.runDate, 'yyyyMMdd'), '/', item().name)",
                      ),
                    },
                  },
                ],
                typeProperties: { source: { type: 'DelimitedTextSource' }, sink: { type: 'ParquetSink' } },
              },
              {
                name: 'Remember file',
                type: 'AppendVariable',
                dependsOn: dep('Copy file'),
                userProperties: [],
                typeProperties: { variableName: 'files', value: '@item().name' },
              },
              {
                name: 'Check rows',
                type: 'IfCondition',
                dependsOn: dep('Copy file'),
                userProperties: [],
                typeProperties: {
                  expression: expr("@greater(activity('Copy file').output.rowsCopied, 0)"),
                  ifTrueActivities: [
                    {
                      name: 'Notify',
                      type: 'WebActivity',
                      dependsOn: [],
                      userProperties: [],
                      typeProperties: {
                        method: 'POST',
                        url: expr("@concat(pipeline().globalParameters.apiBase, '/done')"),
                        body: expr('@json(concat(\'{"file":"\', item().name, \'"}\'))'),
                      },
                    },
                  ],
                  ifFalseActivities: [
                    {
                      name: 'No rows',
                      type: 'Fail',
                      dependsOn: [],
                      userProperties: [],
                      typeProperties: {
                        message: expr("@concat('no rows in ', item().name)"),
                        errorCode: 'NODATA',
                      },
                    },
                  ],
                },
              },
            ],
          },
        },
        {
          name: 'Set status',
          type: 'SetVariable',
          dependsOn: dep('For each file'),
          userProperties: [],
          typeProperties: { variableName: 'status', value: expr("@string(length(variables('files')))") },
        },
        {
          name: 'Log',
          type: 'Script',
          dependsOn: dep('Set status'),
          userProperties: [],
          linkedServiceName: { referenceName: 'LS_Sql', type: 'LinkedServiceReference' },
          typeProperties: {
            scripts: [
              {
                type: 'NonQuery',
                text: expr("@concat('INSERT INTO log VALUES (''', pipeline().RunId, ''')')"),
              },
            ],
          },
        },
        {
          name: 'Transform',
          type: 'DatabricksNotebook',
          dependsOn: dep('Log'),
          userProperties: [],
          linkedServiceName: { referenceName: 'LS_Databricks', type: 'LinkedServiceReference' },
          typeProperties: {
            notebookPath: '/Shared/etl/transform',
            baseParameters: {
              date: '@pipeline().parameters.runDate',
              files: "@join(variables('files'), ',')",
            },
          },
        },
        {
          name: 'Cool down',
          type: 'Wait',
          dependsOn: dep('Transform'),
          userProperties: [],
          typeProperties: { waitTimeInSeconds: 1 },
        },
      ],
      annotations: [],
    },
  };
}

/** Writes the generated factory (exported for profiling). */
export function writeFactory(dir: string, pipelines: number): void {
  const put = (folder: string, name: string, value: unknown): void => {
    mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(join(dir, folder, `${name}.json`), JSON.stringify(value, null, '\t'));
  };
  put('factory', 'BenchFactory', {
    name: 'BenchFactory',
    properties: { globalParameters: { apiBase: { type: 'string', value: 'https://x' } } },
  });
  put('linkedService', 'LS_Files', {
    name: 'LS_Files',
    properties: { type: 'FileServer', typeProperties: { host: 'data' } },
  });
  put('linkedService', 'LS_Sql', {
    name: 'LS_Sql',
    properties: { type: 'AzureSqlDatabase', typeProperties: { connectionString: 'x' } },
  });
  put('linkedService', 'LS_Databricks', {
    name: 'LS_Databricks',
    properties: { type: 'AzureDatabricks', typeProperties: { domain: 'https://x' } },
  });
  for (let d = 0; d < 50; d++)
    put('dataset', `DS_${d}`, {
      name: `DS_${d}`,
      properties: {
        type: 'DelimitedText',
        linkedServiceName: { referenceName: 'LS_Files', type: 'LinkedServiceReference' },
        parameters: { file: { type: 'string' } },
        typeProperties: {
          location: {
            type: 'FileServerLocation',
            fileName: { value: '@dataset().file', type: 'Expression' },
          },
        },
      },
    });
  for (let i = 0; i < pipelines; i++) put('pipeline', `PL_Load_${i}`, pipeline(i));
}

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/** Median wall time of `runs` fresh `node <args>` processes. */
function spawnedMs(args: readonly string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
    times.push(ms(t0));
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${String(r.stdout)}`);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? Number.NaN;
}

/** Reads and JSON.parses every file of the factory (the floor for loading it). */
const READ_AND_PARSE = `
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const dir = process.argv[1];
for (const folder of readdirSync(dir))
  for (const f of readdirSync(join(dir, folder))) JSON.parse(readFileSync(join(dir, folder, f), 'utf8'));
`;

/**
 * `millrace validate` of a generated factory of 1,000 pipelines (~10 activities each): cold, as a user runs
 * it (a fresh `node dist/cli/main.js validate --json` process, median of 3; needs `npm run build`), and warm
 * in this process (median of 3 after a first run). Baselines: reading + JSON.parse of the same files, in a
 * fresh process and in this one.
 */
export async function benchValidate(pipelines = 1000): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'millrace-bench-validate-'));
  try {
    writeFactory(dir, pipelines);
    const cold = spawnedMs([cli, 'validate', '--project', dir, '--json'], 3);
    const coldBaseline = spawnedMs(['-e', READ_AND_PARSE, dir], 3);
    const runs: number[] = [];
    let errors = 0;
    let first = '';
    for (let k = 0; k < 4; k++) {
      const t0 = process.hrtime.bigint();
      const report = validateProject(await loadProject(dir));
      runs.push(ms(t0));
      errors = report.errorCount;
      first = report.diagnostics[0]?.message ?? '';
    }
    if (errors > 0) throw new Error(`generated factory is not clean: ${first}`);
    const warm = [...runs.slice(1)].sort((a, b) => a - b)[1] ?? 0;
    const t1 = process.hrtime.bigint();
    for (const folder of readdirSync(dir))
      for (const f of readdirSync(join(dir, folder))) JSON.parse(readFileSync(join(dir, folder, f), 'utf8'));
    const baseline = ms(t1);
    return [
      {
        name: `validate: millrace validate of ${pipelines} pipelines, cold CLI`,
        value: Math.round(cold),
        unit: 'ms',
        target: '< 2 s',
        baseline: { name: 'node reading + JSON.parse of the same files', value: Math.round(coldBaseline) },
        note: 'fresh `node dist/cli/main.js validate --json` process, median of 3 (what a user waits for)',
      },
      {
        name: `validate: load + validate ${pipelines} pipelines, warm in-process`,
        value: Math.round(warm),
        unit: 'ms',
        baseline: { name: 'read + JSON.parse of the same files', value: Math.round(baseline) },
        note: `median of 3 warm runs (first in-process run: ${Math.round(runs[0] ?? 0)} ms)`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
