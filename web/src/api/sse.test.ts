import { describe, expect, it } from 'vitest';
import { queryString } from './client.js';
import { createSseParser } from './sse.js';

describe('createSseParser', () => {
  it('splits events across chunk boundaries, skips comments, joins multi-line data', () => {
    const parse = createSseParser();
    expect(parse(': keep-alive\n\nevent: log\nid: 1\ndata: {"a"')).toEqual([]);
    expect(parse(':1}\n\nevent: end\r\ndata: x\r\ndata: y\r\n\r\n')).toEqual([
      { event: 'log', data: '{"a":1}' },
      { event: 'end', data: 'x\ny' },
    ]);
    expect(parse('data: plain\n\n')).toEqual([{ event: 'message', data: 'plain' }]);
  });
});

describe('queryString', () => {
  it('repeats array keys and leaves out empty values', () => {
    expect(queryString({ status: ['Failed', 'Cancelled'], pipeline: '', limit: 50, since: undefined })).toBe(
      '?status=Failed&status=Cancelled&limit=50',
    );
    expect(queryString({})).toBe('');
  });
});
