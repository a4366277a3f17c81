import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { spawnWithReaper } from '../../platform/index.js';
import type { GuardedChild } from '../../platform/index.js';
import { NotebookError, NotebookErrorCode } from './notebook-error.js';

/** The shared Spark driver shipped beside this file (copied to dist/ by scripts/copy-assets.js). */
export const SPARK_HOST_SCRIPT = fileURLToPath(new URL('./spark_host.py', import.meta.url));

/** What a notebook needs to attach to a shared Spark driver: its py4j gateway. The secret is never logged. */
export interface SparkGateway {
  readonly port: number;
  readonly secret: string;
}

/** Settings of a shared Spark driver; notebooks share one when all of these are equal. */
export interface SparkHostSpec {
  /** Interpreter of the notebook's environment (its pyspark runs the driver; UDFs run in it). */
  readonly interpreter: string;
  readonly warehouseDir: string;
  readonly metastoreDir: string;
  readonly jars: readonly string[];
  readonly packages: readonly string[];
  readonly repositories: readonly string[];
}

/** One request to attach. */
export interface SparkAttachRequest {
  /** The pipeline run the notebook belongs to: the driver lives until every run using it released it. */
  readonly runId: string;
  readonly spec: SparkHostSpec;
  /** Environment of the driver process; absent: inherited. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Stops waiting for a busy metastore (the notebook was cancelled). */
  readonly signal?: AbortSignal;
}

/** An attached driver: the gateway, whether this request started it, and where its log is. */
export interface SparkAttachment {
  readonly gateway: SparkGateway;
  readonly started: boolean;
  readonly startMs: number;
  readonly logFile: string;
  /** The notebook ended: the driver stays up for the run, but another environment's driver may now replace it. */
  readonly detach: () => void;
}

/**
 * The shared Spark drivers of a process (Databricks runs a cluster's notebooks on one driver): one per distinct
 * `SparkHostSpec`, started on the first `attach`, stopped when the last run that attached to it is released
 * (`releaseRun`, called when a run ends however it ends) or on `close`. A driver that dies is started again on
 * the next `attach`. The embedded Derby metastore admits one JVM at a time, so drivers of one metastore never run
 * side by side: a notebook of another environment waits until the running driver has no notebook attached, then
 * that driver is stopped and its own started.
 */
export interface SparkHosts {
  attach(request: SparkAttachRequest): Promise<SparkAttachment>;
  /** The run ended: drivers no other run uses stop (their Spark session is stopped, then the process exits). */
  releaseRun(runId: string): Promise<void>;
  /** Stops every driver. */
  close(): Promise<void>;
  /** How many drivers are running (for tests and diagnostics). */
  running(): number;
}

interface Host {
  readonly key: string;
  readonly runs: Set<string>;
  readonly ready: Promise<SparkGateway>;
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  readonly logFile: string;
  readonly metastoreDir: string;
  startMs: number;
  /** Notebooks attached now. */
  active: number;
}

const STOP_GRACE_MS = 10_000;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (process.platform === 'win32') child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Options of `createSparkHosts`. */
export interface SparkHostsOptions {
  /** Folder of the drivers' logs (`spark-driver-<n>.log`; Spark's own output, never the gateway secret). */
  readonly logDir: string;
}

