import type { ExprNode } from './ast/expr-node.js';
import type { InterpolationPart, Template, TextPart } from './ast/template.js';
import { ExpressionError } from './expression-error.js';
import { ExprCode } from './expression-codes.js';
import { TokenKind } from './lexer.js';
import { parseExpressionAt } from './parser.js';

const AT = 64;
const LBRACE = 123;

/**
 * True when a JSON string holds an expression: it starts with `@` (but not `@@`), or it contains an `@{`
 * interpolation that is not escaped as `@@{`. Cheap: no parsing.
 */
export function isExpressionString(text: string): boolean {
  let i = text.indexOf('@');
  if (i < 0) return false;
  if (i === 0 && text.charCodeAt(1) !== AT) return true;
  while (i >= 0) {
    const next = text.charCodeAt(i + 1);
    if (next === LBRACE) return true;
    // `@@{` is an escaped `@{`; a leading `@@` is an escaped `@`.
    i = text.indexOf('@', next === AT ? i + 2 : i + 1);
  }
  return false;
}

/**
 * Parses a bare expression (no leading `@`), e.g. `concat('a', pipeline().parameters.x)`. Offsets are
 * offsets into `text`. Throws `ExpressionError` (`expr/syntax`).
 */
export function parseExpression(text: string): ExprNode {
  const { node, lexer } = parseExpressionAt(text, 0);
  if (lexer.kind !== TokenKind.End)
    lexer.fail(`unexpected ${lexer.describe()} after the end of the expression`, lexer.start);
  return node;
}

/**
 * Parses a JSON string value by ADF's embedding rules (https://learn.microsoft.com/azure/data-factory/control-flow-expression-language-functions#expressions):
 * `@expr` is one expression of any type; text with `@{expr}` segments is a string; `@@` at the start
 * escapes the `@`; `@@{` anywhere is a literal `@{`; anything else is literal text.
 * Throws `ExpressionError` (`expr/syntax`) with an offset into `text`.
 */
export function parseTemplate(text: string): Template {
  if (text.charCodeAt(0) === AT) {
    const second = text.charCodeAt(1);
    if (second !== AT && second !== LBRACE) {
      if (text.length === 1)
        throw new ExpressionError({
          code: ExprCode.Syntax,
          message: "'@' must be followed by an expression (write '@@' for a literal '@')",
          expression: text,
          position: 0,
        });
      const { node, lexer } = parseExpressionAt(text, 1);
      if (lexer.kind !== TokenKind.End) {
        const hint = lexer.kind === TokenKind.RBrace ? " (did you mean '@{…}'?)" : '';
        lexer.fail(`unexpected ${lexer.describe()} after the end of the expression${hint}`, lexer.start);
      }
      return Object.freeze({ kind: 'ExpressionTemplate', source: text, expression: node });
    }
  }
  return parseInterpolated(text);
}

function parseInterpolated(text: string): Template {
  const parts: (TextPart | InterpolationPart)[] = [];
  let literal = '';
  let literalStart = 0;
  let from = 0;
  let i = 0;
  if (text.charCodeAt(0) === AT && text.charCodeAt(1) === AT) {
    // A leading `@@` is an escaped `@`.
    literal = '@';
    from = i = 2;
  }
  for (;;) {
    i = text.indexOf('@', i);
    if (i < 0) break;
    const next = text.charCodeAt(i + 1);
    if (next === AT && text.charCodeAt(i + 2) === LBRACE) {
      literal += text.slice(from, i + 1);
      from = i + 2;
      i += 3;
      continue;
    }
    if (next !== LBRACE) {
      i++;
      continue;
    }
    literal += text.slice(from, i);
    if (literal !== '')
      parts.push(Object.freeze({ kind: 'Text', text: literal, start: literalStart, end: i }));
    const { node, lexer } = parseExpressionAt(text, i + 2);
    if (lexer.kind !== TokenKind.RBrace) {
      const message =
        lexer.kind === TokenKind.End
          ? `missing '}' to close the interpolation '@{' at offset ${i}`
          : `expected '}' to close the interpolation '@{' at offset ${i}, found ${lexer.describe()}`;
      lexer.fail(
        message,
        lexer.kind === TokenKind.End ? i : lexer.start,
        lexer.kind === TokenKind.End ? 2 : 1,
      );
    }
    parts.push(Object.freeze({ kind: 'Interpolation', expression: node, start: i, end: lexer.end }));
    literal = '';
    from = i = literalStart = lexer.end;
  }
  literal += text.slice(from);
  if (parts.length === 0) return Object.freeze({ kind: 'LiteralTemplate', source: text, value: literal });
  if (literal !== '')
    parts.push(Object.freeze({ kind: 'Text', text: literal, start: literalStart, end: text.length }));
  return Object.freeze({ kind: 'InterpolatedTemplate', source: text, parts: Object.freeze(parts) });
}
