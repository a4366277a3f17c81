import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActivityExecutor } from '../contracts/index.js';
import type { JsonObject } from '../model/index.js';
import { copyActivity } from './copy/copy-activity.js';
import { createCustomExecutor } from './custom/custom-activity.js';
import { createDatabricksNotebookExecutor } from './databricks-notebook/databricks-notebook-activity.js';
import { createDatabricksSparkPythonExecutor } from './databricks-spark-python/databricks-spark-python-activity.js';
import { scriptActivity } from './script/script-activity.js';
import { dataContext, fakeDataAccess, fileDataset, put, tempProject } from './testing/data-fixtures.js';
import { fakeActivityContext } from './testing/fake-activity-context.js';

/*
 * Copy, Script, DatabricksNotebook, DatabricksSparkPython and Custom derive their settings from their shapes; what
 * a shape leaves to the executor (`checkedByExecutor`, `lenient`, `unread`) is still reported with the executor's
 * own code and message, and a value the executor ignored is still ignored, never `activity/invalid-settings`.
 */

const dir = mkdtempSync(join(tmpdir(), 'millrace-checked-'));
const local = { notebooks: {}, projectDir: dir, dbfsRoot: join(dir, 'dbfs'), logDir: join(dir, 'logs') };

const at = 'typeProperties.scripts[0]';
const script = (tp: JsonObject) => scriptActivity.execute(fakeActivityContext('Script', tp));

describe('Script: the executor reports what its shape leaves to it', () => {
  it.each([
    [{}, 'typeProperties.scripts must be a non-empty array'],
    [{ scripts: 5 }, 'typeProperties.scripts must be a non-empty array'],
    [{ scripts: [] }, 'typeProperties.scripts must be a non-empty array'],
    [{ scripts: [5] }, `${at}.text is required`],
    [{ scripts: [{ text: 5 }] }, `${at}.text is required`],
    [{ scripts: [{ text: '  ' }] }, `${at}.text is required`],
    [{ scripts: [{ text: 'SELECT 1', type: 7 }] }, `${at}.type 7 is not one of Query, NonQuery`],
    [{ scripts: [{ text: 'SELECT 1', parameters: [5] }] }, `${at}.parameters[0].name is required`],
    [{ scripts: [{ text: 'SELECT 1', parameters: [{ name: 3 }] }] }, `${at}.parameters[0].name is required`],
    [
      { scripts: [{ text: 'SELECT 1', parameters: [{ name: 'n', direction: 7 }] }] },
      `${at}.parameters[0].direction 7 is not one of Input, Output, InputOutput`,
    ],
    [
      { scripts: [{ text: 'SELECT 1' }], scriptBlockExecutionTimeout: 'soon' },
      'scriptBlockExecutionTimeout "soon" is not [d.]hh:mm:ss',
    ],
    [
      { scripts: [{ text: 'SELECT 1' }], scriptReference: {} },
      'scriptReference is not supported; put the script in scripts[].text',
    ],
    [
      { scripts: [{ text: 'SELECT 1' }], millrace: { output: 'x' } },
      'typeProperties.millrace.output needs a dataset reference and a query',
    ],
    [
      { scripts: [{ text: 'SELECT 1' }], millrace: { datasets: [5] } },
      'typeProperties.millrace.datasets[0].referenceName is required',
    ],
  ] as [JsonObject, string][])('%j: script/invalid-setting', async (tp, message) => {
    await expect(script(tp)).rejects.toMatchObject({ code: 'script/invalid-setting', message });
  });

  it('reports a parameter value that is not of its type with script/invalid-parameter', async () => {
    const tp = { scripts: [{ text: 'SELECT $n', parameters: [{ name: 'n', type: 'Int16', value: 'x' }] }] };
    await expect(script(tp)).rejects.toMatchObject({
      code: 'script/invalid-parameter',
      message: `${at}.parameters[0].value "x" is not a valid Int16`,
    });
  });

  it('ignores what it always ignored: a non-array parameter list, a non-string type, timeout or log settings', async () => {
    const out = await script({
      scripts: [
        { text: 'SELECT 1 AS one', parameters: 'none' },
        { text: 'SELECT $p AS v', type: null, parameters: [{ name: '@p', type: 5, value: 'a' }] },
      ],
      scriptBlockExecutionTimeout: 5,
      logSettings: 'x',
      millrace: 'x',
    });
    expect(out).toMatchObject({ resultSets: [{ rows: [{ one: 1 }] }, { rows: [{ v: 'a' }] }] });
  });
});

describe('Copy: a source, sink or setting it never read strictly does not fail it', () => {
  it('copies with a non-object source and sink and unread or non-numeric settings', async () => {
    const p = await tempProject();
    await put(join(p.data, 'raw/a.csv'), 'id\n1\n');
    const csv = { columnDelimiter: ',', firstRowAsHeader: true };
    const data = fakeDataAccess({
      In: fileDataset(p.connector, 'DelimitedText', { folderPath: 'raw', fileName: 'a.csv' }, csv),
      Out: fileDataset(p.connector, 'DelimitedText', { folderPath: 'out', fileName: 'a.csv' }, csv),
    });
    const tp = {
      source: 5,
      sink: { type: 'DelimitedTextSink', storeSettings: 'x', formatSettings: [] },
      parallelCopies: 'many',
      enableStaging: 'maybe',
      dataIntegrationUnits: 'lots',
      enableSkipIncompatibleRow: 'perhaps',
      logSettings: 7,
    };
    const out = await copyActivity.execute(
      dataContext('Copy', tp, data, { inputs: ['In'], outputs: ['Out'] }),
    );
    expect(out).toMatchObject({ rowsCopied: 1, filesWritten: 1, usedParallelCopies: 1 });
  });
});

describe('DatabricksNotebook, DatabricksSparkPython, Custom: the notebook runtime reports their settings', () => {
  const executors: Readonly<Record<string, ActivityExecutor>> = {
    DatabricksNotebook: createDatabricksNotebookExecutor(local),
    DatabricksSparkPython: createDatabricksSparkPythonExecutor(local),
    Custom: createCustomExecutor(local),
  };
  const notEmpty = (key: string) => `typeProperties.${key} must be a non-empty string`;
  it.each([
    ['DatabricksNotebook', {}, notEmpty('notebookPath')],
    ['DatabricksNotebook', { notebookPath: 5 }, notEmpty('notebookPath')],
    ['DatabricksNotebook', { notebookPath: '' }, notEmpty('notebookPath')],
    [
      'DatabricksNotebook',
      { notebookPath: '/n', baseParameters: [1] },
      'typeProperties.baseParameters must be an object',
    ],
    ['DatabricksSparkPython', { pythonFile: {} }, notEmpty('pythonFile')],
    [
      'DatabricksSparkPython',
      { pythonFile: 'a.py', parameters: { a: 1 } },
      'typeProperties.parameters must be an array',
    ],
    ['Custom', { command: ['ls'] }, notEmpty('command')],
    ['Custom', { command: 'ls', folderPath: 5 }, 'typeProperties.folderPath must be a string'],
  ] as [string, JsonObject, string][])('%s %j', async (type, tp, message) => {
    const executor = executors[type];
    if (executor === undefined) throw new Error(type);
    await expect(executor.execute(fakeActivityContext(type, tp))).rejects.toMatchObject({
      code: 'activity/invalid-process-input',
      message: `${type} "Act": ${message}`,
    });
  });
});
