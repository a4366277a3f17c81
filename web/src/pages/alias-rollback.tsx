import { useState } from 'react';
import type { ApiModelRollback } from '../../../src/server/api-types.js';
import { seg } from '../api/client.js';
import { useSession } from '../session.js';

/**
 * The aliases of a model in a registry, each with "Roll back" for a deployer (the role that promotes and
 * approves; the API refuses the others): the alias moves back to the version it pointed to before its current
 * one (`POST /api/models/:name/rollback`), after the deployer confirms which move it is.
 */
export function AliasRollback(props: {
  readonly name: string;
  readonly env: string | undefined;
  readonly aliases: readonly { readonly alias: string; readonly version: string }[];
  readonly onDone: (text: string, error: boolean) => void;
}) {
  const { api, can } = useSession();
  const [asked, setAsked] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  if (props.aliases.length === 0) return null;
  const where = props.env ?? 'the default registry';
  const rollBack = (alias: string) => {
    setBusy(true);
    api
      .post<ApiModelRollback>(
        `/api/models/${seg(props.name)}/rollback`,
        { alias },
        props.env === undefined ? undefined : { env: props.env },
      )
      .then(
        (r) => props.onDone(`${r.alias} of ${r.name} moved back from v${r.from} to v${r.to}`, false),
        (e: Error) => props.onDone(e.message, true),
      )
      .finally(() => {
        setBusy(false);
        setAsked(undefined);
      });
  };
  return (
    <>
      <h3>Aliases</h3>
      <ul aria-label={`Aliases of ${props.name}`}>
        {props.aliases.map(({ alias, version }) => (
          <li key={alias}>
            {alias} → v{version}{' '}
            {can('deployer') && asked !== alias && (
              <button type="button" onClick={() => setAsked(alias)}>
                Roll back {alias}…
              </button>
            )}
            {asked === alias && (
              <span role="group" aria-label={`Confirm the rollback of ${alias}`}>
                — move {alias} of {props.name} in {where} from v{version} back to the version it pointed to
                before?{' '}
                <button type="button" className="danger" disabled={busy} onClick={() => rollBack(alias)}>
                  Confirm rollback of {alias}
                </button>{' '}
                <button type="button" className="ghost" disabled={busy} onClick={() => setAsked(undefined)}>
                  Cancel
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
