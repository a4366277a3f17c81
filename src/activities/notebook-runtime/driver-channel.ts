import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { JsonValue } from '../../model/index.js';

/** Events the driver sends on fd 3 (no reply expected). */
export type DriverEvent =
  | { readonly op: 'cell'; readonly cell: number }
  | { readonly op: 'exit'; readonly value: string }
  | { readonly op: 'done' }
  | {
      readonly op: 'failed';
      readonly type: string;
      readonly message: string;
      readonly line: number | null;
      /** From the notebook's cell down to the failing cell of a `%run` include: [label, line]. */
      readonly where: readonly (readonly [string, number | null])[];
    };

/** Requests the driver sends on fd 3; each gets one reply on fd 4. */
export type DriverRequest =
  | { readonly op: 'secret'; readonly id: number; readonly scope: string; readonly key: string }
  | { readonly op: 'list-secrets'; readonly id: number; readonly scope: string }
  | { readonly op: 'list-scopes'; readonly id: number }
  /** The py4j gateway of the run's shared Spark driver (`{port, secret}`), or null when there is none. */
  | { readonly op: 'spark-gateway'; readonly id: number }
  | { readonly op: 'task-value-set'; readonly id: number; readonly key: string; readonly value: string }
  | { readonly op: 'task-value-get'; readonly id: number; readonly taskKey: string; readonly key: string }
  | {
      readonly op: 'run-notebook';
      readonly id: number;
      readonly path: string;
      readonly timeoutSeconds: number;
      readonly arguments: Readonly<Record<string, string>>;
    };

/** A failed request: `errorType` names the Python exception the driver raises. */
export class DriverRequestError extends Error {
  constructor(
    message: string,
    readonly errorType: 'SecretNotFound' | 'WorkflowException' | 'RuntimeError',
  ) {
    super(message);
  }
}

/** What the runner does with the driver's messages. */
export interface DriverHandler {
  onEvent(event: DriverEvent): void;
  /** Answers a request; throw a DriverRequestError to raise in Python. */
  onRequest(request: DriverRequest): Promise<JsonValue>;
}

/**
 * Opens the side channel of a spawned driver: sends the job as the first line on fd 4, then reads
 * JSON lines from fd 3, answering requests one at a time in order. User output never goes here.
 */
export function attachDriverChannel(child: ChildProcess, job: JsonValue, handler: DriverHandler): void {
  const fromDriver = child.stdio[3] as Readable | null | undefined;
  const toDriver = child.stdio[4] as Writable | null | undefined;
  if (!fromDriver || !toDriver) throw new Error('driver pipes fd 3/4 are missing');
  toDriver.on('error', () => undefined); // EPIPE when the driver is gone: its exit is reported elsewhere.
  const send = (msg: JsonValue): void => {
    if (!toDriver.destroyed) toDriver.write(`${JSON.stringify(msg)}\n`);
  };
  send(job);
  let queue = Promise.resolve();
  createInterface({ input: fromDriver, crlfDelay: Infinity }).on('line', (line) => {
    let msg: { op?: unknown; id?: unknown };
    try {
      msg = JSON.parse(line) as { op?: unknown; id?: unknown };
    } catch {
      return;
    }
    if (typeof msg.id !== 'number') {
      handler.onEvent(msg as DriverEvent);
      return;
    }
    const id = msg.id;
    queue = queue.then(async () => {
      try {
        send({ id, ok: true, value: await handler.onRequest(msg as DriverRequest) });
      } catch (err) {
        const errorType = err instanceof DriverRequestError ? err.errorType : 'RuntimeError';
        send({ id, ok: false, errorType, error: (err as Error).message });
      }
    });
  });
}
