import type { ApiCallError } from './client.js';

/** One Server-Sent Event. */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/**
 * Splits a Server-Sent Events byte stream into events (https://html.spec.whatwg.org/multipage/server-sent-events.html):
 * feed it chunks of text, it returns the events completed so far and keeps the rest. Comment lines are skipped.
 */
export function createSseParser(): (chunk: string) => SseEvent[] {
  let buffer = '';
  return (chunk) => {
    buffer += chunk.replace(/\r\n?/g, '\n');
    const events: SseEvent[] = [];
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length > 0) events.push({ event, data: data.join('\n') });
    }
    return events;
  };
}

/**
 * Follows an SSE route with the bearer token (EventSource cannot send headers, so this reads a fetch body).
 * Reconnects after `retryMs` when the stream drops, until `signal` aborts; an `end` event stops it unless
 * `stopOnEnd` is false (the run-change stream ends only when the server shuts down: follow it back up).
 */
export function followSse(
  url: string,
  token: string,
  onEvent: (e: SseEvent) => void,
  signal: AbortSignal,
  options: { retryMs?: number; onError?: (e: ApiCallError | Error) => void; stopOnEnd?: boolean } = {},
): void {
  const run = async (): Promise<void> => {
    while (!signal.aborted) {
      let ended = false;
      try {
        const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        const parse = createSseParser();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const e of parse(value)) {
            if (e.event === 'end') ended = true;
            onEvent(e);
          }
        }
      } catch (err) {
        if (signal.aborted) return;
        options.onError?.(err instanceof Error ? err : new Error(String(err)));
      }
      if (ended && (options.stopOnEnd ?? true)) return;
      await new Promise((r) => setTimeout(r, options.retryMs ?? 2000));
    }
  };
  void run();
}
