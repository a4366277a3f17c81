import { describe, expect, it } from 'vitest';
import { ev, evError, evJson } from './testing/eval-helpers.js';
import type { TestContext } from './testing/eval-helpers.js';

const ctx: TestContext = {
  parameters: { root: 'raw', MixedCase: 1, obj: { a: { b: [10, 20] } }, nothing: null },
  globalParameters: { env: 'dev' },
  variables: { files: ['a.csv', 'b.csv'], flag: true },
  pipeline: { RunId: 'run-1', Pipeline: 'daily', TriggerType: 'Manual' },
  activities: {
    Copy: { status: 'Succeeded', output: { filesRead: 3, rows: [{ name: 'x' }] } },
    Broken: { status: 'Failed', error: { errorCode: '2011', message: 'boom' } },
  },
  item: { name: 'file.csv', size: 10 },
  dataset: { folder: 'in' },
  linkedService: { account: 'acct' },
  trigger: { outputs: { windowStartTime: '2024-01-01T00:00:00Z' } },
  triggerBody: { fileName: 'f.csv' },
};

describe('reference functions', () => {
  it.each([
    ['@pipeline().parameters.root', 'raw'],
    ["@pipeline().parameters['root']", 'raw'],
    ['@pipeline().parameters.mixedcase', 1],
    ['@PIPELINE().Parameters.ROOT', 'raw'],
    ['@pipeline().globalParameters.env', 'dev'],
    ['@pipeline().RunId', 'run-1'],
    ['@pipeline().runid', 'run-1'],
    ['@pipeline()?.TriggeredByPipelineName', null],
    ['@pipeline().parameters.obj.a.b[1]', 20],
    ["@variables('files')[0]", 'a.csv'],
    ["@activity('Copy').output.filesRead", 3],
    ["@activity('Copy').Status", 'Succeeded'],
    ["@activity('copy').output.rows[0].name", 'x'],
    ["@activity('Broken').error.message", 'boom'],
    ["@activity('Broken').Error.Message", 'boom'],
    ['@item().name', 'file.csv'],
    ['@dataset().folder', 'in'],
    ['@linkedService().account', 'acct'],
    ['@trigger().outputs.windowStartTime', '2024-01-01T00:00:00Z'],
    ['@triggerBody().fileName', 'f.csv'],
    ["@activity('Copy').output?.missing", null],
    ['@pipeline().parameters?.missing', null],
    ['@pipeline().parameters.nothing?.x', null],
    ["@variables('files')?[5]", null],
  ])('%s → %j', (text, expected) => {
    expect(evJson(text, ctx)).toEqual(expected);
  });

  it('gives pipeline() as an object with parameters and globalParameters', () => {
    expect(evJson('@pipeline()', ctx)).toMatchObject({
      RunId: 'run-1',
      parameters: { root: 'raw' },
      globalParameters: { env: 'dev' },
    });
  });

  it.each([
    ['@pipeline().parameters.nope', 'expr/unknown-parameter', 'nope', 'root'],
    ['@pipeline().globalParameters.nope', 'expr/unknown-global-parameter', 'nope', 'env'],
    ["@variables('nope')", 'expr/unknown-variable', "'nope'", 'files'],
    ["@activity('Nope').output", 'expr/unknown-activity', "'Nope'", 'Copy'],
    ["@activity('Copy').output.filesWritten", 'expr/missing-property', 'filesWritten', 'filesRead'],
    ['@pipeline().TriggeredByPipelineName', 'expr/missing-property', 'TriggeredByPipelineName', 'RunId'],
  ])('%s fails with %s naming what is missing', (text, code, span, known) => {
    const err = evError(text, ctx);
    expect(err.code).toBe(code);
    expect(err.position).toBe(text.indexOf(span));
    expect(err.length).toBe(span.length);
    expect(err.message).toContain(span.replace(/'/g, ''));
    expect(err.message).toContain(known);
  });

  it('reports reference functions used outside their scope', () => {
    expect(evError('@item()').code).toBe('expr/item-outside-foreach');
    expect(evError('@dataset().x').code).toBe('expr/no-scope');
    expect(evError('@linkedService().x').code).toBe('expr/no-scope');
    expect(evError('@triggerBody().x').code).toBe('expr/no-scope');
    expect(evError("@activity('A')").code).toBe('expr/unknown-activity');
    expect(evError('@variables(1)', ctx).code).toBe('expr/type');
    expect(evError('@pipeline(1)', ctx).code).toBe('expr/arity');
  });
});

describe('member access', () => {
  it('is an error on null, strings, numbers and arrays (unless null-safe on null)', () => {
    const e = evError('@pipeline().parameters.nothing.x', ctx);
    expect(e.code).toBe('expr/property-not-supported');
    expect(e.message).toContain("'Null'");
    expect(evError('@pipeline().parameters.root.length', ctx).code).toBe('expr/property-not-supported');
    expect(evError("@variables('files').count", ctx).code).toBe('expr/property-not-supported');
    expect(evError('@pipeline().parameters.root[0]', ctx).code).toBe('expr/property-not-supported');
  });
  it('indexes arrays with integers only and checks bounds', () => {
    expect(evJson("@createArray('a', createArray('b', 'c'))[1][0]")).toBe('b');
    const err = evError("@variables('files')[2]", ctx);
    expect(err.code).toBe('expr/index-out-of-range');
    expect(err.message).toContain("'2'");
    expect(evError("@variables('files')[-1]", ctx).code).toBe('expr/index-out-of-range');
    expect(evError("@variables('files')['0']", ctx).code).toBe('expr/type');
    expect(evError("@variables('files')[0.0]", ctx).code).toBe('expr/type');
  });
  it('indexes objects with computed names', () => {
    expect(evJson("@pipeline().parameters.obj[concat('', 'a')]['B'][0]", ctx)).toBe(10);
    expect(evError('@pipeline().parameters.obj[1]', ctx).code).toBe('expr/type');
  });
  it('null-safe access applies to one step only', () => {
    expect(evError('@pipeline().parameters.nothing?.x.y', ctx).code).toBe('expr/property-not-supported');
    expect(evJson('@pipeline().parameters.nothing?.x?.y', ctx)).toBe(null);
  });
  it('reads variables and activities case-insensitively when no exact match exists', () => {
    expect(ev("@variables('FLAG')", ctx)).toBe(true);
    expect(ev("@activity('COPY').status", ctx)).toBe('Succeeded');
  });
  it('does not expose JS prototype members', () => {
    expect(evError('@pipeline().parameters.constructor', ctx).code).toBe('expr/unknown-parameter');
    expect(evError("@item()['__proto__']", ctx).code).toBe('expr/missing-property');
  });
  it('reports unknown functions and arity at the call', () => {
    const err = evError("@concat('a', nope(1))");
    expect(err).toMatchObject({ code: 'expr/unknown-function', position: 13, length: 4 });
    expect(evError('@utcnow(1, 2, 3)').code).toBe('expr/arity');
  });
});

describe("member names with '-'", () => {
  it('reads pipeline().globalParameters.GP-Int and other dashed names after a dot', () => {
    const dashed: TestContext = {
      globalParameters: { 'GP-Int': 5 },
      activities: { Web: { status: 'Succeeded', output: { 'x-ms-id': 'abc' } } },
    };
    expect(ev('@pipeline().globalParameters.GP-Int', dashed)).toBe(5);
    expect(ev('@add(pipeline().globalParameters.GP-Int, -1)', dashed)).toBe(4);
    expect(ev("@activity('Web').output.x-ms-id", dashed)).toBe('abc');
  });
});
