import { describe, expect, it } from 'vitest';
import { splitCommandLine } from './split-command-line.js';
import { SecretRedactor } from './secret-redactor.js';
import { toRunOutput } from './run-output.js';

describe('splitCommandLine', () => {
  it('splits words and honours quotes and escapes', () => {
    expect(splitCommandLine(`python3  main.py "a b" 'c "d"' e\\ f "x\\"y" ''`)).toEqual([
      'python3',
      'main.py',
      'a b',
      'c "d"',
      'e f',
      'x"y',
      '',
    ]);
  });
  it('rejects unbalanced quotes', () => {
    expect(() => splitCommandLine('echo "x')).toThrow(
      expect.objectContaining({ code: 'activity/invalid-process-input' }),
    );
  });
});

describe('SecretRedactor', () => {
  it('masks the longest value first and each line of multi-line values', () => {
    const r = new SecretRedactor();
    r.add('abc');
    r.add('abcdef');
    r.add('line1\nline2');
    expect(r.redact('x abcdef abc line2')).toBe('x [REDACTED] [REDACTED] [REDACTED]');
  });
});

describe('toRunOutput', () => {
  it('parses JSON objects and arrays only', () => {
    expect(toRunOutput('{"a": 1}')).toEqual({ a: 1 });
    expect(toRunOutput(' [1, 2] ')).toEqual([1, 2]);
    expect(toRunOutput('42')).toBe('42');
    expect(toRunOutput('{not json}')).toBe('{not json}');
    expect(toRunOutput(null)).toBeUndefined();
  });
});
