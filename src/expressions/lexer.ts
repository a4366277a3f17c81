import { ExpressionError } from './expression-error.js';
import { ExprCode } from './expression-codes.js';
import { INT64_RANGE_TEXT, integerValue } from './int64.js';
import { ExprFloat } from './value.js';
import type { ExprInt64 } from './value.js';

/** Kinds of tokens of the expression language. */
export const TokenKind = {
  Ident: 'identifier',
  Integer: 'integer',
  Float: 'float',
  String: 'string',
  LParen: '(',
  RParen: ')',
  LBracket: '[',
  RBracket: ']',
  Comma: ',',
  Dot: '.',
  NullSafeDot: '?.',
  NullSafeBracket: '?[',
  RBrace: '}',
  End: 'end of expression',
} as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

const C_QUOTE = 39;
const C_DOT = 46;
const C_MINUS = 45;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Whitespace as .NET `char.IsWhiteSpace` defines it (ADF allows it, newlines included, between tokens). */
export function isWhitespace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    (c > 127 &&
      (c === 0x85 ||
        c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000))
  );
}

const IDENT_REST = /[\p{L}\p{N}_$]/u;

function isIdentStart(c: number): boolean {
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
  return IDENT_REST.test(String.fromCharCode(c)) && !isDigit(c);
}

function isIdentPart(c: number): boolean {
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || isDigit(c);
  return IDENT_REST.test(String.fromCharCode(c));
}

/**
 * End of a member name starting at `p` (after `.` or `?.`): identifier characters, digits allowed first
 * (`output.1st`), and `-` between two of them (`globalParameters.GP-Int`, `output.x-ms-request-id`). The
 * language has no infix operators, so a `-` there can only be part of the name; it is never the start of a
 * name, and function names (not after a dot) cannot contain it, so `-1` still lexes as a number.
 */
function memberNameEnd(text: string, p: number): number {
  let q = p;
  for (;;) {
    while (q < text.length && isIdentPart(text.charCodeAt(q))) q++;
    if (q === p || text.charCodeAt(q) !== C_MINUS || !isIdentPart(text.charCodeAt(q + 1))) return q;
    q++;
  }
}

/** Tokens that end an operand: after them `.` is member access, not the start of a number like `.5`. */
function endsOperand(kind: TokenKind): boolean {
  return (
    kind === TokenKind.RParen ||
    kind === TokenKind.RBracket ||
    kind === TokenKind.Ident ||
    kind === TokenKind.String ||
    kind === TokenKind.Integer ||
    kind === TokenKind.Float
  );
}

/**
 * A hand-written scanner over the original string. It keeps the current token in mutable fields (no token
 * objects are allocated) and reports offsets into the original text.
 */
export class Lexer {
  /** Kind of the current token. */
  kind: TokenKind = TokenKind.End;
  /** Offset of the current token. */
  start = 0;
  /** Offset just after the current token. */
  end = 0;
  /** Text of an identifier, decoded text of a string, or the number of a numeric token. */
  value: string | number | ExprFloat | ExprInt64 = '';
  private pos: number;

  constructor(
    readonly text: string,
    start: number,
  ) {
    this.pos = start;
  }

  /** Throws a syntax error at `position`. */
  fail(message: string, position: number, length = 1): never {
    throw new ExpressionError({ code: ExprCode.Syntax, message, expression: this.text, position, length });
  }

  /** Kind of the current token (a method, so the compiler does not narrow it across `next()`). */
  current(): TokenKind {
    return this.kind;
  }

  /** Describes the current token for messages. */
  describe(): string {
    if (this.kind === TokenKind.End) return 'end of expression';
    return `'${this.text.slice(this.start, this.end)}'`;
  }

