import { useEffect, useRef, useState } from 'react';
import type { ApiLogLine } from '../../../src/server/api-types.js';
import { seg } from '../api/client.js';
import { followSse } from '../api/sse.js';
import { useSession } from '../session.js';

const MAX_LINES = 20_000;

/** A run's log, streamed live (`/api/runs/:id/logs/stream`: the kept lines, then new ones until the run ends). */
export function RunLog(props: { readonly runId: string; readonly activity?: string }) {
  const { api } = useSession();
  const [lines, setLines] = useState<ApiLogLine[]>([]);
  const [ended, setEnded] = useState(false);
  const box = useRef<HTMLPreElement>(null);
  useEffect(() => {
    setLines([]);
    setEnded(false);
    const ac = new AbortController();
    let pending: ApiLogLine[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const batch = pending;
      pending = [];
      setLines((l) => [...l, ...batch].slice(-MAX_LINES));
    };
    followSse(
      `/api/runs/${seg(props.runId)}/logs/stream`,
      api.token,
      (e) => {
        if (e.event === 'end') {
          flush();
          setEnded(true);
        } else if (e.event === 'log') {
          pending.push(JSON.parse(e.data) as ApiLogLine);
          timer ??= setTimeout(flush, 100);
        }
      },
      ac.signal,
    );
    return () => {
      ac.abort();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [api, props.runId]);
  const shown = props.activity === undefined ? lines : lines.filter((l) => l.activityName === props.activity);
  useEffect(() => {
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [shown.length]);
  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">
        Log {props.activity ? `of ${props.activity}` : ''}{' '}
        <span className="hint" aria-live="polite">
          {ended ? `${shown.length} lines (run ended)` : `${shown.length} lines, following…`}
        </span>
      </h2>
      <pre ref={box} className="log" tabIndex={0} aria-label="Log lines" data-testid="run-log">
        {shown.length === 0
          ? 'No log lines.'
          : shown
              .map((l) => `[${l.activityName}${l.iteration ? ` ${l.iteration}` : ''}] ${l.line}`)
              .join('\n')}
      </pre>
    </section>
  );
}
