/** Bounds how many tasks run at once. `acquire` resolves immediately while a slot is free. */
export class Limiter {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    this.#free = Math.max(1, size);
  }

  /** True when a slot can be taken without waiting. */
  tryAcquire(): boolean {
    if (this.#free > 0) {
      this.#free--;
      return true;
    }
    return false;
  }

  /** Waits for a slot; release it with `release()`. */
  acquire(): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#free++;
  }
}
