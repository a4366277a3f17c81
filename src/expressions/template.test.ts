import { describe, expect, it } from 'vitest';
import { isExpressionString, parseTemplate } from './template-parser.js';
import { ev, evError, testContext } from './testing/eval-helpers.js';
import { evaluateDynamic } from './evaluate-template.js';

const params = { parameters: { myString: 'foo', myNumber: 42 } };

describe('templates (ADF expression embedding rules)', () => {
  it.each([
    ['parameters', 'parameters'],
    ['parameters[1]', 'parameters[1]'],
    ['@@', '@'],
    [' @', ' @'],
    ['@pipeline().parameters.myString', 'foo'],
    ['@pipeline().parameters.myNumber', 42],
    ['@{pipeline().parameters.myNumber}', '42'],
    ['Answer is: @{pipeline().parameters.myNumber}', 'Answer is: 42'],
    ['Answer is: @@{pipeline().parameters.myNumber}', 'Answer is: @{pipeline().parameters.myNumber}'],
    ["@concat('Answer is: ', string(pipeline().parameters.myNumber))", 'Answer is: 42'],
    ["@concat(  'x1'  ,\n 'x2','x3'  )", 'x1x2x3'],
    ['@@foo', '@foo'],
    ['a@b.com', 'a@b.com'],
    ['a@@b', 'a@@b'],
    ['@{1}@{2}', '12'],
    ['x@{true}y@{null}z', 'xTrueyz'],
    ["@{concat('a', '@{b}')}", 'a@{b}'],
    ["@{createArray(1, 'a')}", '[1,"a"]'],
    ['', ''],
  ])('%j → %j', (text, expected) => {
    expect(ev(text, params)).toEqual(expected);
  });

  it('classifies strings without parsing', () => {
    expect(isExpressionString('@x()')).toBe(true);
    expect(isExpressionString('a @{x()}')).toBe(true);
    expect(isExpressionString('@@x')).toBe(false);
    expect(isExpressionString('a @@{x}')).toBe(false);
    expect(isExpressionString('mail@example.com')).toBe(false);
    expect(isExpressionString('@@@{x()}')).toBe(true);
  });

  it('gives the template structure with offsets into the original string', () => {
    const t = parseTemplate('ab @{x()} cd');
    expect(t.kind).toBe('InterpolatedTemplate');
    if (t.kind !== 'InterpolatedTemplate') return;
    expect(t.parts.map((p) => [p.kind, p.start, p.end])).toEqual([
      ['Text', 0, 3],
      ['Interpolation', 3, 9],
      ['Text', 9, 12],
    ]);
    expect(t.parts[1]).toMatchObject({ expression: { kind: 'Call', name: 'x', start: 5 } });
  });

  it.each([
    ['@', 0],
    ['@{}', 2],
    ['a @{x()', 2],
    ['a @{x() y}', 8],
    ['@x() }', 5],
    ["@{'abc}", 2],
  ])('rejects %j at offset %i', (text, position) => {
    expect(() => parseTemplate(text)).toThrow(expect.objectContaining({ code: 'expr/syntax', position }));
  });

  it('points errors inside an interpolation at the original string', () => {
    const text = 'prefix @{pipeline().parameters.nope} and @{div(1, 0)}';
    const err = evError(text, params);
    expect(err.code).toBe('expr/unknown-parameter');
    expect(err.position).toBe(text.indexOf('nope'));
    expect(err.length).toBe(4);
    expect(err.expression).toBe(text);
    const second = evError("x @{'ok'} y @{div(1, 0)}");
    expect(second.code).toBe('expr/division-by-zero');
    expect(second.position).toBe(14);
  });
});

describe('evaluateDynamic', () => {
  const ctx = testContext(params);
  it('evaluates strings, Expression objects, arrays and objects', () => {
    const input = {
      a: '@pipeline().parameters.myNumber',
      b: { value: "@concat('x', pipeline().parameters.myString)", type: 'Expression' },
      c: ['plain', '@{pipeline().parameters.myNumber}', 7],
      d: { e: 'literal', f: null },
    };
    expect(evaluateDynamic(input, ctx)).toEqual({
      a: 42,
      b: 'xfoo',
      c: ['plain', '42', 7],
      d: { e: 'literal', f: null },
    });
  });
  it('returns the same object when nothing is dynamic', () => {
    const input = { a: 'x', b: [1, 'y', { c: 'mail@example.com' }], d: true };
    expect(evaluateDynamic(input, ctx)).toBe(input);
    const partly = { same: { k: 'v' }, changed: '@@' };
    const out = evaluateDynamic(partly, ctx) as Record<string, unknown>;
    expect(out).not.toBe(partly);
    expect(out['same']).toBe(partly.same);
    expect(out['changed']).toBe('@');
  });
});
