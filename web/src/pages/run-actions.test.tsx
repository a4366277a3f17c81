// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiPipelineDetail, ApiRunDocument } from '../../../src/server/api-types.js';
import { SignedInAs } from '../testing/signed-in-as.js';
import { RunActions } from './run-actions.js';

afterEach(cleanup);

const run = {
  runId: 'r1',
  pipeline: 'PL',
  status: 'Failed',
  parameters: { bad: [1] },
  variables: {},
  output: {},
  start: '2026-01-01T00:00:00.000Z',
  end: '2026-01-01T00:00:05.000Z',
  durationMs: 5000,
  contentHash: 'h',
  invokedBy: { triggerType: 'Manual' },
  activityRuns: [],
} as unknown as ApiRunDocument;
const pipeline = {
  parameters: [{ name: 'bad', type: 'Array', required: false }],
} as unknown as ApiPipelineDetail;

describe('RunActions: rerun one failed ForEach iteration', () => {
  it('offers an operator the rerun of the selected failed iteration, with the parameters editable', () => {
    render(
      <SignedInAs role="operator">
        <RunActions run={run} pipeline={pipeline} iteration="Loop[3]" />
      </SignedInAs>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Rerun this iteration (Loop[3])…' }));
    const form = screen.getByRole('form', { name: 'Rerun iteration Loop[3]' });
    expect(form.textContent).toContain('the other iterations keep their results');
    expect(screen.getByLabelText<HTMLTextAreaElement>(/^bad/).value).toBe('[1]');
    expect(screen.getByRole('button', { name: 'Start rerun of Loop[3]' })).toBeTruthy();
  });
  it('offers it neither without a failed iteration selected, nor on a run that did not fail, nor to a reader', () => {
    const offered = (role: 'operator' | 'reader', doc: ApiRunDocument, iteration?: string) => {
      render(
        <SignedInAs role={role}>
          <RunActions run={doc} pipeline={pipeline} {...(iteration ? { iteration } : {})} />
        </SignedInAs>,
      );
      const n = screen.queryAllByRole('button', { name: /Rerun this iteration/ }).length;
      cleanup();
      return n;
    };
    expect(offered('operator', run)).toBe(0);
    expect(offered('operator', { ...run, status: 'Succeeded' }, 'Loop[3]')).toBe(0);
    expect(offered('reader', run, 'Loop[3]')).toBe(0);
    expect(offered('operator', run, 'Loop[3]')).toBe(1);
  });
});
