import { FunctionError } from './functions/function-def.js';
import { ExprCode } from './expression-codes.js';
import { integerValue } from './int64.js';
import { ExprFloat } from './value.js';
import type { ExprValue } from './value.js';

/**
 * Parses JSON text into an expression value, keeping ADF's integer/float distinction: `1` is an integer
 * (an exact `ExprInt64` beyond 2^53), `1.0` and `1e2` are floats (`ExprFloat` when integral). Strict JSON. Throws `FunctionError`
 * (`expr/invalid-format`) naming the offset of the problem.
 */
export function parseJsonText(text: string): ExprValue {
  const p = new JsonReader(text);
  p.ws();
  const v = p.value(0);
  p.ws();
  if (p.pos < text.length) p.fail('unexpected text after the JSON value');
  return v;
}

const MAX_DEPTH = 512;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

class JsonReader {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(message: string): never {
    throw new FunctionError(ExprCode.InvalidFormat, `invalid JSON at offset ${this.pos}: ${message}`);
  }

  ws(): void {
    const t = this.text;
    let c = t.charCodeAt(this.pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = t.charCodeAt(++this.pos);
  }

  value(depth: number): ExprValue {
    if (depth > MAX_DEPTH) this.fail('nested too deeply');
    const t = this.text;
    const c = t[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (t.startsWith('true', this.pos)) return this.word(4, true);
    if (t.startsWith('false', this.pos)) return this.word(5, false);
    if (t.startsWith('null', this.pos)) return this.word(4, null);
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(t);
    if (m === null) this.fail(c === undefined ? 'unexpected end of text' : `unexpected character '${c}'`);
    this.pos += m[0].length;
    const n = Number(m[0]);
    if (m[1] === undefined && m[2] === undefined) {
      if (Number.isSafeInteger(n)) return n === 0 ? 0 : n;
      // An Int64 beyond 2^53 stays exact (Newtonsoft reads it as a long); a larger one is the nearest double.
      return integerValue(BigInt(m[0])) ?? n;
    }
    return Number.isInteger(n) ? new ExprFloat(n) : n;
  }

  private word<T>(len: number, v: T): T {
    this.pos += len;
    return v;
  }

  private array(depth: number): ExprValue {
    this.pos++;
    const out: ExprValue[] = [];
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value(depth + 1));
      this.ws();
      const c = this.text[this.pos++];
      if (c === ']') return out;
      if (c !== ',') {
        this.pos--;
        this.fail("expected ',' or ']'");
      }
    }
  }

  private object(depth: number): ExprValue {
    this.pos++;
    const out: Record<string, ExprValue> = {};
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') this.fail('expected a property name in double quotes');
      const key = this.string();
      this.ws();
      if (this.text[this.pos] !== ':') this.fail("expected ':'");
      this.pos++;
      this.ws();
      setMember(out, key, this.value(depth + 1));
      this.ws();
      const c = this.text[this.pos++];
      if (c === '}') return out;
      if (c !== ',') {
        this.pos--;
        this.fail("expected ',' or '}'");
      }
    }
  }

  private string(): string {
    const t = this.text;
    let i = ++this.pos;
    let out = '';
    for (;;) {
      const c = t.charCodeAt(i);
      if (Number.isNaN(c)) {
        this.pos = i;
        this.fail('unterminated string');
      }
      if (c === 34) {
        out += t.slice(this.pos, i);
        this.pos = i + 1;
        return out;
      }
      if (c < 0x20) {
        this.pos = i;
        this.fail('control character in string');
      }
      if (c === 92) {
        out += t.slice(this.pos, i);
        const e = t[i + 1];
        const simple = e === undefined ? undefined : ESCAPES[e];
        if (simple !== undefined) i += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(t.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          this.pos = i;
          this.fail('invalid escape sequence');
        }
        if (simple !== undefined) out += simple;
        this.pos = i;
        continue;
      }
      i++;
    }
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Sets an own member, safe for keys such as `__proto__`. */
export function setMember(obj: Record<string, ExprValue>, key: string, value: ExprValue): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
