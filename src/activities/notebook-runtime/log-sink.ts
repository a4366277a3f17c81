import { createWriteStream, mkdirSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretRedactor } from './secret-redactor.js';

/** The stream a log line came from. */
export type LogStream = 'stdout' | 'stderr';

/** Receives every (already redacted) line a process prints. */
export type LogCallback = (line: string, stream: LogStream) => void;

/**
 * Where the lines of one run go: redacted, then streamed to a callback and appended to a log file
 * (stderr lines are kept as they are; the stream is given to the callback).
 */
export class LogSink {
  readonly #file: WriteStream;
  readonly #redactor: SecretRedactor;
  readonly #onLog: LogCallback | undefined;
  #closed = false;
  #error: Error | undefined;

  /** Opens (appends to) `logFile`, creating its folder. */
  constructor(logFile: string, redactor: SecretRedactor, onLog?: LogCallback) {
    mkdirSync(dirname(logFile), { recursive: true });
    this.#file = createWriteStream(logFile, { flags: 'a' });
    // Kept and reported by close(): a log that cannot be written must not crash the process.
    this.#file.on('error', (err) => (this.#error ??= err));
    this.#redactor = redactor;
    this.#onLog = onLog;
  }

  /**
   * Redacts one line, sends it to the callback and the file, and returns the redacted line. Lines
   * arriving after close() (a child notebook being killed) still reach the callback, not the file.
   */
  write(line: string, stream: LogStream): string {
    const safe = this.#redactor.redact(line);
    if (!this.#closed && !this.#error) this.#file.write(`${safe}\n`);
    this.#onLog?.(safe, stream);
    return safe;
  }

  /** Flushes and closes the file; rejects with the first write error, if any. */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    return new Promise((resolve, reject) => {
      const done = (): void => (this.#error ? reject(this.#error) : resolve());
      if (this.#error) done();
      else this.#file.end(done);
    });
  }
}
