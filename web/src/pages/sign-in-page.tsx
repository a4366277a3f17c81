import { useState } from 'react';
import type { ApiWhoami } from '../../../src/server/api-types.js';
import type { ApiClient } from '../api/client.js';
import { ApiCallError } from '../api/client.js';
import { signIn } from '../session.js';

/** Sign-in with an API token (`millrace tokens create`); the token stays in this tab's sessionStorage. */
export function SignInPage(props: {
  onSignedIn: (token: string, a: { api: ApiClient; who: ApiWhoami }) => void;
}) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  return (
    <main className="sign-in" id="main">
      <h1>Millrace</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          signIn(token.trim()).then(
            (a) => props.onSignedIn(token.trim(), a),
            (err: unknown) => {
              setBusy(false);
              setError(
                err instanceof ApiCallError && err.status === 401
                  ? 'Unknown or revoked token.'
                  : err instanceof Error
                    ? err.message
                    : String(err),
              );
            },
          );
        }}
      >
        <label htmlFor="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          required
          value={token}
          placeholder="mr_…"
          onChange={(e) => setToken(e.target.value)}
        />
        <p className="hint">
          Create one with <code>millrace tokens create --name you --role reader</code>. It is kept only in
          this browser tab.
        </p>
        <button type="submit" disabled={busy || token.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
