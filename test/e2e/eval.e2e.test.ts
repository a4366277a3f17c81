import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const main = resolve(import.meta.dirname, '../../dist/cli/main.js');

function run(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [main, ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Case {
  readonly line: string;
  readonly expected: unknown;
}

/** A generated request with the answer it must produce. */
function makeCase(i: number, a: number, b: number, s: string): Case {
  const quoted = s.replace(/'/g, "''");
  switch (i % 6) {
    case 0:
      return {
        line: JSON.stringify({ id: i, expression: `@add(${a}, ${b})` }),
        expected: { id: i, value: a + b },
      };
    case 1:
      return {
        line: JSON.stringify({
          id: `c${i}`,
          expression: `@concat('${quoted}', '-', string(pipeline().parameters.n))`,
          context: { parameters: { n: a } },
        }),
        expected: { id: `c${i}`, value: `${s}-${a}` },
      };
    case 2:
      return {
        line: JSON.stringify({ id: i, expression: `x @{item().v} y`, context: { item: { v: s } } }),
        expected: { id: i, value: `x ${s} y` },
      };
    case 3:
      return {
        line: JSON.stringify({ id: i, expression: `@variables('missing${i}')`, context: { variables: {} } }),
        expected: { id: i, error: { code: 'expr/unknown-variable' } },
      };
    case 4:
      return {
        line: `{"id": ${i}, "expression": `,
        expected: { id: null, error: { code: 'cli/invalid-line' } },
      };
    default:
      return {
        line: JSON.stringify({
          id: i,
          expression: "@activity('A').output.count",
          context: { activities: { A: { status: 'Succeeded', output: { count: b } } } },
        }),
        expected: { id: i, value: b },
      };
  }
}

describe('millrace eval (built CLI)', () => {
  it('evaluates one expression and prints JSON', () => {
    const r = run(['eval', "@concat('a', string(add(1, 2)))"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toBe('a3');
  });

  it('prints Int64 integers beyond 2^53 with their exact digits, one-shot and --jsonl', () => {
    const one = run(['eval', '@createArray(add(9007199254740992, 1))']);
    expect(one.status).toBe(0);
    expect(one.stdout).toBe('[\n  9007199254740993\n]\n');
    const line = JSON.stringify({ id: 7, expression: '@add(pipeline().parameters.n, 1)' }).replace(
      '}',
      ',"context":{"parameters":{"n":9223372036854775806}}}',
    );
    const lines = run(['eval', '--jsonl'], `${line}\n`);
    expect(lines.stdout).toBe('{"id":7,"value":9223372036854775807}\n');
  });

  it('uses --now as a fixed clock', () => {
    const r = run(['eval', '@utcNow()', '--now', '2024-01-31T12:00:00Z']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toBe('2024-01-31T12:00:00.0000000Z');
  });

  it("takes the project's global parameters with --project; the context's win", () => {
    const dir = mkdtempSync(join(tmpdir(), 'millrace-eval-'));
    mkdirSync(join(dir, 'pipeline'));
    mkdirSync(join(dir, 'factory'));
    writeFileSync(
      join(dir, 'pipeline', 'P.json'),
      JSON.stringify({ name: 'P', properties: { activities: [] } }),
    );
    writeFileSync(
      join(dir, 'factory', 'F.json'),
      JSON.stringify({
        name: 'F',
        properties: {
          globalParameters: { env: { type: 'string', value: 'dev' }, n: { type: 'int', value: 2 } },
        },
      }),
    );
    writeFileSync(join(dir, 'ctx.json'), JSON.stringify({ globalParameters: { n: 5 } }));
    const expr = "@concat(pipeline().globalParameters.env, '-', string(pipeline().globalParameters.n))";
    const r = run(['eval', expr, '--project', dir, '--context', join(dir, 'ctx.json')]);
    rmSync(dir, { recursive: true, force: true });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toBe('dev-5');
  });

  it('exits 2 with the code and a caret under the problem', () => {
    const r = run(['eval', "@concat('a', nope(1))"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('expr/unknown-function');
    expect(r.stderr).toContain("  @concat('a', nope(1))\n               ^^^^");
  });

  it('streams thousands of --jsonl requests in order; bad lines do not stop the stream', () => {
    const cases = fc
      .sample(
        fc.tuple(
          fc.integer({ min: -1e9, max: 1e9 }),
          fc.integer({ min: -1e9, max: 1e9 }),
          fc.string({ maxLength: 12 }),
        ),
        { numRuns: 3000, seed: 42 },
      )
      .map(([a, b, s], i) => makeCase(i, a, b, s));
    const r = run(['eval', '--jsonl'], `${cases.map((c) => c.line).join('\n')}\n`);
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(lines).toHaveLength(cases.length);
    lines.forEach((got, i) => expect(got).toMatchObject(cases[i]!.expected as object));
  });
});
