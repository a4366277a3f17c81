/** An async function: what a lazy entry point stands for. */
type AsyncFunction = (...args: never[]) => Promise<unknown>;

/**
 * The one lazy-loading mechanism of the library API: a function that imports `load()`'s module on its first
 * call and calls that module's export `name`. Heavy code (the engine, the stores, SDKs, Fastify) stays out of
 * `import('millrace')` until an entry point that needs it runs; the CLI bundle splits at each `import()`.
 */
export function lazy<M, K extends keyof M>(
  load: () => Promise<M>,
  name: K & (M[K] extends AsyncFunction ? K : never),
): M[K] {
  const call = async (...args: unknown[]): Promise<unknown> => {
    const target = (await load())[name] as unknown as (...a: unknown[]) => Promise<unknown>;
    return target(...args);
  };
  return call as M[K];
}
