import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import type { ApiRoleName } from '../../../src/server/api-types.js';
import { ApiClient } from '../api/client.js';
import { roleAllows, SessionContext } from '../session.js';

/**
 * A signed-in page for component tests: the session of `role` (the UI's own `roleAllows` decides what it
 * offers) inside a router. Its client points at an address no test server listens on, so a test sees only
 * what a component shows before it calls the API.
 */
export function SignedInAs(props: { readonly role: ApiRoleName; readonly children: ReactNode }) {
  const session = {
    api: new ApiClient('test-token', 'http://127.0.0.1:9'),
    who: { name: `a-${props.role}`, role: props.role },
    can: (needed: ApiRoleName) => roleAllows(props.role, needed),
    signOut: () => undefined,
  };
  return (
    <MemoryRouter>
      <SessionContext.Provider value={session}>{props.children}</SessionContext.Provider>
    </MemoryRouter>
  );
}
