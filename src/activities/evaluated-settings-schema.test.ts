import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ActivityTypeDescription } from '../contracts/index.js';
import type { JsonValue, TypePropertiesShape, ValueShape } from '../model/index.js';
import { shapes as s } from '../model/index.js';
import { BUILTIN_ACTIVITIES } from './builtin-types.js';
import { copySettingsSchema } from './copy/copy-settings.js';
import { copyType } from './copy/copy-type.js';
import { customSettingsSchema } from './custom/custom-settings.js';
import { customType } from './custom/custom-type.js';
import { databricksNotebookSettingsSchema } from './databricks-notebook/databricks-notebook-settings.js';
import { databricksNotebookType } from './databricks-notebook/databricks-notebook-type.js';
import { databricksSparkPythonSettingsSchema } from './databricks-spark-python/databricks-spark-python-settings.js';
import { databricksSparkPythonType } from './databricks-spark-python/databricks-spark-python-type.js';
import { deleteActivity } from './delete/delete-activity.js';
import { deleteSettingsSchema } from './delete/delete-settings.js';
import { deleteType } from './delete/delete-type.js';
import { evaluatedSettingsSchema } from './evaluated-settings-schema.js';
import { getMetadataActivity } from './get-metadata/get-metadata-activity.js';
import { getMetadataSettingsSchema } from './get-metadata/get-metadata-settings.js';
import { getMetadataType } from './get-metadata/get-metadata-type.js';
import { lookupActivity } from './lookup/lookup-activity.js';
import { lookupSettingsSchema } from './lookup/lookup-settings.js';
import { lookupType } from './lookup/lookup-type.js';
import { scriptSettingsSchema } from './script/script-settings.js';
import { scriptType } from './script/script-type.js';
import { dataContext, fakeDataAccess } from './testing/data-fixtures.js';
import { azureFunctionSettingsSchema, webSettingsSchema, webhookSettingsSchema } from './web/web-settings.js';
import { azureFunctionType, webActivityType, webhookType } from './web/web-types.js';

const ref = { referenceName: 'D', type: 'DatasetReference' };

/** Issue paths of a failed parse (empty when it parsed). */
function issuePaths(schema: z.ZodType, input: unknown): string[] {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
}

