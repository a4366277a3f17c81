import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallNode, IndexNode, LiteralNode, PropertyNode } from './ast/expr-node.js';
import type { ExprNode, LiteralValue } from './ast/expr-node.js';
import { isExpressionError } from './expression-error.js';
import { printExpression } from './printer.js';
import { parseExpression, parseTemplate } from './template-parser.js';
import { ExprFloat, ExprInt64 } from './value.js';

/** The node without offsets, floats marked, for structural comparison. */
function shape(node: ExprNode): unknown {
  switch (node.kind) {
    case 'Literal':
      return node.value instanceof ExprFloat ? { float: node.value.value } : node.value;
    case 'Call':
      return { call: node.name, args: node.args.map(shape) };
    case 'Property':
      return { prop: node.name, nullSafe: node.nullSafe, of: shape(node.object) };
    case 'Index':
      return { index: shape(node.index), nullSafe: node.nullSafe, of: shape(node.object) };
  }
}

describe('parseExpression', () => {
  it('keeps integer and float literals apart', () => {
    expect(parseExpression('42')).toMatchObject({ kind: 'Literal', value: 42 });
    expect(parseExpression('-5')).toMatchObject({ value: -5 });
    const two = parseExpression('2.0');
    expect(LiteralNode.is(two) && two.value instanceof ExprFloat && two.value.value).toBe(2);
    expect(parseExpression('1.5')).toMatchObject({ value: 1.5 });
    expect(parseExpression('.3')).toMatchObject({ value: 0.3 });
    expect(parseExpression('-.5')).toMatchObject({ value: -0.5 });
    expect(shape(parseExpression('1e3'))).toEqual({ float: 1000 });
  });

  it("reads single-quoted strings with '' as an escaped quote", () => {
    expect(parseExpression("'Baba''s'")).toMatchObject({ value: "Baba's" });
    expect(parseExpression("''")).toMatchObject({ value: '' });
    expect(parseExpression("'a\\nb'")).toMatchObject({ value: 'a\\nb' });
  });

  it('reads true, false and null in any case', () => {
    expect(parseExpression('true')).toMatchObject({ value: true });
    expect(parseExpression('FALSE')).toMatchObject({ value: false });
    expect(parseExpression('null')).toMatchObject({ value: null });
  });

  it('parses calls, property chains, indexes and null-safe access with offsets', () => {
    const node = parseExpression("activity('A').output?.rows[0]?['x']");
    expect(shape(node)).toEqual({
      index: 'x',
      nullSafe: true,
      of: {
        index: 0,
        nullSafe: false,
        of: {
          prop: 'rows',
          nullSafe: true,
          of: { prop: 'output', nullSafe: false, of: { call: 'activity', args: ['A'] } },
        },
      },
    });
    expect(node.start).toBe(0);
    expect(node.end).toBe(35);
    const inner = (node as IndexNode).object as IndexNode;
    expect(PropertyNode.is(inner.object) && inner.object.nameStart).toBe(22);
  });

  it('allows whitespace and newlines between tokens', () => {
    expect(shape(parseExpression("concat(  'x1'  ,\n 'x2','x3'  )"))).toEqual({
      call: 'concat',
      args: ['x1', 'x2', 'x3'],
    });
  });

  it('keeps function names as written', () => {
    const node = parseExpression('UTCNOW()');
    expect(CallNode.is(node) && node.name).toBe('UTCNOW');
  });

  it.each([
    ["concat('a'", 6, "missing ')'"],
    ["concat('a',)", 11, 'expected a function call or a literal'],
    ["'abc", 0, 'unterminated string'],
    ['foo', 0, 'not a function call'],
    ['a.b', 0, 'not a function call'],
    ['f().', 4, 'expected a property name'],
    ['f()[1', 5, "expected ']'"],
    ['f() g()', 4, 'after the end'],
    ['"x"', 0, 'single quotes'],
    ['f(1 2)', 4, "expected ',' or ')'"],
    ['f()?x', 3, "'?' must be followed"],
    ['1abc', 0, 'invalid number'],
    ['', 0, 'found end of expression'],
  ])('rejects %j at offset %i', (text, position, message) => {
    try {
      parseExpression(text);
      expect.unreachable();
    } catch (err) {
      expect(isExpressionError(err) && err.code).toBe('expr/syntax');
      expect(err).toMatchObject({ position, expression: text });
      expect((err as Error).message).toContain(message);
    }
  });

  it('reads integer literals in the Int64 range, rejects those beyond it', () => {
    expect(parseExpression('9007199254740991')).toMatchObject({ value: 9007199254740991 });
    expect(parseExpression('9007199254740993')).toMatchObject({ value: new ExprInt64(9007199254740993n) });
    expect(parseExpression('638396640000000001')).toMatchObject({
      value: new ExprInt64(638396640000000001n),
    });
    expect(parseExpression('-9223372036854775808')).toMatchObject({ value: new ExprInt64(-(2n ** 63n)) });
    expect(parseExpression('9223372036854775807')).toMatchObject({ value: new ExprInt64(2n ** 63n - 1n) });
    for (const text of ['9223372036854775808', '-9223372036854775809', '99999999999999999999'])
      expect(() => parseExpression(text)).toThrow(expect.objectContaining({ code: 'expr/integer-overflow' }));
  });

  it("reads '-' inside a member name after '.' as part of the name", () => {
    expect(shape(parseExpression('pipeline().globalParameters.GP-Int'))).toEqual({
      prop: 'GP-Int',
      nullSafe: false,
      of: { prop: 'globalParameters', nullSafe: false, of: { call: 'pipeline', args: [] } },
    });
    expect(shape(parseExpression("activity('A').output?.x-ms-id.a-1"))).toEqual({
      prop: 'a-1',
      nullSafe: false,
      of: {
        prop: 'x-ms-id',
        nullSafe: true,
        of: { prop: 'output', nullSafe: false, of: { call: 'activity', args: ['A'] } },
      },
    });
    expect(printExpression(parseExpression('pipeline().globalParameters.GP-Int'))).toBe(
      'pipeline().globalParameters.GP-Int',
    );
  });

  it("keeps '-' out of function names and still reads negative number arguments", () => {
    expect(shape(parseExpression('add(-1, -2.5)'))).toEqual({ call: 'add', args: [-1, -2.5] });
    expect(shape(parseExpression('f(x().a, -1)'))).toEqual({
      call: 'f',
      args: [{ prop: 'a', nullSafe: false, of: { call: 'x', args: [] } }, -1],
    });
    expect(() => parseExpression('add-days(1)')).toThrow(expect.objectContaining({ code: 'expr/syntax' }));
    expect(() => parseExpression('x().-a')).toThrow(expect.objectContaining({ code: 'expr/syntax' }));
    expect(() => parseExpression('x().a -1')).toThrow(expect.objectContaining({ code: 'expr/syntax' }));
  });

  it('rejects pathological nesting with a syntax error, not a stack overflow', () => {
    const deep = `${'f('.repeat(5000)}1${')'.repeat(5000)}`;
    expect(() => parseExpression(deep)).toThrow(expect.objectContaining({ code: 'expr/syntax' }));
  });
});

