import type { RunEvent } from '../index.js';

const RUN_BUCKETS_S = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 14400];
const HTTP_BUCKETS_S = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5];

class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(readonly buckets: readonly number[]) {
    this.counts = buckets.map(() => 0);
  }
  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    this.buckets.forEach((b, i) => {
      if (value <= b) this.counts[i] = (this.counts[i] ?? 0) + 1;
    });
  }
  lines(name: string, labels: string): string[] {
    const sep = labels ? `${labels},` : '';
    return [
      ...this.buckets.map((b, i) => `${name}_bucket{${sep}le="${b}"} ${this.counts[i] ?? 0}`),
      `${name}_bucket{${sep}le="+Inf"} ${this.count}`,
      `${name}_sum${labels ? `{${labels}}` : ''} ${this.sum}`,
      `${name}_count${labels ? `{${labels}}` : ''} ${this.count}`,
    ];
  }
}

const label = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/**
 * Prometheus metrics of a server process, written in the text exposition format (0.0.4) by hand:
 * HTTP requests by route and status, activity runs by final status and run durations from this
 * process's run events, and runs by status from the store (passed in at scrape time).
 */
export class ServerMetrics {
  readonly #http = new Map<string, number>();
  readonly #httpDuration = new Histogram(HTTP_BUCKETS_S);
  readonly #activities = new Map<string, number>();
  readonly #runDuration = new Map<string, Histogram>();
  readonly #starts = new Map<string, number>();

  /** Counts one HTTP response. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const key = `method="${label(method)}",route="${label(route)}",status="${status}"`;
    this.#http.set(key, (this.#http.get(key) ?? 0) + 1);
    this.#httpDuration.observe(seconds);
  }

  /** Feeds a run event of the library. */
  observeEvent(event: RunEvent): void {
    if (event.kind === 'run-created') {
      this.#starts.set(event.run.runId, event.run.start ?? event.run.queuedAt);
    } else if (event.kind === 'run-started') {
      this.#starts.set(event.runId, event.start);
    } else if (event.kind === 'run-finished' && event.status !== 'Canceling') {
      const start = this.#starts.get(event.runId);
      this.#starts.delete(event.runId);
      if (start === undefined) return;
      const { status } = event;
      let h = this.#runDuration.get(status);
      if (!h) this.#runDuration.set(status, (h = new Histogram(RUN_BUCKETS_S)));
      h.observe((event.end - start) / 1000);
    } else if (event.kind === 'activity-finished') {
      this.#activities.set(event.status, (this.#activities.get(event.status) ?? 0) + 1);
    }
  }

  /** The exposition text; `runsByStatus` are the store's counts. */
  render(runsByStatus: Readonly<Record<string, number>>): string {
    const out: string[] = [
      '# HELP millrace_runs Pipeline runs in the run store, by status.',
      '# TYPE millrace_runs gauge',
      ...Object.entries(runsByStatus).map(([s, n]) => `millrace_runs{status="${label(s)}"} ${n}`),
      '# HELP millrace_activity_runs_total Activity runs that ended in this process, by status.',
      '# TYPE millrace_activity_runs_total counter',
      ...[...this.#activities].map(([s, n]) => `millrace_activity_runs_total{status="${label(s)}"} ${n}`),
      '# HELP millrace_run_duration_seconds Duration of pipeline runs that ended in this process.',
      '# TYPE millrace_run_duration_seconds histogram',
      ...[...this.#runDuration].flatMap(([s, h]) =>
        h.lines('millrace_run_duration_seconds', `status="${label(s)}"`),
      ),
      '# HELP millrace_http_requests_total HTTP requests, by method, route and status.',
      '# TYPE millrace_http_requests_total counter',
      ...[...this.#http].map(([k, n]) => `millrace_http_requests_total{${k}} ${n}`),
      '# HELP millrace_http_request_duration_seconds HTTP request durations.',
      '# TYPE millrace_http_request_duration_seconds histogram',
      ...this.#httpDuration.lines('millrace_http_request_duration_seconds', ''),
    ];
    return `${out.join('\n')}\n`;
  }
}
