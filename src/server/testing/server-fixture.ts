import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActivityExecutor, RunningServer } from '../../index.js';
import { openAccess, startServer } from '../../index.js';

/** Executor `Talker`: logs `lines` lines `hello <i>`, `delayMs` apart, honouring cancellation. */
export const talker: ActivityExecutor = {
  type: 'Talker',
  async execute(ctx) {
    const p = ctx.typeProperties() as { lines?: number; delayMs?: number };
    for (let i = 1; i <= (p.lines ?? 2); i++) {
      if (ctx.signal.aborted) throw new Error('cancelled');
      ctx.log(`hello ${i}`);
      if (p.delayMs) await new Promise((r) => setTimeout(r, p.delayMs));
    }
    return { lines: p.lines ?? 2 };
  },
};

const talk = (name: string, lines: number, delayMs: number) => ({
  name,
  type: 'Talker',
  dependsOn: [],
  typeProperties: { lines, delayMs },
});

/** Writes a bare factory: `Quick` (Int `count`, SecureString `token`), `Slow` (logs 40 lines 50 ms apart). */
export function writeServerFixture(dir: string): void {
  mkdirSync(join(dir, 'pipeline'), { recursive: true });
  const pipeline = (name: string, activities: unknown[], parameters: unknown = {}) =>
    writeFileSync(
      join(dir, 'pipeline', `${name}.json`),
      JSON.stringify({ name, properties: { activities, parameters } }),
    );
  pipeline('Quick', [talk('Say', 2, 0)], {
    count: { type: 'Int', defaultValue: 1 },
    token: { type: 'SecureString', defaultValue: 'default-secret' },
  });
  pipeline('Slow', [talk('Loop', 40, 50)]);
}

/** A started in-process server over a temp fixture, with one token per role. */
export interface ServerHarness {
  readonly dir: string;
  readonly server: RunningServer;
  readonly tokens: Readonly<Record<'reader' | 'operator' | 'deployer' | 'admin', string>>;
  close(): Promise<void>;
}

/** Starts a server on port 0 over a fresh fixture with tokens for every role. */
export async function startServerHarness(): Promise<ServerHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'millrace-server-'));
  writeServerFixture(dir);
  const access = await openAccess({ projectDir: dir });
  const tokens = {
    reader: (await access.createToken('r', 'reader')).token,
    operator: (await access.createToken('o', 'operator')).token,
    deployer: (await access.createToken('d', 'deployer')).token,
    admin: (await access.createToken('a', 'admin')).token,
  };
  await access.close();
  const server = await startServer({ projectDir: dir, port: 0, executors: [talker] });
  return {
    dir,
    server,
    tokens,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