const ident = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
const literal: fc.Arbitrary<LiteralValue> = fc.oneof(
  fc.string(),
  fc.integer({ min: -1e15, max: 1e15 }).map((n) => (n === 0 ? 0 : n)),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .map((n) => (Number.isInteger(n) ? new ExprFloat(n) : n)),
  fc.boolean(),
  fc.constant(null),
);
const { node: arbNode } = fc.letrec<{ node: ExprNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal.map((v) => LiteralNode.create(v, 0, 0)),
    fc
      .tuple(ident, fc.array(tie('node'), { maxLength: 3 }))
      .map(([n, args]) => CallNode.create(n, args, 0, 0)),
    fc
      .tuple(tie('node'), fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_$]{0,7}$/), fc.boolean())
      .map(([o, n, s]) => PropertyNode.create(o, n, s, 0, 0)),
    fc.tuple(tie('node'), tie('node'), fc.boolean()).map(([o, i, s]) => IndexNode.create(o, i, s, 0)),
  ),
}));

describe('printExpression', () => {
  it('round-trips generated ASTs through parseExpression', () => {
    fc.assert(
      fc.property(arbNode, (node) => {
        expect(shape(parseExpression(printExpression(node)))).toEqual(shape(node));
      }),
      { numRuns: 2000 },
    );
  });
});

const tokenSoup = fc
  .array(
    fc.constantFrom(
      '@',
      '@{',
      '@@',
      '}',
      '{',
      '(',
      ')',
      '[',
      ']',
      '?.',
      '?[',
      '.',
      ',',
      "'",
      "''",
      'concat',
      'pipeline',
      'x',
      '1',
      '-',
      '2.5',
      ' ',
      '\n',
      'true',
      '"',
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

describe('parser robustness', () => {
  it('throws nothing but ExpressionError on random input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), tokenSoup), (text) => {
        for (const parse of [parseExpression, parseTemplate, (t: string) => parseTemplate(`@${t}`)]) {
          try {
            parse(text);
          } catch (err) {
            if (!isExpressionError(err)) throw err;
            expect(err.position).toBeGreaterThanOrEqual(0);
            expect(err.position).toBeLessThanOrEqual(Math.max(text.length + 1, 1));
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});
