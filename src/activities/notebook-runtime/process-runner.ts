import type { ChildProcess, IOType } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { spawnWithReaper } from '../../platform/index.js';
import type { GuardedChild } from '../../platform/index.js';
import type { LogSink, LogStream } from './log-sink.js';
import { NotebookError, NotebookErrorCode } from './notebook-error.js';

/** One process to run with captured, redacted output. */
export interface ProcessSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** The whole environment of the process; absent: inherit this process's environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly sink: LogSink;
  /** Kill the process tree after this many milliseconds (absent or 0: no limit). */
  readonly timeoutMs?: number;
  /** Kill the process tree when aborted. */
  readonly signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL when killing; default 2000 ms. */
  readonly killGraceMs?: number;
  /** Extra pipes after stdin/stdout/stderr (fd 3, 4…); see `onSpawn`. */
  readonly extraPipes?: number;
  /** Called right after spawning, e.g. to talk over the extra pipes. */
  readonly onSpawn?: (child: ChildProcess) => void;
  /** What runs, for messages: `notebook /Shared/x`, `command "run.sh"`. */
  readonly what: string;
}

/** How a process ended (a timeout or an abort throws instead). */
export interface ProcessOutcome {
  readonly exitCode: number | null;
  readonly exitSignal: NodeJS.Signals | null;
  readonly durationMs: number;
  /** The last stderr lines (redacted), for error messages. */
  readonly stderrTail: readonly string[];
}

const TAIL_LINES = 20;

/** Sends a signal to the whole process group (the child is spawned detached, as its group leader). */
function killTree(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill(sig);
    else process.kill(-child.pid, sig);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function pump(stream: Readable | null, name: LogStream, spec: ProcessSpec, tail: string[]): Promise<void> {
  if (!stream) return Promise.resolve();
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (line) => {
    const safe = spec.sink.write(line, name);
    if (name === 'stderr') {
      tail.push(safe);
      if (tail.length > TAIL_LINES) tail.shift();
    }
  });
  return new Promise((resolve) => lines.once('close', resolve));
}

/**
 * Runs a process in its own process group with stdout/stderr streamed line by line to the sink.
 * A timeout or an abort kills the whole tree (SIGTERM, then SIGKILL after the grace period) and
 * throws `activity/process-timed-out` / `activity/process-cancelled`; processes the child left
 * running in its group are killed when it exits. A non-zero exit is returned, not thrown.
 */
export async function runProcess(spec: ProcessSpec): Promise<ProcessOutcome> {
  spec.signal?.throwIfAborted();
  const started = Date.now();
  const stdio: IOType[] = ['ignore', 'pipe', 'pipe', ...Array<IOType>(spec.extraPipes ?? 0).fill('pipe')];
  // In its own group, registered with the reaper before it runs anything: if this process dies (even by SIGKILL,
  // even killed by the child itself), the reaper kills the group; no work outlives its run.
  let guarded: GuardedChild;
  try {
    guarded = spawnWithReaper(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, stdio });
  } catch (err) {
    throw new NotebookError({
      code: NotebookErrorCode.SpawnFailed,
      message: `${spec.what}: cannot start "${spec.command}": ${(err as Error).message}`,
      hint: 'check that the interpreter or command exists and is on PATH',
      cause: err,
    });
  }
  const { child, unguard } = guarded;
  const tail: string[] = [];
  let stopped: 'timeout' | 'abort' | undefined;
  let graceTimer: NodeJS.Timeout | undefined;
  const stop = (why: 'timeout' | 'abort'): void => {
    if (stopped) return;
    stopped = why;
    killTree(child, 'SIGTERM');
    graceTimer = setTimeout(() => killTree(child, 'SIGKILL'), spec.killGraceMs ?? 2000);
  };
  const timer =
    spec.timeoutMs !== undefined && spec.timeoutMs > 0
      ? setTimeout(() => stop('timeout'), spec.timeoutMs)
      : undefined;
  const onAbort = (): void => stop('abort');
  spec.signal?.addEventListener('abort', onAbort, { once: true });

  const ended = new Promise<{ code: number | null; sig: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, sig) => {
      // Whatever the child left behind in its group dies with it (and releases our pipes).
      killTree(child, 'SIGKILL');
      unguard();
      resolve({ code, sig });
    });
  });
  spec.onSpawn?.(child);
  const pumped = Promise.all([
    pump(child.stdout, 'stdout', spec, tail),
    pump(child.stderr, 'stderr', spec, tail),
  ]);
  try {
    const { code, sig } = await ended;
    await pumped;
    const durationMs = Date.now() - started;
    if (stopped === 'timeout') {
      throw new NotebookError({
        code: NotebookErrorCode.TimedOut,
        message: `${spec.what} timed out after ${spec.timeoutMs} ms; its process tree was killed`,
      });
    }
    if (stopped === 'abort') {
      throw new NotebookError({
        code: NotebookErrorCode.Cancelled,
        message: `${spec.what} was cancelled; its process tree was killed`,
        cause: spec.signal?.reason,
      });
    }
    return { exitCode: code, exitSignal: sig, durationMs, stderrTail: tail };
  } catch (err) {
    if (err instanceof NotebookError) throw err;
    throw new NotebookError({
      code: NotebookErrorCode.SpawnFailed,
      message: `${spec.what}: cannot start "${spec.command}": ${(err as Error).message}`,
      hint: 'check that the interpreter or command exists and is on PATH',
      cause: err,
    });
  } finally {
    if (timer) clearTimeout(timer);
    if (graceTimer) clearTimeout(graceTimer);
    spec.signal?.removeEventListener('abort', onAbort);
  }
}
