import type { ScoringReply, ScoringRequest } from './scoring-types.js';
import { mlflowErrorReply } from './scoring-types.js';
import type { WorkerHello, WorkerProcess } from './worker-process.js';

/** What the pool reports, for metrics. */
export type PoolEvent =
  | { readonly kind: 'batch'; readonly size: number }
  | { readonly kind: 'retry' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'worker-crash'; readonly pid: number | undefined }
  | { readonly kind: 'worker-restart-failed'; readonly error: unknown };

/** Settings of a pool. */
export interface WorkerPoolOptions {
  /** Number of worker processes. */
  readonly size: number;
  /** Starts one worker with the model loaded. */
  readonly spawn: () => Promise<WorkerProcess>;
  /** Most requests scored in one batch (one `predict` call). Default 32. */
  readonly maxBatch?: number;
  /** A request not answered within this many ms gets MLflow's 504 and its worker is restarted. */
  readonly timeoutMs: number;
  readonly onEvent?: (event: PoolEvent) => void;
}

interface Job {
  readonly id: number;
  readonly request: ScoringRequest;
  readonly resolve: (reply: ScoringReply) => void;
  attempts: number;
  done: boolean;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: WorkerProcess | undefined;
  batch: Job[] | undefined;
}

/** MLflow's reply when a request runs past the timeout (its FastAPI timeout middleware). */
const TIMEOUT_REPLY = (): ScoringReply => ({
  status: 504,
  contentType: 'application/json',
  body: Buffer.from('Request processing time exceeded limit'),
});

/**
 * A pool of Python workers serving one model version. Requests wait in one queue; an idle worker takes every
 * waiting request (up to `maxBatch`) as one batch, so under load requests are batched and with light load each
 * goes alone. A worker that dies mid-batch is restarted and its requests are retried once on another worker;
 * a second failure answers 503. `drain` waits until nothing is queued or in flight.
 */
export class WorkerPool {
  readonly #o: WorkerPoolOptions;
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  #nextId = 1;
  #inFlight = 0;
  #closed = false;
  #drained: (() => void)[] = [];
  hello: WorkerHello | undefined;

  constructor(options: WorkerPoolOptions) {
    this.#o = options;
  }

  /** Starts every worker; rejects (and stops those started) when one fails to load the model. */
  async start(): Promise<void> {
    const started = await Promise.allSettled(Array.from({ length: this.#o.size }, () => this.#o.spawn()));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      for (const r of started) if (r.status === 'fulfilled') r.value.kill();
      throw failed.reason;
    }
    for (const r of started) {
      const worker = (r as PromiseFulfilledResult<WorkerProcess>).value;
      this.hello ??= worker.hello;
      const slot: Slot = { worker, batch: undefined };
      this.#slots.push(slot);
      this.#watch(slot, worker);
    }
  }

  /** Process ids of the live workers. */
  get pids(): number[] {
    return this.#slots.flatMap((s) => (s.worker?.alive && s.worker.pid !== undefined ? [s.worker.pid] : []));
  }

  /** Requests queued or being scored. */
  get load(): number {
    return this.#inFlight;
  }

  /** Scores one request; always resolves (errors are replies). */
  score(request: ScoringRequest): Promise<ScoringReply> {
    if (this.#closed) return Promise.resolve(mlflowErrorReply(503, 'TEMPORARILY_UNAVAILABLE', 'closing'));
    this.#inFlight++;
    return new Promise((resolve) => {
      const job: Job = {
        id: this.#nextId++ >>> 0,
        request,
        attempts: 0,
        done: false,
        resolve: (reply) => {
          if (job.done) return;
          job.done = true;
          clearTimeout(job.timer);
          this.#inFlight--;
          resolve(reply);
          if (this.#inFlight === 0) for (const d of this.#drained.splice(0)) d();
        },
      };
      job.timer = setTimeout(() => this.#timeout(job), this.#o.timeoutMs);
      this.#queue.push(job);
      this.#dispatch();
    });
  }

  /** Resolves once no request is queued or in flight. */
  drain(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drained.push(resolve));
  }

  /** Stops every worker (after `drain` for a graceful end). */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0))
      job.resolve(mlflowErrorReply(503, 'TEMPORARILY_UNAVAILABLE', 'the endpoint is closing'));
    await Promise.all(this.#slots.map((s) => (s.worker ? s.worker.stop() : Promise.resolve())));
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (this.#queue.length === 0) return;
      if (!slot.worker?.alive || slot.batch) continue;
      const batch = this.#queue.splice(0, this.#o.maxBatch ?? 32).filter((j) => !j.done);
      if (batch.length === 0) continue;
      slot.batch = batch;
      this.#o.onEvent?.({ kind: 'batch', size: batch.length });
      const worker = slot.worker;
      worker.score(batch.map((j) => ({ id: j.id, request: j.request }))).then(
        (replies) => {
          slot.batch = undefined;
          for (const job of batch)
            job.resolve(
              replies.get(job.id) ?? mlflowErrorReply(500, 'INTERNAL_ERROR', 'the worker gave no reply'),
            );
          this.#dispatch();
        },
        // The worker died: #watch restarts it and requeues the batch.
        () => undefined,
      );
    }
  }

  #timeout(job: Job): void {
    this.#o.onEvent?.({ kind: 'timeout' });
    const queued = this.#queue.indexOf(job);
    if (queued >= 0) this.#queue.splice(queued, 1);
    job.resolve(TIMEOUT_REPLY());
    // A worker stuck on the request is killed; its other requests are retried on the restarted pool.
    const slot = this.#slots.find((s) => s.batch?.includes(job));
    slot?.worker?.kill();
  }

  #watch(slot: Slot, worker: WorkerProcess): void {
    void worker.exited.then(async () => {
      if (this.#closed) return;
      this.#o.onEvent?.({ kind: 'worker-crash', pid: worker.pid });
      slot.worker = undefined;
      const batch = slot.batch ?? [];
      slot.batch = undefined;
      const retry: Job[] = [];
      for (const job of batch) {
        if (job.done) continue;
        if (job.attempts > 0) {
          job.resolve(
            mlflowErrorReply(
              503,
              'TEMPORARILY_UNAVAILABLE',
              'the model worker crashed twice on this request',
            ),
          );
        } else {
          job.attempts++;
          this.#o.onEvent?.({ kind: 'retry' });
          retry.push(job);
        }
      }
      this.#queue.unshift(...retry);
      this.#dispatch();
      await this.#restart(slot);
    });
  }

  async #restart(slot: Slot): Promise<void> {
    for (let delay = 100; !this.#closed; delay = Math.min(delay * 2, 5000)) {
      try {
        const worker = await this.#o.spawn();
        if (this.#closed) {
          worker.kill();
          return;
        }
        slot.worker = worker;
        this.#watch(slot, worker);
        this.#dispatch();
        return;
      } catch (error) {
        this.#o.onEvent?.({ kind: 'worker-restart-failed', error });
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}
