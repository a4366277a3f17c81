import { describe, expect, it } from 'vitest';
import { ev, evError, evJson } from '../testing/eval-helpers.js';

describe('encoding functions: documented examples', () => {
  it.each([
    ["@base64('hello')", 'aGVsbG8='],
    ["@base64ToString('aGVsbG8=')", 'hello'],
    ["@decodeBase64('aGVsbG8=')", 'hello'],
    ["@dataUri('hello')", 'data:text/plain;charset=utf-8;base64,aGVsbG8='],
    ["@dataUriToString('data:text/plain;charset=utf-8;base64,aGVsbG8=')", 'hello'],
    ["@decodeUriComponent('https%3A%2F%2Fcontoso.com')", 'https://contoso.com'],
    ["@encodeUriComponent('https://contoso.com')", 'https%3A%2F%2Fcontoso.com'],
    ["@uriComponent('https://contoso.com')", 'https%3A%2F%2Fcontoso.com'],
    ["@uriComponentToString('https%3A%2F%2Fcontoso.com')", 'https://contoso.com'],
  ])('%s → %j', (text, expected) => {
    expect(ev(text)).toBe(expected);
  });
});

describe('binary values', () => {
  it('are {$content-type, $content} objects', () => {
    const bin = { '$content-type': 'application/octet-stream', $content: 'aGVsbG8=' };
    expect(evJson("@binary('hello')")).toEqual(bin);
    expect(evJson("@base64ToBinary('aGVsbG8=')")).toEqual(bin);
    expect(evJson("@uriComponentToBinary('hello')")).toEqual(bin);
    expect(evJson("@dataUriToBinary('data:text/plain;charset=utf-8;base64,aGVsbG8=')")).toEqual({
      '$content-type': 'text/plain;charset=utf-8',
      $content: 'aGVsbG8=',
    });
    expect(evJson("@decodeDataUri('data:,hello%20world')")).toEqual({
      '$content-type': 'text/plain;charset=US-ASCII',
      $content: Buffer.from('hello world').toString('base64'),
    });
  });
  it('round-trip through base64() and dataUri()', () => {
    expect(ev("@base64(binary('hello'))")).toBe('aGVsbG8=');
    expect(ev("@dataUri(base64ToBinary('aGVsbG8='))")).toBe('data:application/octet-stream;base64,aGVsbG8=');
  });
});

describe('encoding edge cases', () => {
  it("encodes like .NET Uri.EscapeDataString (also !*'())", () => {
    expect(ev("@uriComponent('a b!*''()~-_.')")).toBe('a%20b%21%2A%27%28%29~-_.');
    expect(ev("@uriComponent('é')")).toBe('%C3%A9');
  });
  it('decodes leniently: stray % stays, + is not a space', () => {
    expect(ev("@uriComponentToString('100%')")).toBe('100%');
    expect(ev("@uriComponentToString('a+b%2')")).toBe('a+b%2');
    expect(ev("@uriComponentToString('%C3%A9')")).toBe('é');
  });
  it('rejects invalid base64 and data URIs', () => {
    expect(evError("@base64ToString('abc')").code).toBe('expr/invalid-format');
    expect(evError("@base64ToString('a$==')").code).toBe('expr/invalid-format');
    expect(evError("@dataUriToString('hello')").code).toBe('expr/invalid-format');
    expect(evError('@base64(1)').code).toBe('expr/type');
  });
  it('handles unicode', () => {
    expect(ev("@base64ToString(base64('日本語 ✓'))")).toBe('日本語 ✓');
    expect(ev("@dataUriToString(dataUri('ü'))")).toBe('ü');
  });
});
