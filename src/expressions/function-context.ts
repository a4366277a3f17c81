import type { FunctionContext } from './functions/function-def.js';

/** The sources of time, GUIDs and randomness a FunctionContext needs. All required: the library stays pure. */
export interface FunctionContextOptions {
  /** Milliseconds since the Unix epoch (e.g. `Date.now`, or a fixed clock in tests). */
  readonly now: () => number;
  /** The 100-ns ticks (0–9999) below `now()`'s millisecond, for a clock finer than that; default none. */
  readonly nowSubMsTicks?: () => number;
  /** A new GUID string (e.g. `crypto.randomUUID`). */
  readonly newGuid: () => string;
  /** A random integer in [min, max). */
  readonly random: (min: number, max: number) => number;
}

/**
 * Creates the FunctionContext that utcNow(), guid() and rand() use. The shells (cli/, app/) pass
 * `Date.now` and `crypto.randomUUID`; tests pass fixed values.
 * @example createFunctionContext({ now: () => 0, newGuid: () => '00000000-0000-0000-0000-000000000000', random: (min) => min })
 */
export function createFunctionContext(opts: FunctionContextOptions): FunctionContext {
  const { now, newGuid, random, nowSubMsTicks } = opts;
  return Object.freeze({
    now: () => now(),
    ...(nowSubMsTicks === undefined ? {} : { nowSubMsTicks: () => nowSubMsTicks() }),
    newGuid: () => newGuid(),
    random: (min: number, max: number) => random(min, max),
  });
}
