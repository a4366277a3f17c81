// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SignedInAs } from '../testing/signed-in-as.js';
import { AliasRollback } from './alias-rollback.js';

afterEach(cleanup);

const aliases = [
  { alias: 'champion', version: '2' },
  { alias: 'challenger', version: '3' },
];

describe('AliasRollback', () => {
  it('asks a deployer to confirm which move a rollback makes, and Cancel leaves the alias alone', () => {
    const done: string[] = [];
    render(
      <SignedInAs role="deployer">
        <AliasRollback name="price" env="prod" aliases={aliases} onDone={(t) => done.push(t)} />
      </SignedInAs>,
    );
    expect(screen.getByRole('list', { name: 'Aliases of price' }).textContent).toContain('champion → v2');
    fireEvent.click(screen.getByRole('button', { name: 'Roll back champion…' }));
    const confirm = screen.getByRole('group', { name: 'Confirm the rollback of champion' });
    expect(confirm.textContent).toContain('move champion of price in prod from v2 back to the version');
    expect(screen.getByRole('button', { name: 'Confirm rollback of champion' })).toBeTruthy();
    // The other alias keeps its own button; only the asked one waits for confirmation.
    expect(screen.getByRole('button', { name: 'Roll back challenger…' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group', { name: /Confirm the rollback/ })).toBeNull();
    expect(done).toEqual([]);
  });
  it('offers no rollback below the deployer role, and shows nothing for a model without aliases', () => {
    for (const role of ['reader', 'operator'] as const) {
      render(
        <SignedInAs role={role}>
          <AliasRollback name="price" env={undefined} aliases={aliases} onDone={() => undefined} />
        </SignedInAs>,
      );
      expect(screen.getByRole('list', { name: 'Aliases of price' }).textContent).toContain('challenger → v3');
      expect(screen.queryAllByRole('button').length).toBe(0);
      cleanup();
    }
    const { container } = render(
      <SignedInAs role="admin">
        <AliasRollback name="price" env={undefined} aliases={[]} onDone={() => undefined} />
      </SignedInAs>,
    );
    expect(container.textContent).toBe('');
  });
});
