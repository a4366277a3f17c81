import { createContext, useContext } from 'react';
import type { ApiRoleName, ApiWhoami } from '../../src/server/api-types.js';
import { ApiClient } from './api/client.js';

/** Roles weakest first (the server's order: a role may do all the roles before it may). */
export const ROLES: readonly ApiRoleName[] = ['reader', 'operator', 'deployer', 'admin'];

/** True when `role` is `needed` or stronger: what the UI offers (the API still checks every call). */
export function roleAllows(role: ApiRoleName, needed: ApiRoleName): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** A signed-in session: the token (kept in sessionStorage, so it goes with the tab) and who it is. */
export interface Session {
  readonly api: ApiClient;
  readonly who: ApiWhoami;
  readonly can: (needed: ApiRoleName) => boolean;
  readonly signOut: () => void;
}

const KEY = 'millrace.token';

export const storedToken = (): string | undefined => sessionStorage.getItem(KEY) ?? undefined;
export const storeToken = (token: string | undefined): void =>
  token === undefined ? sessionStorage.removeItem(KEY) : sessionStorage.setItem(KEY, token);

/** Checks a token with `GET /api/whoami`; throws the API's error (401 for an unknown token). */
export async function signIn(token: string): Promise<{ api: ApiClient; who: ApiWhoami }> {
  const api = new ApiClient(token);
  const who = await api.get<ApiWhoami>('/api/whoami');
  return { api, who };
}

export const SessionContext = createContext<Session | undefined>(undefined);

/** The session of a signed-in page. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in page');
  return s;
}

/**
 * Where the sign-in page goes once signed in: the page first asked for (`?next=`), only when it is a path of
 * this origin (`/x`, never `//evil.example` or `https://…`), else the runs.
 */
export function afterSignIn(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/runs';
}
