/** What replaces a secret value in logs, errors and outputs. */
export const REDACTED = '[REDACTED]';

/**
 * Replaces known secret values with `[REDACTED]`. Values are registered when the runner hands them to
 * a process, so anything the process prints afterwards is masked. A multi-line secret is also
 * registered line by line, because logs are redacted one line at a time.
 */
export class SecretRedactor {
  readonly #values = new Set<string>();
  #sorted: string[] = [];
  readonly #also: ((text: string) => string) | undefined;

  /** `also` masks what the host knows to be secret (`ActivityContext.redact`), after this redactor's own values. */
  constructor(also?: (text: string) => string) {
    this.#also = also;
  }

  /** Registers a secret value (empty strings are ignored). */
  add(value: string): void {
    const parts = [value, ...value.split(/\r?\n/)].filter((v) => v.trim() !== '');
    let changed = false;
    for (const part of parts) {
      if (!this.#values.has(part)) {
        this.#values.add(part);
        changed = true;
      }
    }
    // Longest first, so a secret that contains another one is masked whole.
    if (changed) this.#sorted = [...this.#values].sort((a, b) => b.length - a.length);
  }

  /** The text with every registered value replaced. */
  redact(text: string): string {
    let out = text;
    for (const value of this.#sorted) {
      if (out.includes(value)) out = out.split(value).join(REDACTED);
    }
    return this.#also ? this.#also(out) : out;
  }

  /** Number of registered values. */
  get size(): number {
    return this.#values.size;
  }
}
