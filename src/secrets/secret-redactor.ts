import { connectionStringSecrets, maskConnectionStringSecrets } from './connection-string-secrets.js';
import { SECRET_MASK } from './secret-mask.js';

export { SECRET_MASK };

/**
 * Masks every secret value resolved in this process. The app registers each value as a provider returns
 * it, and redacts events before they reach the run store, errors before they are rethrown, and text
 * before it is printed. Values shorter than 4 characters are not masked (they would mask ordinary text).
 */
export class SecretRedactor {
  readonly #values = new Set<string>();
  #sorted: string[] = [];

  /**
   * Registers a value, each of its lines (logs are redacted a line at a time) and, when it is or holds a
   * connection string, URL or SAS token, each secret field of it (a driver error may quote one part only).
   */
  add(value: string): void {
    let changed = false;
    for (const part of [value, ...value.split(/\r?\n/), ...connectionStringSecrets(value)]) {
      if (part.trim().length < 4 || this.#values.has(part)) continue;
      this.#values.add(part);
      // JSON-escaped spelling too, so a value with quotes or backslashes is masked inside JSON text.
      const escaped = JSON.stringify(part).slice(1, -1);
      if (escaped !== part) this.#values.add(escaped);
      changed = true;
    }
    // Longest first, so a secret that contains another one is masked whole.
    if (changed) this.#sorted = [...this.#values].sort((a, b) => b.length - a.length);
  }

  /** Number of registered spellings. */
  get size(): number {
    return this.#values.size;
  }

  /** The text with every registered value replaced by `***`. */
  redact(text: string): string {
    let out = text;
    for (const v of this.#sorted) if (out.includes(v)) out = out.split(v).join(SECRET_MASK);
    return out;
  }

  /**
   * `redact`, then every secret field of a connection string or URL masked by its key (`Password=***`)
   * even when its value was never registered: for error messages of drivers and connectors.
   */
  sanitize(text: string): string {
    return maskConnectionStringSecrets(this.redact(text));
  }

  /** A JSON-compatible value with every string redacted (objects and arrays copied, not mutated). */
  redactValue<T>(value: T): T {
    if (this.#sorted.length === 0) return value;
    return this.#walk(value) as T;
  }

  #walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.#walk(v));
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.#walk(v)]));
    return value;
  }

  /** The error with its message (and its cause chain's messages) sanitized, same class and code. */
  redactError<E>(err: E): E {
    if (!(err instanceof Error)) return err;
    const message = this.sanitize(err.message);
    if (message !== err.message) err.message = message;
    if (err.stack) err.stack = this.sanitize(err.stack);
    if (err.cause !== undefined && err.cause !== err) this.redactError(err.cause);
    return err;
  }
}
