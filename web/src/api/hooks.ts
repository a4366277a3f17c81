import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { ApiRunChange } from '../../../src/server/api-types.js';
import { useSession } from '../session.js';
import type { Query } from './client.js';

/** State of a GET: the data of the last success, the last error, whether a load is under way. */
export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** GETs `path` (again when path or query change, or on `reload`); keeps the previous data while reloading. */
export function useGet<T>(path: string | undefined, query?: Query): Loaded<T> {
  const { api } = useSession();
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(query ?? {});
  useEffect(() => {
    if (path === undefined) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api.get<T>(path, JSON.parse(key) as Query).then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState((s) => ({ ...s, error, loading: false })),
    );
    return () => {
      live = false;
    };
  }, [api, path, key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** Subscribes to the run status changes of `GET /api/events` (one stream per signed-in app). */
export type RunChanges = (listener: (change: ApiRunChange) => void) => () => void;
export const RunChangesContext = createContext<RunChanges>(() => () => undefined);

/**
 * Calls `onChange` at most once per `ms` while changes that `match` arrive (a 10,000-iteration ForEach sends
 * 20,000 changes: the page reloads a few times a second, not 20,000 times).
 */
export function useRunChanges(match: (c: ApiRunChange) => boolean, onChange: () => void, ms = 500): void {
  const subscribe = useContext(RunChangesContext);
  const matchRef = useRef(match);
  const changeRef = useRef(onChange);
  matchRef.current = match;
  changeRef.current = onChange;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = subscribe((c) => {
      if (!matchRef.current(c) || timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        changeRef.current();
      }, ms);
    });
    return () => {
      off();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [subscribe, ms]);
}