describe('evaluatedSettingsSchema', () => {
  const schema = evaluatedSettingsSchema({
    text: s.dynamicString(),
    count: s.dynamicNumber(),
    flag: s.dynamicBoolean(),
    literal: s.boolean(),
    dataset: s.reference('DatasetReference'),
    nested: s.fields({ name: s.string(), size: s.optional(s.dynamicNumber()) }),
    list: s.arrayOf(s.fields({ on: s.dynamicBoolean() })),
    object: s.optional(s.anyObject()),
    array: s.optional(s.anyArray()),
    anything: s.optional(s.any()),
  });
  const valid = {
    text: 'a',
    count: 2,
    flag: true,
    literal: false,
    dataset: ref,
    nested: { name: 'n' },
    list: [{ on: false }],
  };

  it('maps each shape to the schema of its evaluated value, objects loose', () => {
    const parsed = schema.parse({ ...valid, extra: [1], nested: { name: 'n', more: 'kept' } });
    expect(parsed).toEqual({ ...valid, extra: [1], nested: { name: 'n', more: 'kept' } });
    const typed: { text: string; count: number; flag: boolean; dataset: { referenceName: string } } = parsed;
    expect(typed.dataset.referenceName).toBe('D');
  });

  it('takes a numeric string for a number and "true"/"false" for a boolean, as ADF does', () => {
    const parsed = schema.parse({
      ...valid,
      count: ' -1.5e1 ',
      flag: 'false',
      nested: { name: 'n', size: '3' },
    });
    expect([parsed.count, parsed.flag, parsed.nested.size]).toEqual([-15, false, 3]);
  });

  it.each([
    ['text', 5],
    ['count', 'three'],
    ['count', ''],
    ['flag', 'yes'],
    ['literal', 'true'],
    ['dataset', 'D'],
    ['dataset', { referenceName: 'D' }],
    ['nested', 'n'],
    ['list', { on: true }],
    ['object', [1]],
    ['array', {}],
  ] as const)('rejects %s = %j, naming the property', (key, value) => {
    expect(issuePaths(schema, { ...valid, [key]: value })[0]).toMatch(new RegExp(`^${key}(\\.|$)`));
  });

  it('requires what the shape requires, nested properties and array items too', () => {
    const { text: _text, ...noText } = valid;
    expect(issuePaths(schema, noText)).toEqual(['text']);
    expect(issuePaths(schema, { ...valid, nested: {} })).toEqual(['nested.name']);
    expect(issuePaths(schema, { ...valid, list: [{ on: true }, {}] })).toEqual(['list.1.on']);
    expect(issuePaths(schema, valid)).toEqual([]);
  });

  it('gives a default to an absent property, a fresh copy each time', () => {
    const withDefaults = evaluatedSettingsSchema({
      n: s.withDefault(s.optional(s.dynamicNumber()), 1),
      o: s.withDefault(s.optional(s.anyObject()), {}),
    });
    const first = withDefaults.parse({});
    expect(first).toEqual({ n: 1, o: {} });
    expect(withDefaults.parse({}).o).not.toBe(first.o);
    expect(withDefaults.parse({ n: '4' }).n).toBe(4);
    expect(issuePaths(withDefaults, { n: 'x' })).toEqual(['n']);
  });

  it('applies atRunTime: checkedByExecutor (absent allowed, a wrong value not), lenient, unread', () => {
    const runtime = evaluatedSettingsSchema({
      checked: s.checkedByExecutor(s.reference('DatasetReference')),
      lenient: s.lenient(s.withDefault(s.optional(s.dynamicBoolean()), true)),
      lenientNoDefault: s.lenient(s.optional(s.anyObject())),
      unread: s.unread(s.dynamicNumber()),
    });
    expect(runtime.parse({})).toEqual({ lenient: true });
    expect(issuePaths(runtime, { checked: 'D' })).toEqual(['checked']);
    const parsed = runtime.parse({ lenient: 'maybe', lenientNoDefault: 'x', unread: 'not a number' });
    expect(parsed).toEqual({ lenient: true, unread: 'not a number' });
    expect(runtime.parse({ lenient: 'false', lenientNoDefault: { a: 1 } })).toEqual({
      lenient: false,
      lenientNoDefault: { a: 1 },
    });
  });

  it('picks up a property added to a shape: a type mismatch is rejected, a numeric string converted', () => {
    const before = evaluatedSettingsSchema(lookupType.typeProperties);
    const after = evaluatedSettingsSchema({ ...lookupType.typeProperties, batchSize: s.dynamicNumber() });
    const settings = { dataset: ref, batchSize: 'many' };
    expect(before.safeParse(settings).success).toBe(true);
    expect(issuePaths(after, settings)).toEqual(['batchSize']);
    expect(issuePaths(after, { dataset: ref })).toEqual(['batchSize']);
    expect(after.parse({ dataset: ref, batchSize: '50' }).batchSize).toBe(50);
  });
});

describe('evaluatedSettingsSchema with rules', () => {
  const schema = evaluatedSettingsSchema(
    {
      method: s.string(),
      timeout: s.withDefault(s.optional(s.dynamicString()), '1s'),
      count: s.optional(s.dynamicNumber()),
      url: s.optional(s.dynamicString()),
    },
    {
      method: z.enum(['GET', 'POST']),
      timeout: z
        .string()
        .regex(/^\d+s$/)
        .transform((t) => Number(t.slice(0, -1)) * 1000),
      count: z.number().max(3, { error: 'at most 3' }),
      url: z.url({ error: 'expected a URL' }),
    },
  );

  it('replaces a value, or the default of an absent one, with its rule output; an absent one stays absent', () => {
    const parsed = schema.parse({ method: 'GET', timeout: '3s', count: '2', other: 1 });
    expect(parsed).toEqual({ method: 'GET', timeout: 3000, count: 2, other: 1 });
    const typed: { method: 'GET' | 'POST'; timeout: number; count?: number | undefined } = parsed;
    expect(typed.timeout).toBe(3000);
    expect(schema.parse({ method: 'POST' })).toEqual({ method: 'POST', timeout: 1000 });
  });

  it('runs a rule on the value the shape made, and reports every failing property in one pass', () => {
    expect(issuePaths(schema, { method: 'PUT', timeout: 'soon', count: '4' })).toEqual([
      'method',
      'timeout',
      'count',
    ]);
    expect(schema.safeParse({ method: 'GET', count: '4' }).error?.issues[0]?.message).toBe('at most 3');
  });

  it('keeps the shape deciding what is required and of what type, with the rule message where both reject', () => {
    expect(issuePaths(schema, { timeout: '2s' })).toEqual(['method']);
    const wrong = schema.safeParse({ method: 'GET', url: 5, count: true }).error?.issues;
    expect(wrong?.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['count', 'Invalid input: expected number, received boolean'],
      ['url', 'expected a URL'],
    ]);
  });
});

