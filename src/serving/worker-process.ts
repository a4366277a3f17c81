import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MillraceError } from '../errors/index.js';
import type { ScoringReply, ScoringRequest } from './scoring-types.js';

/** The Python side of a worker (copied to dist/ beside this file by scripts/copy-assets.js). */
export const WORKER_SCRIPT = fileURLToPath(new URL('./serving_worker.py', import.meta.url));

/** One input column of the model signature, as the worker reports it. */
export interface SignatureInput {
  readonly name: string;
  /** MLflow's data type name: `double`, `float`, `long`, `integer`, `string`, `boolean`, `binary`, `datetime`. */
  readonly type: string;
  readonly required: boolean;
}

/** What a worker says once its model is loaded. */
export interface WorkerHello {
  readonly mlflow: string;
  readonly pid: number;
  /** Named input columns of the signature; null when the model has none (or a tensor signature). */
  readonly inputs: readonly SignatureInput[] | null;
}

/** How to start a worker. */
export interface WorkerSpawn {
  /** Interpreter of the model's environment. */
  readonly python: string;
  /** Local folder of the MLflow model (the one holding `MLmodel`). */
  readonly modelDir: string;
  /** Longest wait for the model to load, ms. */
  readonly loadTimeoutMs: number;
  /** Lines the worker writes on stderr (model logs, tracebacks). */
  readonly onLog?: (line: string) => void;
}

/** One item of a batch sent to a worker. */
interface BatchItem {
  readonly id: number;
  readonly request: ScoringRequest;
}

const workerError = (message: string, cause?: unknown): MillraceError =>
  new MillraceError({ code: 'serving/worker-failed', message, ...(cause ? { cause } : {}) });

/** Encodes a batch: u32 count, then per item u32 id, u16 + content type, u32 + body (after the u32 length). */
export function encodeBatch(items: readonly BatchItem[]): Buffer {
  const types = items.map((i) => Buffer.from(i.request.contentType, 'utf8'));
  let size = 4;
  items.forEach((item, k) => (size += 10 + (types[k]?.length ?? 0) + item.request.body.length));
  const out = Buffer.allocUnsafe(4 + size);
  out.writeUInt32LE(size, 0);
  out.writeUInt32LE(items.length, 4);
  let pos = 8;
  items.forEach((item, k) => {
    const type = types[k] ?? Buffer.alloc(0);
    out.writeUInt32LE(item.id, pos);
    out.writeUInt16LE(type.length, pos + 4);
    type.copy(out, pos + 6);
    pos += 6 + type.length;
    out.writeUInt32LE(item.request.body.length, pos);
    item.request.body.copy(out, pos + 4);
    pos += 4 + item.request.body.length;
  });
  return out;
}

/** Decodes a reply payload (without its u32 length) into replies by request id. */
export function decodeReplies(payload: Buffer): Map<number, ScoringReply> {
  const out = new Map<number, ScoringReply>();
  const count = payload.readUInt32LE(0);
  let pos = 4;
  for (let k = 0; k < count; k++) {
    const id = payload.readUInt32LE(pos);
    const status = payload.readUInt16LE(pos + 4);
    const typeLength = payload.readUInt16LE(pos + 6);
    const contentType = payload.toString('utf8', pos + 8, pos + 8 + typeLength);
    pos += 8 + typeLength;
    const bodyLength = payload.readUInt32LE(pos);
    const body = payload.subarray(pos + 4, pos + 4 + bodyLength);
    pos += 4 + bodyLength;
    out.set(id, { status, contentType, body });
  }
  return out;
}

/**
 * One Python process holding one loaded model (`serving_worker.py`), talking length-prefixed frames over its
 * stdin/stdout. One batch is in flight at a time; `exited` settles when the process ends for any reason.
 */
export class WorkerProcess {
  readonly #child: ChildProcessWithoutNullStreams;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #onFrame: ((payload: Buffer) => void) | undefined;
  #pending: { resolve: (r: Map<number, ScoringReply>) => void; reject: (e: Error) => void } | undefined;
  #exitCode: number | null | undefined;
  readonly exited: Promise<number | null>;
  hello: WorkerHello | undefined;

