import { describe, expect, it } from 'vitest';
import { checkTemplate } from './check-template.js';
import type { StaticScope } from './check-template.js';

const scope: StaticScope = {
  parameters: new Set(['root', 'Date']),
  globalParameters: new Set(['env']),
  variables: new Set(['files']),
  activities: new Set(['Copy']),
  inForEach: false,
  datasetParameters: new Set(['folder']),
  linkedServiceParameters: new Set(['account']),
};

const codes = (text: string, s: StaticScope = scope): string[] => checkTemplate(text, s).map((i) => i.code);

describe('checkTemplate', () => {
  it('accepts literals and valid expressions', () => {
    expect(checkTemplate('plain text', scope)).toEqual([]);
    expect(
      checkTemplate(
        "@concat(pipeline().parameters.root, variables('files')[0], activity('Copy').output.x)",
        scope,
      ),
    ).toEqual([]);
    expect(
      checkTemplate(
        'x @{pipeline().globalParameters.env} @{dataset().folder} @{linkedService().account}',
        scope,
      ),
    ).toEqual([]);
    expect(checkTemplate('@pipeline().parameters.date', scope)).toEqual([]);
  });
  it('reports syntax errors with their offset', () => {
    expect(checkTemplate("a @{concat('x'", scope)).toEqual([
      expect.objectContaining({ code: 'expr/syntax', severity: 'error', position: 10 }),
    ]);
  });
  it('reports unknown functions with a suggestion and arity errors', () => {
    const [unknown] = checkTemplate('@concta(1, 2)', scope);
    expect(unknown).toMatchObject({ code: 'expr/unknown-function', position: 1, length: 6 });
    expect(unknown!.message).toContain("did you mean 'concat'");
    expect(codes("@substring('a', 1)")).toEqual(['expr/arity']);
    expect(codes('@concat()')).toEqual(['expr/arity']);
    expect(codes('@concat(pipeline().parameters.root)')).toEqual([]);
    expect(codes("@union(variables('files'))")).toEqual([]);
    expect(codes('@item(1)', {})).toEqual(['expr/arity']);
    expect(codes('@UTCNOW()')).toEqual([]);
    expect(codes("@formatDateTime(utcNow(), 'yyyy')")).toEqual([]);
  });
  it('reports undeclared references, pointing at the name', () => {
    const text =
      "@concat(pipeline().parameters.nope, variables('v'), activity('X').output, item(), pipeline().globalParameters['g'], dataset().f, linkedService().l)";
    const issues = checkTemplate(text, scope);
    expect(issues.map((i) => i.code)).toEqual([
      'expr/unknown-parameter',
      'expr/unknown-variable',
      'expr/unknown-activity',
      'expr/item-outside-foreach',
      'expr/unknown-global-parameter',
      'expr/unknown-dataset-parameter',
      'expr/unknown-linked-service-parameter',
    ]);
    expect(issues[0]).toMatchObject({ position: text.indexOf('nope'), length: 4 });
    expect(issues[0]!.message).toContain('root');
    expect(issues[1]).toMatchObject({ position: text.indexOf("'v'"), length: 3 });
  });
  it('checks nothing for kinds whose set is not given', () => {
    expect(
      checkTemplate("@concat(pipeline().parameters.x, variables('y'), activity('z').output, item())", {}),
    ).toEqual([]);
    expect(codes('@item()', { inForEach: true })).toEqual([]);
  });
  it('downgrades to a warning behind ?.', () => {
    expect(checkTemplate('@pipeline().parameters?.nope', scope)).toEqual([
      expect.objectContaining({ code: 'expr/unknown-parameter', severity: 'warning' }),
    ]);
  });
  it('warns about expressions beyond 8,192 characters', () => {
    const text = `@concat('${'x'.repeat(9000)}', 'y')`;
    expect(checkTemplate(text, scope)).toEqual([
      expect.objectContaining({ code: 'expr/too-long', severity: 'warning' }),
    ]);
  });
  it('collects several findings instead of stopping at the first', () => {
    expect(codes("@{nope1()} @{nope2()} @{variables('q')}")).toEqual([
      'expr/unknown-function',
      'expr/unknown-function',
      'expr/unknown-variable',
    ]);
  });
});

describe("checkTemplate and member names with '-'", () => {
  it('checks pipeline().globalParameters.GP-Int against the declared names', () => {
    const dashed: StaticScope = { globalParameters: new Set(['GP-Int']) };
    expect(checkTemplate('@pipeline().globalParameters.GP-Int', dashed)).toEqual([]);
    expect(codes('@pipeline().globalParameters.GP-Other', dashed)).toEqual(['expr/unknown-global-parameter']);
  });
});