/** A built-in type whose settings derive from its shape, and settings that parse (values the rules accept). */
interface Derived {
  readonly description: ActivityTypeDescription & { readonly typeProperties: TypePropertiesShape };
  readonly schema: z.ZodType;
  readonly valid: Readonly<Record<string, JsonValue>>;
}

const DERIVED: Readonly<Record<string, Derived>> = {
  Lookup: { description: lookupType, schema: lookupSettingsSchema, valid: { dataset: ref } },
  Delete: { description: deleteType, schema: deleteSettingsSchema, valid: { dataset: ref } },
  GetMetadata: { description: getMetadataType, schema: getMetadataSettingsSchema, valid: { dataset: ref } },
  WebActivity: {
    description: webActivityType,
    schema: webSettingsSchema,
    valid: { method: 'GET', url: 'http://x/' },
  },
  WebHook: { description: webhookType, schema: webhookSettingsSchema, valid: { url: 'http://x/' } },
  AzureFunctionActivity: {
    description: azureFunctionType,
    schema: azureFunctionSettingsSchema,
    valid: { functionName: 'f', method: 'GET' },
  },
  Copy: {
    description: copyType,
    schema: copySettingsSchema,
    valid: { source: { type: 'DelimitedTextSource' }, sink: { type: 'DelimitedTextSink' } },
  },
  Script: {
    description: scriptType,
    schema: scriptSettingsSchema,
    valid: { scripts: [{ text: 'SELECT 1' }] },
  },
  DatabricksNotebook: {
    description: databricksNotebookType,
    schema: databricksNotebookSettingsSchema,
    valid: { notebookPath: '/n' },
  },
  DatabricksSparkPython: {
    description: databricksSparkPythonType,
    schema: databricksSparkPythonSettingsSchema,
    valid: { pythonFile: 'a.py' },
  },
  Custom: { description: customType, schema: customSettingsSchema, valid: { command: 'ls' } },
};

/** A value of the wrong type for a shape, or undefined where every value fits. */
function wrongValue(v: ValueShape): JsonValue | undefined {
  switch (v.kind) {
    case 'string':
    case 'dynamicString':
    case 'reference':
    case 'fields':
    case 'anyObject':
    case 'anyArray':
    case 'arrayOf':
      return 5;
    case 'dynamicNumber':
    case 'dynamicBoolean':
    case 'boolean':
      return 'neither';
    default:
      return undefined;
  }
}

