import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityExecutor } from '../../src/contracts/index.js';
import { createMillrace, loadProject, validateProject } from '../../src/index.js';
import { fakeActivityContext } from '../../src/activities/testing/fake-activity-context.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const doc = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');

/** The files of the Echo example, as docs/architecture.md shows them (a path line, then a ts block). */
const files = [...doc.matchAll(/^`src\/activities\/echo\/([\w.-]+\.ts)`:\n\n```ts\n([\s\S]*?)```$/gm)].map(
  (m) => ({ name: m[1] ?? '', text: m[2] ?? '' }),
);

// Beside the built-ins, so the example's relative imports resolve as they would in src/activities/echo/.
const folder = join(root, 'src', 'activities', `echo-doc-${randomUUID().slice(0, 8)}`);
const project = mkdtempSync(join(tmpdir(), 'millrace-echo-'));
let echo: ActivityExecutor;

beforeAll(async () => {
  mkdirSync(folder, { recursive: true });
  for (const f of files) writeFileSync(join(folder, f.name), f.text);
  const mod = (await import(join(folder, 'echo-activity.ts'))) as { echoActivity: ActivityExecutor };
  echo = mod.echoActivity;
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
  rmSync(project, { recursive: true, force: true });
});

describe('the Echo activity of docs/architecture.md', () => {
  it('is three files that type-check with the project compiler options', () => {
    expect(files.map((f) => f.name)).toEqual(['echo-type.ts', 'echo-settings.ts', 'echo-activity.ts']);
    const config = ts.getParsedCommandLineOfConfigFile(
      join(root, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    if (!config) throw new Error('tsconfig.json did not parse');
    const program = ts.createProgram(
      files.map((f) => join(folder, f.name)),
      { ...config.options, noEmit: true },
    );
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(problems).toEqual([]);
  });

  it('runs in a pipeline: settings parsed, expressions evaluated by the engine, output and summary', async () => {
    const write = (rel: string, value: unknown) => {
      mkdirSync(join(project, rel, '..'), { recursive: true });
      writeFileSync(join(project, rel), JSON.stringify(value));
    };
    write('pipeline/PL_Echo.json', {
      name: 'PL_Echo',
      properties: {
        parameters: { who: { type: 'String', defaultValue: 'world' } },
        activities: [
          {
            name: 'Hello',
            type: 'Echo',
            typeProperties: { message: "@concat('hello ', pipeline().parameters.who)", times: 2 },
          },
          {
            name: 'TooMany',
            type: 'echo',
            dependsOn: [{ activity: 'Hello', dependencyConditions: ['Succeeded'] }],
            typeProperties: { message: 'x', times: 11 },
          },
        ],
      },
    });
    const millrace = await createMillrace({ projectDir: project, executors: [echo] });
    try {
      const run = await millrace.runPipeline('PL_Echo', { rawParameters: { who: 'Millrace' } });
      const hello = run.activityRuns.find((a) => a.activityName === 'Hello');
      expect(hello?.status).toBe('Succeeded');
      expect(hello?.output).toEqual({ message: 'hello Millrace hello Millrace' });
      expect(echo.summarize?.(hello?.output ?? null)).toBe('said hello Millrace hello Millrace');
      const tooMany = run.activityRuns.find((a) => a.activityName === 'TooMany');
      expect(tooMany?.status).toBe('Failed');
      expect(tooMany?.error?.errorCode).toBe('activity/invalid-settings');
      expect(tooMany?.error?.message).toMatch(/^Echo TooMany: typeProperties\.times: /);
      expect(run.status).toBe('Failed');
    } finally {
      await millrace.close();
    }
  });

  it('has its typeProperties checked by validate when its project is loaded with it', async () => {
    const pipeline = {
      name: 'PL_NoMessage',
      properties: { activities: [{ name: 'Mute', type: 'echo', typeProperties: { times: '@1' } }] },
    };
    mkdirSync(join(project, 'pipeline'), { recursive: true });
    writeFileSync(join(project, 'pipeline', 'PL_NoMessage.json'), JSON.stringify(pipeline));
    const findings = (loaded: Awaited<ReturnType<typeof loadProject>>) =>
      validateProject(loaded)
        .diagnostics.filter((d) => d.location.file === 'pipeline/PL_NoMessage.json')
        .map((d) => [d.code, d.location.path?.join('.'), d.message]);
    expect(findings(await loadProject(project, { activityTypes: [echo] }))).toEqual([
      [
        'model/missing-property',
        'properties.activities.0.typeProperties.message',
        'activity "Mute": missing required property "message" (expected a string or an Expression object)',
      ],
    ]);
    // Loaded with the built-in types only, Echo is a type validate does not know, and does not check.
    expect(findings(await loadProject(project))).toEqual([]);
  });

  it('fails a missing message naming the path, before execute runs', async () => {
    const ctx = fakeActivityContext('Echo', { times: 1 });
    await expect(echo.execute(ctx)).rejects.toMatchObject({
      code: 'activity/invalid-settings',
      message: expect.stringMatching(/^Echo Act: typeProperties\.message: /) as unknown,
    });
    expect(ctx.lines).toEqual([]);
  });

  it('gets the settings its shape derives: a numeric string is a number, an absent times its default', async () => {
    await expect(echo.execute(fakeActivityContext('Echo', { message: 'a', times: '3' }))).resolves.toEqual({
      message: 'a a a',
    });
    await expect(echo.execute(fakeActivityContext('Echo', { message: 'a' }))).resolves.toEqual({
      message: 'a',
    });
    await expect(echo.execute(fakeActivityContext('Echo', { message: 5 }))).rejects.toMatchObject({
      code: 'activity/invalid-settings',
      message: expect.stringMatching(/^Echo Act: typeProperties\.message: /) as unknown,
    });
  });
});
