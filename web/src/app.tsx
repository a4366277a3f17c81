import { useCallback, useEffect, useMemo, useState } from 'react';
import { Navigate, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import type { ApiRunChange, ApiWhoami } from '../../src/server/api-types.js';
import type { ApiClient } from './api/client.js';
import { ApiCallError } from './api/client.js';
import type { RunChanges } from './api/hooks.js';
import { RunChangesContext } from './api/hooks.js';
import { followSse } from './api/sse.js';
import { DeploymentsPage } from './pages/deployments-page.js';
import { ExperimentsPage } from './pages/experiments-page.js';
import { ModelsPage } from './pages/models-page.js';
import { PipelinePage } from './pages/pipeline-page.js';
import { PipelinesPage } from './pages/pipelines-page.js';
import { RunPage } from './pages/run-page.js';
import { RunsPage } from './pages/runs-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { TriggersPage } from './pages/triggers-page.js';
import type { Session } from './session.js';
import { afterSignIn, roleAllows, SessionContext, signIn, storedToken, storeToken } from './session.js';
import type { Theme } from './theme.js';
import { applyTheme, initialTheme } from './theme.js';

/** One `/api/events` stream for the whole app, fanned out to the pages that listen. */
function useRunChangeStream(token: string | undefined): RunChanges {
  const listeners = useMemo(() => new Set<(c: ApiRunChange) => void>(), []);
  useEffect(() => {
    if (token === undefined) return;
    const ac = new AbortController();
    followSse(
      '/api/events',
      token,
      (e) => {
        if (e.event !== 'run') return;
        const change = JSON.parse(e.data) as ApiRunChange;
        for (const l of listeners) l(change);
      },
      ac.signal,
      { stopOnEnd: false },
    );
    return () => ac.abort();
  }, [token, listeners]);
  return useCallback(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    [listeners],
  );
}

function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(initialTheme);
  useEffect(() => applyTheme(theme, false), [theme]);
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="ghost"
      aria-label={`Switch to ${next} theme`}
      onClick={() => {
        applyTheme(next, true);
        setTheme(next);
      }}
    >
      {theme === 'dark' ? '☀ Light' : '☾ Dark'}
    </button>
  );
}

/** The signed-in shell: navigation, who is signed in, theme, and the pages (each has its own URL). */
export function App() {
  const [auth, setAuth] = useState<{ api: ApiClient; who: ApiWhoami } | undefined>();
  const [checking, setChecking] = useState(() => storedToken() !== undefined);
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(() => {
    const token = storedToken();
    if (token === undefined) return;
    signIn(token).then(
      (a) => {
        setAuth(a);
        setChecking(false);
      },
      (err: unknown) => {
        // A revoked token is forgotten; a server that is down keeps it for the next load.
        if (err instanceof ApiCallError && err.status === 401) storeToken(undefined);
        setChecking(false);
      },
    );
  }, []);
  const changes = useRunChangeStream(auth?.api.token);
  const session = useMemo<Session | undefined>(
    () =>
      auth && {
        ...auth,
        can: (needed) => roleAllows(auth.who.role, needed),
        signOut: () => {
          storeToken(undefined);
          setAuth(undefined);
          void navigate('/sign-in');
        },
      },
    [auth, navigate],
  );
  if (checking) return <p className="page">Signing in…</p>;
  if (!session) {
    return (
      <Routes>
        <Route
          path="/sign-in"
          element={
            <SignInPage
              onSignedIn={(token, a) => {
                storeToken(token);
                setAuth(a);
              }}
            />
          }
        />
        <Route
          path="*"
          element={
            <Navigate
              to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`}
              replace
            />
          }
        />
      </Routes>
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <RunChangesContext.Provider value={changes}>
        <a className="skip" href="#main">
          Skip to content
        </a>
        <header className="top">
          <span className="brand">Millrace</span>
          <nav aria-label="Main">
            <NavLink to="/runs">Runs</NavLink>
            <NavLink to="/pipelines">Pipelines</NavLink>
            <NavLink to="/triggers">Triggers</NavLink>
            <NavLink to="/deployments">Deployments</NavLink>
            <NavLink to="/experiments">Experiments</NavLink>
            <NavLink to="/models">Models</NavLink>
          </nav>
          <span className="who" aria-label="Signed in as">
            {session.who.name} · {session.who.role}
          </span>
          <ThemeToggle />
          <button type="button" className="ghost" onClick={session.signOut}>
            Sign out
          </button>
        </header>
        <main id="main" className="page">
          <Routes>
            <Route path="/" element={<Navigate to="/runs" replace />} />
            <Route path="/sign-in" element={<Navigate to={afterSignIn(location.search)} replace />} />
            <Route path="/runs" element={<RunsPage />} />
            <Route path="/runs/:runId" element={<RunPage />} />
            <Route path="/pipelines" element={<PipelinesPage />} />
            <Route path="/pipelines/:name" element={<PipelinePage />} />
            <Route path="/triggers" element={<TriggersPage />} />
            <Route path="/deployments" element={<DeploymentsPage />} />
            <Route path="/experiments" element={<ExperimentsPage />} />
            <Route path="/models" element={<ModelsPage />} />
            <Route path="*" element={<p role="alert">No page at {location.pathname}.</p>} />
          </Routes>
        </main>
      </RunChangesContext.Provider>
    </SessionContext.Provider>
  );
}