describe('the built-in activity types', () => {
  it('each derive their settings from their shape', () => {
    const types = BUILTIN_ACTIVITIES.map((b) => b.description.type).sort();
    expect(Object.keys(DERIVED).sort()).toEqual(types);
    for (const [type, d] of Object.entries(DERIVED)) {
      expect(BUILTIN_ACTIVITIES.find((b) => b.description.type === type)?.description, type).toBe(
        d.description,
      );
    }
  });

  it.each(Object.entries(DERIVED))(
    '%s: a property its shape requires is required at run time too, unless the shape says otherwise',
    (type, d) => {
      expect(issuePaths(d.schema, d.valid), type).toEqual([]);
      for (const [key, v] of Object.entries(d.description.typeProperties)) {
        const { [key]: _absent, ...without } = d.valid;
        const excused = v.optional === true || v.default !== undefined || v.atRunTime !== undefined;
        expect(issuePaths(d.schema, without), `${type}.${key} absent`).toEqual(excused ? [] : [key]);
      }
    },
  );

  it.each(Object.entries(DERIVED))(
    '%s: a value of the wrong type is rejected where the shape checks it',
    (type, d) => {
      for (const [key, v] of Object.entries(d.description.typeProperties)) {
        const wrong = wrongValue(v);
        if (wrong === undefined || v.atRunTime === 'lenient' || v.atRunTime === 'unread') continue;
        expect(
          issuePaths(d.schema, { ...d.valid, [key]: wrong })[0],
          `${type}.${key} = ${JSON.stringify(wrong)}`,
        ).toMatch(new RegExp(`^${key}(\\.|$)`));
      }
    },
  );

  it('keep what the hand-written settings did: defaults, lenient values, conversions', () => {
    expect(lookupSettingsSchema.parse({ dataset: ref, source: 'x', firstRowOnly: 'maybe' })).toEqual({
      dataset: ref,
      source: {},
      firstRowOnly: true,
    });
    expect(lookupSettingsSchema.parse({ source: { sqlReaderQuery: 'q' }, firstRowOnly: 'false' })).toEqual({
      source: { sqlReaderQuery: 'q' },
      firstRowOnly: false,
    });
    expect(getMetadataSettingsSchema.parse({ fieldList: [1, 'itemName'] })).toEqual({
      fieldList: ['1', 'itemName'],
    });
    expect(getMetadataSettingsSchema.parse({ fieldList: 'itemName' })).toEqual({ fieldList: [] });
    expect(deleteSettingsSchema.parse({ enableLogging: 1, logStorageSettings: 'x' })).toMatchObject({
      enableLogging: false,
      logStorageSettings: undefined,
    });
    // A difference: ADF's "true" for a boolean now turns logging on (the hand-written schema took only `true`).
    expect(deleteSettingsSchema.parse({ enableLogging: 'true' })).toMatchObject({ enableLogging: true });
    // Copy: a source or sink that is not an object is `{}`, settings that are not objects are absent.
    expect(copySettingsSchema.parse({ source: 5, sink: { type: 'S', storeSettings: 'x' } })).toEqual({
      source: {},
      sink: { type: 'S' },
    });
    // Script: a block or parameter that does not fit reaches the executor as undefined, which reports it.
    expect(
      scriptSettingsSchema.parse({ scripts: [5, { text: 'q', parameters: [{ name: 1, type: 2 }, 'p'] }] }),
    ).toEqual({ scripts: [undefined, { text: 'q', parameters: [{}, undefined] }] });
    expect(customSettingsSchema.parse({ command: 5, folderPath: 5 })).toEqual({ folderPath: 5 });
    // A difference: ADF's "true" and "4" now count for Copy (the hand-written reading took only `true` and 4).
    expect(
      copySettingsSchema.parse({ enableSkipIncompatibleRow: 'true', parallelCopies: '4' }),
    ).toMatchObject({ enableSkipIncompatibleRow: true, parallelCopies: 4 });
    expect(webhookSettingsSchema.parse({ url: 'http://x/', body: null, method: 'post' })).toEqual({
      url: 'http://x/',
      method: 'POST',
      body: {},
      timeout: 600_000,
      reportStatusOnCallBack: false,
    });
  });

  it.each([
    ['Lookup', lookupActivity, 'lookup/invalid-setting'],
    ['Delete', deleteActivity, 'delete/invalid-setting'],
    ['GetMetadata', getMetadataActivity, 'get-metadata/invalid-setting'],
  ] as const)(
    '%s: the dataset its shape leaves to the executor is reported with its own code',
    async (type, e, code) => {
      expect(DERIVED[type]?.description.typeProperties['dataset']?.atRunTime).toBe('checkedByExecutor');
      await expect(e.execute(dataContext(type, {}, fakeDataAccess({})))).rejects.toMatchObject({
        code,
        message: `${type} Act: typeProperties.dataset is required`,
      });
    },
  );
});
