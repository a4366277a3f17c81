/**
 * What each step of the CI examples (by its name) must show, for the fake runner test. The counts come from
 * the project: the rows of qa's input and the project's pipeline tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { StepResult } from './fake-runner.js';

/** The checks of every shell step of both examples, by step name; `sha` is the commit being built. */
export function stepExpectations(o: {
  readonly sha: string;
  readonly project: string;
}): Record<string, (r: StepResult) => void> {
  const SHA = o.sha;
  const quickstart = o.project;
  /** Rows of qa's input (the Blob the qa run copies), counted here. */
  const qaRows =
    readFileSync(join(quickstart, 'data', 'raw', 'houses_b.csv'), 'utf8')
      .trim()
      .split('\n').length - 1;

  /** The quickstart's pipeline tests (`it(` calls), counted here. */
  const pipelineTests = readdirSync(join(quickstart, 'tests'))
    .filter((f) => f.endsWith('.test.ts'))
    .reduce(
      (n, f) => n + (readFileSync(join(quickstart, 'tests', f), 'utf8').match(/^\s*it\(/gm)?.length ?? 0),
      0,
    );

  /** What each step (by its name) must show. Every shell step of both examples has an entry. */
  const steps: Record<string, (r: StepResult) => void> = {
    'Install Millrace': (r) => expect(r.noOp).toBeDefined(),
    'Lint and validate the factory': (r) => {
      expect(r.exit, r.output).toBe(0);
      const report = readFileSync(resolve(r.workdir, /--output (\S+)/.exec(r.command)?.[1] ?? '?'), 'utf8');
      expect(report).toMatch(/<testsuites[^>]* failures="0"/);
    },
    'Pipeline tests': (r) => {
      expect(r.exit, r.output).toBe(0);
      expect(r.output).toMatch(new RegExp(`Tests\\s+${pipelineTests} passed`));
      const report = readFileSync(resolve(r.workdir, /--junit (\S+)/.exec(r.command)?.[1] ?? '?'), 'utf8');
      expect(report).toMatch(new RegExp(`<testsuites[^>]* tests="${pipelineTests}" failures="0"`));
    },
    'Build the artifact': (r) => {
      expect(r.exit, r.output).toBe(0);
      expect(r.output).toContain(`version      ${SHA}`);
    },
    'What-if (qa)': (r) => {
      expect(r.exit, r.output).toBe(0);
      expect(r.output).toContain('+ pipeline/ReferencePipeline');
      expect(r.output).toContain('What-if: nothing was changed.');
    },
    'Deploy (qa)': (r) => {
      expect(r.exit, r.output).toBe(0);
      expect(r.output).toMatch(/✔ applied as \S+ by ci/);
    },
    'qa secrets from the secret store into the qa vault': (r) => {
      expect(r.exit, r.output).toBe(0);
      expect(r.output).toContain('set raw-storage-connection in qa');
    },
    'Integration test (qa)': (r) => {
      expect(r.exit, r.output).toBe(0);
      expect(r.output).toMatch(/ReferencePipeline Succeeded/);
      expect(r.output).toContain(`${qaRows} rows copied`);
    },
    'Request the prod deployment': (r) => {
      expect(r.exit, r.output).toBe(0);
      expect(r.output).toMatch(/prod is protected: deployment \S+ \(requested by ci\) needs an approval/);
    },
    'What-if (prod)': (r) => {
      expect(r.exit, r.output).toBe(0);
      expect(r.output).toContain('What-if: nothing was changed.');
    },
    'Deploy (prod)': (r) => {
      expect(r.exit, r.output).toBe(0);
      expect(r.output).toMatch(/✔ applied as \S+ by ci/);
    },
  };
  // The two examples name their steps alike; the Azure build file's labels are its displayNames.
  steps['qa secrets from the variable group into the qa vault'] =
    steps['qa secrets from the secret store into the qa vault']!;
  return steps;
}
