import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActivityExecutor } from '../../index.js';
import type { RunningServer, ServerOptions } from '../index.js';
import { openAccess } from '../../index.js';
import { startServer } from '../index.js';

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

const pipelineRef = (name: string) => ({
  pipelineReference: { referenceName: name, type: 'PipelineReference' },
});

/**
 * Writes a bare factory: `Quick` (Int `count`, SecureString `token`), `Slow` (logs 40 lines 50 ms apart),
 * `Iter` (a ForEach `Loop` over 0..2 of a `Say` that logs, then an If whose Fail `Stop` fails the iteration when the item is in the Array
 * parameter `bad`, default `[1, 2]`), and
 * three Stopped triggers: `TR_Hourly` (ScheduleTrigger → Quick), `TR_Window` (5-minute tumbling windows →
 * Quick, starting 10 minutes before the fixture is written, so two windows are due as soon as it starts) and
 * `TR_SlowWindow` (the same windows → Slow, one at a time).
 */
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
  const expression = (value: string) => ({ value, type: 'Expression' });
  const stop = {
    name: 'Stop',
    type: 'Fail',
    dependsOn: [],
    typeProperties: { message: expression("@concat('bad ', string(item()))"), errorCode: 'BAD' },
  };
  const check = expression('@contains(pipeline().parameters.bad, item())');
  const loop = {
    name: 'Loop',
    type: 'ForEach',
    dependsOn: [],
    typeProperties: {
      items: expression('@range(0, 3)'),
      activities: [
        talk('Say', 1, 0),
        {
          name: 'Check',
          type: 'IfCondition',
          dependsOn: [{ activity: 'Say', dependencyConditions: ['Succeeded'] }],
          typeProperties: { expression: check, ifTrueActivities: [stop] },
        },
      ],
    },
  };
  pipeline('Iter', [loop], { bad: { type: 'Array', defaultValue: [1, 2] } });
  mkdirSync(join(dir, 'trigger'), { recursive: true });
  const trigger = (name: string, properties: object) =>
    writeFileSync(join(dir, 'trigger', `${name}.json`), JSON.stringify({ name, properties }));
  trigger('TR_Hourly', {
    type: 'ScheduleTrigger',
    runtimeState: 'Stopped',
    pipelines: [pipelineRef('Quick')],
    typeProperties: {
      recurrence: { frequency: 'Hour', interval: 1, startTime: '2024-01-01T00:00:00Z', timeZone: 'UTC' },
    },
  });
  const minute = 60_000;
  const start = new Date(Math.floor(Date.now() / minute) * minute - 10 * minute).toISOString();
  trigger('TR_Window', {
    type: 'TumblingWindowTrigger',
    runtimeState: 'Stopped',
    pipeline: { ...pipelineRef('Quick'), parameters: { count: 2 } },
    typeProperties: {
      frequency: 'Minute',
      interval: 5,
      startTime: start,
      delay: '00:00:00',
      maxConcurrency: 2,
    },
  });
  trigger('TR_SlowWindow', {
    type: 'TumblingWindowTrigger',
    runtimeState: 'Stopped',
    pipeline: pipelineRef('Slow'),
    typeProperties: { frequency: 'Minute', interval: 5, startTime: start, maxConcurrency: 1 },
  });
}

/** A started in-process server over a temp fixture, with one token per role. */
export interface ServerHarness {
  readonly dir: string;
  readonly server: RunningServer;
  readonly tokens: Readonly<Record<'reader' | 'operator' | 'deployer' | 'admin', string>>;
  close(): Promise<void>;
}

/** Starts a server on port 0 over a fresh fixture with tokens for every role; `options` add to the defaults. */
export async function startServerHarness(options: ServerOptions = {}): Promise<ServerHarness> {
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
  const server = await startServer({ projectDir: dir, port: 0, executors: [talker], ...options });
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
