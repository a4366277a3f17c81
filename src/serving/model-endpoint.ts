import { MillraceError } from '../errors/index.js';
import type { ScoringReply, ScoringRequest } from './scoring-types.js';
import { mlflowErrorReply } from './scoring-types.js';
import { EndpointMetrics } from './serving-metrics.js';
import { checkSignature } from './signature-check.js';
import { WorkerPool } from './worker-pool.js';
import { WorkerProcess } from './worker-process.js';

/** Where an endpoint's model versions come from: the registry of its environment, behind an alias. */
export interface ModelSource {
  /** The version the alias points to now; undefined when the alias is not set. */
  currentVersion(): Promise<string | undefined>;
  /** A version made ready to load: its local model folder and the interpreter of its environment. */
  prepare(version: string): Promise<{ readonly modelDir: string; readonly python: string }>;
}

/** Settings of an endpoint. */
export interface ModelEndpointOptions {
  readonly env: string;
  readonly model: string;
  readonly alias: string;
  readonly source: ModelSource;
  /** Worker processes per loaded version. */
  readonly workers: number;
  /** Most requests per predict call. Default 32. */
  readonly maxBatch?: number;
  /** Request timeout, ms. Default 60 000 (MLflow's `MLFLOW_SCORING_SERVER_REQUEST_TIMEOUT`). */
  readonly timeoutMs?: number;
  /** Longest model load, ms. Default 300 000. */
  readonly loadTimeoutMs?: number;
  /** How often the alias is checked in the registry, ms; 0: only on `refresh()`. Default 2000. */
  readonly pollMs?: number;
  readonly now?: () => number;
  /** A version started serving (first load or swap). */
  readonly onServe?: (event: {
    readonly version: string;
    readonly since: number;
    readonly previous?: string;
  }) => void;
  /** Worker stderr lines and background failures (a swap that failed keeps the old version). */
  readonly onLog?: (line: string) => void;
}

/** What an endpoint serves, as `models serving` shows it. */
export interface EndpointStatus {
  readonly env: string;
  readonly model: string;
  readonly alias: string;
  readonly version: string | undefined;
  /** Epoch ms since the version serves. */
  readonly since: number | undefined;
  readonly workers: number;
  /** Process ids of the workers of the current version. */
  readonly workerPids: readonly number[];
  readonly mlflowVersion: string | undefined;
  /** The last swap that failed (the previous version kept serving). */
  readonly lastError?: string;
}

interface Loaded {
  readonly version: string;
  readonly pool: WorkerPool;
  readonly since: number;
}

/**
 * One served model of one environment, following an alias of its registry. When the alias moves, the new
 * version is loaded beside the old one, requests switch to it in one assignment once all its workers are up,
 * and the old pool closes only after its queued and in-flight requests are answered: no request fails during
 * a swap. A version that fails to load leaves the old one serving.
 */
export class ModelEndpoint {
  readonly metrics: EndpointMetrics;
  readonly #o: ModelEndpointOptions;
  #current: Loaded | undefined;
  #swapping: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #lastError: string | undefined;
  #failedVersion: string | undefined;
  #closed = false;

  constructor(options: ModelEndpointOptions) {
    this.#o = options;
    this.metrics = new EndpointMetrics(options.env, options.model);
  }

  /**
   * Loads the version the alias points to and starts following the alias. When the alias is not set (or its
   * version fails to load): by default `start` fails; with `waitForAlias` it starts anyway and the endpoint
   * answers 503 until the alias points to a version that loads.
   */
  async start(o: { readonly waitForAlias?: boolean } = {}): Promise<void> {
    const version = await this.#o.source.currentVersion();
    if (o.waitForAlias) {
      if (version !== undefined) await this.refresh();
    } else if (version === undefined) {
      throw new MillraceError({
        code: 'serving/alias-not-set',
        message: `model ${this.#o.model} has no alias ${this.#o.alias} in environment ${this.#o.env}`,
        hint: `set it with \`millrace models promote ${this.#o.model} --version <n> --to ${this.#o.env}\` or an MLflow client`,
      });
    } else await this.#swap(version);
    const poll = this.#o.pollMs ?? 2000;
    if (poll > 0) {
      const tick = () => {
        this.#timer = setTimeout(() => {
          void this.refresh()
            .catch((err: unknown) => this.#o.onLog?.(`serving: checking alias failed: ${String(err)}`))
            .finally(() => {
              if (!this.#closed) tick();
            });
        }, poll);
        this.#timer.unref();
      };
      tick();
    }
  }

