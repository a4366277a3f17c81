import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ActivityExecutor, RunDocument } from '../../index.js';
import { createMillrace, summarizeBuiltinOutput } from '../../index.js';
import { formatRunSummary } from './run-progress.js';

/** A finished run whose activities have these types and outputs. */
function runOf(activities: readonly { type: string; output: RunDocument['output'] }[]): RunDocument {
  return {
    runId: 'r1',
    pipeline: 'P',
    status: 'Succeeded',
    parameters: {},
    variables: {},
    output: {},
    durationMs: 1200,
    activityRuns: activities.map((a, i) => ({
      activityRunId: `a${i}`,
      activityName: `${a.type}${i}`,
      activityType: a.type,
      status: 'Succeeded',
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-01-01T00:00:01.000Z',
      durationMs: 5,
      output: a.output,
    })),
  } as unknown as RunDocument;
}

const lineOf = (text: string, name: string): string => text.split('\n').find((l) => l.includes(name)) ?? '';

describe('formatRunSummary', () => {
  it("prints each built-in activity's summary from its definition", () => {
    const text = formatRunSummary(
      runOf([
        { type: 'Copy', output: { rowsCopied: 12, filesWritten: 1, dataRead: 10 } },
        { type: 'Lookup', output: { count: 3, value: [] } },
        { type: 'Script', output: { resultSets: [{ rowCount: 1, rows: [{ n: 1 }] }] } },
        { type: 'DatabricksNotebook', output: { runOutput: 'done', runPageUrl: '' } },
        {
          type: 'WebActivity',
          output: { ADFWebActivityResponseHeaders: { 'Content-Type': 'text/csv; x=1' } },
        },
        { type: 'SetVariable', output: { count: 7 } },
      ]),
      { summarize: summarizeBuiltinOutput },
    );
    expect(lineOf(text, 'Copy0')).toMatch(/Copy0 +Succeeded +5 ms {2}12 rows copied, 1 file\(s\)$/);
    expect(lineOf(text, 'Lookup1')).toMatch(/ 3 rows$/);
    expect(lineOf(text, 'Script2')).toMatch(/ 1 result set\(s\), first row \{"n":1\}$/);
    expect(lineOf(text, 'DatabricksNotebook3')).toMatch(/ output done$/);
    expect(lineOf(text, 'WebActivity4')).toMatch(/ response text\/csv$/);
    // A type whose definition has no summarize shows none, whatever its output's fields.
    expect(lineOf(text, 'SetVariable5')).toMatch(/5 ms {2}$/);
  });

  it('cuts a long notebook exit value at 200 characters', () => {
    const text = formatRunSummary(
      runOf([{ type: 'databricksnotebook', output: { runOutput: 'x'.repeat(300) } }]),
      {
        summarize: summarizeBuiltinOutput,
      },
    );
    expect(lineOf(text, 'databricksnotebook0')).toContain(`output ${'x'.repeat(197)}...`);
  });

  describe("a plugin type's summarize", () => {
    const dir = mkdtempSync(join(tmpdir(), 'millrace-summary-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('is what the summary of a run with it prints', async () => {
      mkdirSync(join(dir, 'pipeline'));
      writeFileSync(
        join(dir, 'pipeline', 'P.json'),
        JSON.stringify({
          name: 'P',
          properties: { activities: [{ name: 'Greet', type: 'Greeting', typeProperties: { to: 'Ada' } }] },
        }),
      );
      const field = (value: unknown, key: string): unknown =>
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
      const greeting: ActivityExecutor = {
        type: 'Greeting',
        execute: (ctx) => Promise.resolve({ greeted: String(field(ctx.typeProperties(), 'to')) }),
        summarize: (output) => `greeted ${String(field(output, 'greeted'))}`,
      };
      const millrace = await createMillrace({ projectDir: dir, executors: [greeting] });
      try {
        const doc = await millrace.runPipeline('P');
        expect(doc.status).toBe('Succeeded');
        const text = formatRunSummary(doc, { summarize: millrace.summarizeOutput });
        expect(lineOf(text, 'Greet')).toMatch(/greeted Ada$/);
        // Given executors replace the built-ins: their summaries too.
        expect(millrace.summarizeOutput('Copy', { rowsCopied: 1 })).toBeUndefined();
      } finally {
        await millrace.close();
      }
    });
  });
});
