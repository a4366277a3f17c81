import { CallNode, IndexNode, LiteralNode, PropertyNode } from './ast/expr-node.js';
import type { ExprNode } from './ast/expr-node.js';
import { ExpressionError } from './expression-error.js';
import { ExprCode } from './expression-codes.js';
import { Lexer, TokenKind } from './lexer.js';

/** Deepest nesting of calls and brackets accepted, so hostile input cannot overflow the stack. */
const MAX_DEPTH = 200;

/** The result of parsing one expression inside a larger string. */
export interface ParsedExpression {
  readonly node: ExprNode;
  /** The lexer, positioned on the first token after the expression. */
  readonly lexer: Lexer;
}

/**
 * Parses one expression of `text` starting at offset `start`; stops at the first token that cannot continue
 * it (the caller checks what follows: end of string, or `}` of an interpolation). Offsets in the returned
 * nodes are offsets into `text`. Throws `ExpressionError` (`expr/syntax`).
 */
export function parseExpressionAt(text: string, start: number): ParsedExpression {
  const lexer = new Lexer(text, start);
  lexer.next();
  const node = parseChain(lexer, 0);
  return { node, lexer };
}

function parseChain(lx: Lexer, depth: number): ExprNode {
  if (depth > MAX_DEPTH) lx.fail(`expression nested deeper than ${MAX_DEPTH} levels`, lx.start);
  let node = parsePrimary(lx, depth);
  for (;;) {
    const kind = lx.current();
    if (kind === TokenKind.Dot || kind === TokenKind.NullSafeDot) {
      lx.next();
      if (lx.current() !== TokenKind.Ident)
        lx.fail(`expected a property name after '${kind}', found ${lx.describe()}`, lx.start);
      node = PropertyNode.create(node, lx.value as string, kind === TokenKind.NullSafeDot, lx.start, lx.end);
      lx.next();
    } else if (kind === TokenKind.LBracket || kind === TokenKind.NullSafeBracket) {
      const open = lx.start;
      lx.next();
      if (lx.current() === TokenKind.RBracket)
        lx.fail("expected an index or property name inside '[ ]'", lx.start);
      const index = parseChain(lx, depth + 1);
      if (lx.current() !== TokenKind.RBracket)
        lx.fail(`expected ']' to close '[' at offset ${open}, found ${lx.describe()}`, lx.start);
      node = IndexNode.create(node, index, kind === TokenKind.NullSafeBracket, lx.end);
      lx.next();
    } else {
      return node;
    }
  }
}

function parsePrimary(lx: Lexer, depth: number): ExprNode {
  const start = lx.start;
  const end = lx.end;
  switch (lx.current()) {
    case TokenKind.String:
    case TokenKind.Integer:
    case TokenKind.Float: {
      const value = lx.value;
      lx.next();
      return LiteralNode.create(value, start, end);
    }
    case TokenKind.Ident: {
      const name = lx.value as string;
      lx.next();
      if (lx.current() !== TokenKind.LParen) {
        const keyword = name.toLowerCase();
        if (keyword === 'true') return LiteralNode.create(true, start, end);
        if (keyword === 'false') return LiteralNode.create(false, start, end);
        if (keyword === 'null') return LiteralNode.create(null, start, end);
        return lx.fail(
          `'${name}' is not a function call or literal; call functions with parentheses, e.g. ${name}()`,
          start,
          end - start,
        );
      }
      return parseCallArgs(lx, name, start, depth);
    }
    case TokenKind.End:
      return lx.fail('expected an expression, found end of expression', start, 1);
    default:
      return lx.fail(`expected a function call or a literal, found ${lx.describe()}`, start, end - start);
  }
}

function parseCallArgs(lx: Lexer, name: string, start: number, depth: number): CallNode {
  const open = lx.start;
  lx.next();
  const args: ExprNode[] = [];
  if (lx.current() === TokenKind.RParen) {
    const end = lx.end;
    lx.next();
    return CallNode.create(name, args, start, end);
  }
  for (;;) {
    args.push(parseChain(lx, depth + 1));
    if (lx.current() === TokenKind.Comma) {
      lx.next();
      continue;
    }
    if (lx.current() === TokenKind.RParen) {
      const end = lx.end;
      lx.next();
      return CallNode.create(name, args, start, end);
    }
    if (lx.current() === TokenKind.End)
      throw new ExpressionError({
        code: ExprCode.Syntax,
        message: `missing ')' to close the call of ${name}() opened at offset ${open}`,
        expression: lx.text,
        position: open,
        length: 1,
      });
    lx.fail(`expected ',' or ')' in the arguments of ${name}(), found ${lx.describe()}`, lx.start);
  }
}