  /** Checks the alias now and swaps when it moved; resolves once the endpoint serves the alias's version. */
  async refresh(): Promise<void> {
    const version = await this.#o.source.currentVersion();
    if (version === undefined || version === this.#current?.version || version === this.#failedVersion)
      return;
    await this.#swap(version).catch((err: unknown) => {
      this.#failedVersion = version;
      this.#lastError = `version ${version}: ${err instanceof Error ? err.message : String(err)}`;
      this.metrics.countError('swap_failed');
      this.#o.onLog?.(
        `serving: ${this.#o.model}@${this.#o.alias} keeps v${this.#current?.version ?? '?'}: ${this.#lastError}`,
      );
    });
  }

  /** Switches to `version` (serialized with other swaps). */
  #swap(version: string): Promise<void> {
    const next = this.#swapping.then(async () => {
      if (this.#closed || this.#current?.version === version) return;
      const prepared = await this.#o.source.prepare(version);
      const pool = new WorkerPool({
        size: this.#o.workers,
        maxBatch: this.#o.maxBatch ?? 32,
        timeoutMs: this.#o.timeoutMs ?? 60_000,
        spawn: () =>
          WorkerProcess.start({
            python: prepared.python,
            modelDir: prepared.modelDir,
            loadTimeoutMs: this.#o.loadTimeoutMs ?? 300_000,
            ...(this.#o.onLog ? { onLog: this.#o.onLog } : {}),
          }),
        onEvent: (e) => {
          if (e.kind === 'batch') this.metrics.batch.observe(e.size);
          else if (e.kind === 'retry') this.metrics.retries++;
          else if (e.kind === 'worker-crash') {
            this.metrics.restarts++;
            this.metrics.countError('worker_crash');
          } else if (e.kind === 'worker-restart-failed') this.metrics.countError('worker_restart_failed');
        },
      });
      await pool.start();
      if (this.#closed) {
        await pool.close();
        return;
      }
      const old = this.#current;
      const since = this.#o.now?.() ?? Date.now();
      this.#current = { version, pool, since }; // the switch: every request from here on goes to the new pool
      this.#failedVersion = undefined;
      this.#lastError = undefined;
      this.metrics.version = version;
      if (old) this.metrics.swaps++;
      this.#o.onServe?.({ version, since, ...(old ? { previous: old.version } : {}) });
      if (old) void old.pool.drain().then(() => old.pool.close());
    });
    this.#swapping = next.catch(() => undefined);
    return next;
  }

  /** Scores one request on the current version (MLflow's protocol; errors are replies). */
  async score(request: ScoringRequest): Promise<ScoringReply> {
    const started = performance.now();
    const current = this.#current;
    let reply: ScoringReply;
    if (!current) reply = mlflowErrorReply(503, 'TEMPORARILY_UNAVAILABLE', 'the model is not loaded yet');
    else reply = checkSignature(current.pool.hello?.inputs, request) ?? (await current.pool.score(request));
    this.metrics.observe(reply.status, (performance.now() - started) / 1000);
    return reply;
  }

  /** True once a version serves. */
  get ready(): boolean {
    return this.#current !== undefined;
  }

  status(): EndpointStatus {
    return {
      env: this.#o.env,
      model: this.#o.model,
      alias: this.#o.alias,
      version: this.#current?.version,
      since: this.#current?.since,
      workers: this.#o.workers,
      workerPids: this.#current?.pool.pids ?? [],
      mlflowVersion: this.#current?.pool.hello?.mlflow,
      ...(this.#lastError === undefined ? {} : { lastError: this.#lastError }),
    };
  }

  /** Stops following the alias, waits for in-flight requests, stops the workers. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#swapping;
    const current = this.#current;
    if (current) {
      await current.pool.drain();
      await current.pool.close();
    }
  }
}