  /** Advances to the next token. */
  next(): void {
    const text = this.text;
    const prev = this.kind;
    let p = this.pos;
    while (p < text.length && isWhitespace(text.charCodeAt(p))) p++;
    this.start = p;
    if (p >= text.length) {
      this.kind = TokenKind.End;
      this.end = this.pos = p;
      return;
    }
    const c = text.charCodeAt(p);
    if (prev === TokenKind.Dot || prev === TokenKind.NullSafeDot) {
      const q = memberNameEnd(text, p);
      if (q > p) return this.token(TokenKind.Ident, q, text.slice(p, q));
    }
    if (c === C_QUOTE) return this.scanString(p);
    if (
      isDigit(c) ||
      (c === C_MINUS && this.startsNumber(p + 1)) ||
      (c === C_DOT && !endsOperand(prev) && isDigit(text.charCodeAt(p + 1)))
    )
      return this.scanNumber(p);
    if (isIdentStart(c)) {
      let q = p + 1;
      while (q < text.length && isIdentPart(text.charCodeAt(q))) q++;
      return this.token(TokenKind.Ident, q, text.slice(p, q));
    }
    switch (c) {
      case 40:
        return this.token(TokenKind.LParen, p + 1);
      case 41:
        return this.token(TokenKind.RParen, p + 1);
      case 91:
        return this.token(TokenKind.LBracket, p + 1);
      case 93:
        return this.token(TokenKind.RBracket, p + 1);
      case 44:
        return this.token(TokenKind.Comma, p + 1);
      case C_DOT:
        return this.token(TokenKind.Dot, p + 1);
      case 125:
        return this.token(TokenKind.RBrace, p + 1);
      case 63: {
        const n = text.charCodeAt(p + 1);
        if (n === C_DOT) return this.token(TokenKind.NullSafeDot, p + 2);
        if (n === 91) return this.token(TokenKind.NullSafeBracket, p + 2);
        return this.fail("'?' must be followed by '.' or '[' (null-safe access)", p);
      }
      default: {
        const cp = text.codePointAt(p) ?? c;
        const ch = String.fromCodePoint(cp);
        const hint = c === 34 ? ' (string literals use single quotes)' : '';
        return this.fail(`unexpected character '${ch}'${hint}`, p, ch.length);
      }
    }
  }

  private startsNumber(p: number): boolean {
    const c = this.text.charCodeAt(p);
    return isDigit(c) || (c === C_DOT && isDigit(this.text.charCodeAt(p + 1)));
  }

  private token(kind: TokenKind, end: number, value: string | number | ExprFloat | ExprInt64 = ''): void {
    this.kind = kind;
    this.end = this.pos = end;
    this.value = value;
  }

  private scanString(p: number): void {
    const text = this.text;
    let q = p + 1;
    let out = '';
    let from = q;
    for (;;) {
      const i = text.indexOf("'", q);
      if (i < 0) this.fail('unterminated string literal (missing closing quote)', p, text.length - p);
      if (text.charCodeAt(i + 1) === C_QUOTE) {
        out += text.slice(from, i + 1);
        q = from = i + 2;
        continue;
      }
      out += text.slice(from, i);
      return this.token(TokenKind.String, i + 1, out);
    }
  }

  private scanNumber(p: number): void {
    const text = this.text;
    let q = p;
    if (text.charCodeAt(q) === C_MINUS) q++;
    while (isDigit(text.charCodeAt(q))) q++;
    let isFloat = false;
    if (text.charCodeAt(q) === C_DOT && isDigit(text.charCodeAt(q + 1))) {
      isFloat = true;
      q++;
      while (isDigit(text.charCodeAt(q))) q++;
    }
    const e = text.charCodeAt(q);
    if (e === 101 || e === 69) {
      let r = q + 1;
      const s = text.charCodeAt(r);
      if (s === 43 || s === C_MINUS) r++;
      if (isDigit(text.charCodeAt(r))) {
        isFloat = true;
        while (isDigit(text.charCodeAt(r))) r++;
        q = r;
      }
    }
    if (isIdentPart(text.charCodeAt(q)) && q < text.length)
      this.fail(`invalid number '${text.slice(p, q + 1)}'`, p, q + 1 - p);
    const raw = text.slice(p, q);
    const n = Number(raw);
    if (isFloat) {
      if (!Number.isFinite(n)) this.fail(`float literal ${raw} is out of range`, p, q - p);
      return this.token(TokenKind.Float, q, Number.isInteger(n) ? new ExprFloat(n) : n);
    }
    // Int64 literals beyond 2^53 stay exact (`9007199254740993`), as an ExprInt64.
    const value = Number.isSafeInteger(n) ? n : integerValue(BigInt(raw));
    if (value === undefined)
      throw new ExpressionError({
        code: ExprCode.IntegerOverflow,
        message: `integer literal ${raw} is outside the Int64 range ${INT64_RANGE_TEXT}`,
        expression: text,
        position: p,
        length: q - p,
      });
    return this.token(TokenKind.Integer, q, value === 0 ? 0 : value);
  }
}
