const LATENCY_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64];

const label = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(readonly buckets: readonly number[]) {
    this.counts = buckets.map(() => 0);
  }
  observe(value: number): void {
    this.sum += value;
    this.count++;
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) this.counts[i]!++;
  }
  lines(name: string, labels: string): string[] {
    return [
      ...this.buckets.map((b, i) => `${name}_bucket{${labels},le="${b}"} ${this.counts[i] ?? 0}`),
      `${name}_bucket{${labels},le="+Inf"} ${this.count}`,
      `${name}_sum{${labels}} ${this.sum}`,
      `${name}_count{${labels}} ${this.count}`,
    ];
  }
}

/** Counters of one endpoint (environment + model). */
export class EndpointMetrics {
  readonly requests = new Map<number, number>();
  readonly errors = new Map<string, number>();
  readonly latency = new Histogram(LATENCY_BUCKETS_S);
  readonly batch = new Histogram(BATCH_BUCKETS);
  retries = 0;
  restarts = 0;
  swaps = 0;
  version: string | undefined;

  constructor(
    readonly env: string,
    readonly model: string,
  ) {}

  /** Counts one answered request; statuses >= 400 also count as errors of `kind` (default by status). */
  observe(status: number, seconds: number, kind?: string): void {
    this.requests.set(status, (this.requests.get(status) ?? 0) + 1);
    this.latency.observe(seconds);
    if (status >= 400) {
      const k = kind ?? (status === 504 ? 'timeout' : status >= 500 ? 'server' : 'bad_input');
      this.errors.set(k, (this.errors.get(k) ?? 0) + 1);
    }
  }

  countError(kind: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }
}

/**
 * Prometheus text (exposition format 0.0.4) of the serving endpoints: requests by status, latency histogram,
 * errors by kind, worker restarts, retries after a worker crash, batch sizes, alias swaps and the version
 * each endpoint serves (`millrace_serving_model_version{…,version="3"} 1`).
 */
export function renderServingMetrics(endpoints: readonly EndpointMetrics[]): string {
  const l = (m: EndpointMetrics) => `env="${label(m.env)}",model="${label(m.model)}"`;
  const out = [
    '# HELP millrace_serving_requests_total Scoring requests answered, by endpoint and HTTP status.',
    '# TYPE millrace_serving_requests_total counter',
    ...endpoints.flatMap((m) =>
      [...m.requests].map(([s, n]) => `millrace_serving_requests_total{${l(m)},status="${s}"} ${n}`),
    ),
    '# HELP millrace_serving_request_duration_seconds Scoring latency (request received to reply), by endpoint.',
    '# TYPE millrace_serving_request_duration_seconds histogram',
    ...endpoints.flatMap((m) => m.latency.lines('millrace_serving_request_duration_seconds', l(m))),
    '# HELP millrace_serving_errors_total Failed scoring requests and worker failures, by kind.',
    '# TYPE millrace_serving_errors_total counter',
    ...endpoints.flatMap((m) =>
      [...m.errors].map(([k, n]) => `millrace_serving_errors_total{${l(m)},kind="${label(k)}"} ${n}`),
    ),
    '# HELP millrace_serving_worker_restarts_total Model workers restarted after they died.',
    '# TYPE millrace_serving_worker_restarts_total counter',
    ...endpoints.map((m) => `millrace_serving_worker_restarts_total{${l(m)}} ${m.restarts}`),
    '# HELP millrace_serving_retries_total Requests retried on another worker after a worker crash.',
    '# TYPE millrace_serving_retries_total counter',
    ...endpoints.map((m) => `millrace_serving_retries_total{${l(m)}} ${m.retries}`),
    '# HELP millrace_serving_batch_size Requests scored per predict call.',
    '# TYPE millrace_serving_batch_size histogram',
    ...endpoints.flatMap((m) => m.batch.lines('millrace_serving_batch_size', l(m))),
    '# HELP millrace_serving_swaps_total Times the endpoint switched to another model version.',
    '# TYPE millrace_serving_swaps_total counter',
    ...endpoints.map((m) => `millrace_serving_swaps_total{${l(m)}} ${m.swaps}`),
    '# HELP millrace_serving_model_version The model version an endpoint serves (value 1).',
    '# TYPE millrace_serving_model_version gauge',
    ...endpoints
      .filter((m) => m.version !== undefined)
      .map((m) => `millrace_serving_model_version{${l(m)},version="${label(m.version ?? '')}"} 1`),
  ];
  return `${out.join('\n')}\n`;
}