/** Creates the shared Spark drivers of a run service. */
export function createSparkHosts(options: SparkHostsOptions): SparkHosts {
  const hosts = new Map<string, Host>();
  // Drivers being stopped: a new one waits for them, so two JVMs never hold the Derby metastore at once.
  const stopping = new Set<Promise<void>>();
  let started = 0;
  // Resolved (and replaced) whenever a notebook detaches: attaches waiting for a busy metastore look again.
  let wake!: () => void;
  let changed = new Promise<void>((r) => (wake = r));
  const notify = (): void => {
    const w = wake;
    changed = new Promise<void>((r) => (wake = r));
    w();
  };

  const stop = (host: Host): Promise<void> => {
    if (hosts.get(host.key) === host) hosts.delete(host.key);
    const done = stopNow(host).finally(() => stopping.delete(done));
    stopping.add(done);
    return done;
  };
  const stopNow = async (host: Host): Promise<void> => {
    // Closing stdin asks the driver to stop its session; the group is killed if it does not exit in time.
    host.child.stdin?.end();
    const timer = setTimeout(() => killGroup(host.child, 'SIGKILL'), STOP_GRACE_MS);
    try {
      await host.exited;
    } finally {
      clearTimeout(timer);
      killGroup(host.child, 'SIGKILL'); // the JVM it launched, if still there
    }
  };

  const start = (key: string, request: SparkAttachRequest): Host => {
    const n = ++started;
    mkdirSync(options.logDir, { recursive: true });
    const logFile = join(options.logDir, `spark-driver-${process.pid}-${n}.log`);
    const log = createWriteStream(logFile, { flags: 'a' });
    // The driver and its JVM die with this process, even when it is killed with SIGKILL: the driver starts only
    // once its group is registered with the reaper.
    let guarded: GuardedChild;
    try {
      guarded = spawnWithReaper(request.spec.interpreter, ['-u', SPARK_HOST_SCRIPT], {
        cwd: request.cwd,
        env: request.env,
        stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      });
    } catch (err) {
      throw new NotebookError({
        code: NotebookErrorCode.SparkDriverFailed,
        message: `the shared Spark driver cannot start: ${request.spec.interpreter}: ${(err as Error).message}`,
        cause: err,
      });
    }
    const { child, unguard } = guarded;
    const tail: string[] = [];
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        log.write(`${line}\n`);
        tail.push(line);
        if (tail.length > 5) tail.shift();
      });
    }
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => {
        unguard();
        resolve();
      });
      child.once('error', () => resolve());
    }).then(() => new Promise<void>((resolve) => log.end(resolve)));
    const t0 = Date.now();
    const ready = new Promise<SparkGateway>((resolve, reject) => {
      const fail = (why: string): void =>
        reject(
          new NotebookError({
            code: NotebookErrorCode.SparkDriverFailed,
            message: `the shared Spark driver (${request.spec.interpreter}) ${why}${tail.length > 0 ? `: ${tail.slice(-3).join(' | ')}` : ''}`,
            hint: `its log: ${logFile}`,
          }),
        );
      child.once('error', (err) => fail(`could not start: ${err.message}`));
      child.once('exit', (code, signal) => fail(`ended before it was ready (exit ${code ?? signal})`));
      const info = child.stdio[3] as Readable | null | undefined;
      if (!info) return fail('has no gateway pipe');
      createInterface({ input: info, crlfDelay: Infinity }).once('line', (line) => {
        try {
          const g = JSON.parse(line) as { port?: unknown; secret?: unknown };
          if (typeof g.port !== 'number' || typeof g.secret !== 'string') throw new Error('bad gateway line');
          host.startMs = Date.now() - t0;
          resolve({ port: g.port, secret: g.secret });
        } catch (err) {
          fail(`sent an unreadable gateway line (${(err as Error).message})`);
        }
      });
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.write(`${JSON.stringify({ ...request.spec, appName: `millrace run ${request.runId}` })}\n`);
    const host: Host = {
      key,
      runs: new Set([request.runId]),
      ready,
      child,
      exited,
      logFile,
      metastoreDir: request.spec.metastoreDir,
      startMs: 0,
      active: 0,
    };
    void exited.then(() => {
      if (hosts.get(key) === host) hosts.delete(key);
      notify();
    });
    ready.catch(() => undefined);
    hosts.set(key, host);
    return host;
  };

  return {
    async attach(request) {
      const key = JSON.stringify(request.spec);
      for (;;) {
        if (hosts.has(key)) break;
        if (stopping.size > 0) {
          await Promise.all(stopping);
          continue;
        }
        const others = [...hosts.values()].filter((h) => h.metastoreDir === request.spec.metastoreDir);
        if (others.length === 0) break;
        if (others.every((h) => h.active === 0)) await Promise.all(others.map(stop));
        else await (request.signal ? Promise.race([changed, aborted(request.signal)]) : changed);
        request.signal?.throwIfAborted();
      }
      const existing = hosts.get(key);
      const host = existing ?? start(key, request);
      host.runs.add(request.runId);
      host.active++;
      let attached = true;
      const detach = (): void => {
        if (!attached) return;
        attached = false;
        host.active--;
        notify();
      };
      try {
        const gateway = await host.ready;
        return {
          gateway,
          started: existing === undefined,
          startMs: host.startMs,
          logFile: host.logFile,
          detach,
        };
      } catch (err) {
        detach();
        throw err;
      }
    },
    async releaseRun(runId) {
      const idle: Host[] = [];
      for (const host of hosts.values()) {
        host.runs.delete(runId);
        if (host.runs.size === 0) idle.push(host);
      }
      await Promise.all(idle.map(stop));
    },
    async close() {
      await Promise.all([...hosts.values()].map(stop));
      await Promise.all(stopping);
    },
    running: () => hosts.size,
  };
}