  private constructor(child: ChildProcessWithoutNullStreams, onLog?: (line: string) => void) {
    this.#child = child;
    child.stdout.on('data', (chunk: Buffer) => this.#feed(chunk));
    let tail = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      const lines = (tail + text).split('\n');
      tail = lines.pop() ?? '';
      for (const line of lines) onLog?.(line);
    });
    child.stdin.on('error', () => undefined); // a dead worker shows as its exit, handled below
    this.exited = new Promise((resolve) => {
      child.once('error', () => resolve(null));
      child.once('exit', (code) => {
        this.#exitCode = code;
        this.#pending?.reject(workerError(`worker ${child.pid ?? '?'} exited (code ${String(code)})`));
        this.#pending = undefined;
        resolve(code);
      });
    });
  }

  /** Starts a worker and waits until its model is loaded; throws `serving/model-load-failed`. */
  static async start(o: WorkerSpawn): Promise<WorkerProcess> {
    const child = spawn(o.python, ['-u', WORKER_SCRIPT, o.modelDir], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONNOUSERSITE: '1', GIT_PYTHON_REFRESH: 'quiet' },
    });
    const log: string[] = [];
    const worker = new WorkerProcess(child, (line) => {
      if (log.length > 20) log.shift();
      log.push(line);
      o.onLog?.(line);
    });
    const hello = await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.kill();
        reject(new Error(`the model did not load within ${o.loadTimeoutMs} ms`));
      }, o.loadTimeoutMs);
      worker.#onFrame = (payload) => {
        clearTimeout(timer);
        resolve(payload);
      };
      void worker.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`the worker exited (code ${String(code)}) before loading the model`));
      });
    }).catch((err: unknown) => {
      throw new MillraceError({
        code: 'serving/model-load-failed',
        message: `${o.modelDir}: ${(err as Error).message}${log.length ? `: ${log.slice(-3).join(' | ')}` : ''}`,
        cause: err,
      });
    });
    const doc = JSON.parse(hello.toString('utf8')) as { ok: boolean; message?: string } & WorkerHello;
    if (!doc.ok) {
      worker.kill();
      throw new MillraceError({
        code: 'serving/model-load-failed',
        message: `${o.modelDir}: ${doc.message ?? 'the model could not be loaded'}`,
      });
    }
    worker.hello = { mlflow: doc.mlflow, pid: doc.pid, inputs: doc.inputs };
    worker.#onFrame = (payload) => {
      const pending = worker.#pending;
      worker.#pending = undefined;
      try {
        pending?.resolve(decodeReplies(payload));
      } catch (err) {
        pending?.reject(workerError('unreadable reply from the worker', err));
      }
    };
    return worker;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get alive(): boolean {
    return this.#exitCode === undefined;
  }

  /** Sends one batch; resolves with the replies by id, rejects when the worker dies first. */
  score(items: readonly BatchItem[]): Promise<Map<number, ScoringReply>> {
    if (!this.alive) return Promise.reject(workerError('worker is not running'));
    if (this.#pending) return Promise.reject(workerError('worker is busy'));
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#child.stdin.write(encodeBatch(items));
    });
  }

  /** Kills the process (SIGKILL: a stuck model does not get to finish). */
  kill(): void {
    if (this.alive) this.#child.kill('SIGKILL');
  }

  /** Ends the worker gracefully: closes its stdin, kills it if it has not exited after `graceMs`. */
  async stop(graceMs = 2000): Promise<void> {
    this.#child.stdin.end();
    const timer = setTimeout(() => this.kill(), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  #feed(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    while (this.#buffered >= 4) {
      const head = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks);
      const size = head.readUInt32LE(0);
      if (head.length < 4 + size) {
        this.#chunks = [head];
        return;
      }
      const payload = head.subarray(4, 4 + size);
      const rest = head.subarray(4 + size);
      this.#chunks = rest.length > 0 ? [rest] : [];
      this.#buffered = rest.length;
      this.#onFrame?.(payload);
    }
  }
}
