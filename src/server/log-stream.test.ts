import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerHarness } from './testing/server-fixture.js';
import { startServerHarness } from './testing/server-fixture.js';

let h: ServerHarness;
beforeAll(async () => {
  h = await startServerHarness();
});
afterAll(async () => h.close());

/** Reads an SSE stream to its end; returns the `log` events' lines and the last event name. */
async function follow(url: string, token: string): Promise<{ lines: string[]; last: string }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const text = await res.text();
  const events = text.split('\n\n').filter((e) => e.startsWith('event:'));
  const lines = events
    .filter((e) => e.startsWith('event: log'))
    .map((e) => (JSON.parse(e.split('data: ')[1] ?? '{}') as { line: string }).line);
  return { lines, last: events.at(-1)?.split('\n')[0] ?? '' };
}

describe('log stream (SSE)', () => {
  it('replays kept lines, follows new ones of a running pipeline, and ends with the run', async () => {
    const start = await fetch(`${h.server.url}/api/pipelines/Slow/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.tokens.operator}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const { runId } = (await start.json()) as { runId: string };
    await new Promise((r) => setTimeout(r, 300)); // some lines are kept already: the stream replays them
    const url = `${h.server.url}/api/runs/${runId}/logs/stream`;
    const [a, b] = await Promise.all([follow(url, h.tokens.reader), follow(url, h.tokens.admin)]);
    const expected = Array.from({ length: 40 }, (_, i) => `hello ${i + 1}`);
    expect(a.lines).toEqual(expected);
    expect(b.lines).toEqual(expected);
    expect(a.last).toBe('event: end');
    // A finished run: the stream replays everything and ends at once.
    expect((await follow(url, h.tokens.reader)).lines).toEqual(expected);
  });
  it('answers 404 for an unknown run and 401 without a token', async () => {
    expect((await fetch(`${h.server.url}/api/runs/nope/logs/stream`)).status).toBe(401);
    const res = await fetch(`${h.server.url}/api/runs/nope/logs/stream`, {
      headers: { authorization: `Bearer ${h.tokens.reader}` },
    });
    expect(res.status).toBe(404);
  });
});
