/**
 * How `dbutils.secrets` reaches Millrace's secrets. `get` answers undefined for an unknown scope or
 * key; the optional listing methods back `dbutils.secrets.list` / `listScopes` (an error names the
 * missing capability when absent).
 */
export interface SecretLookup {
  get(scope: string, key: string): Promise<string | undefined>;
  list?(scope: string): Promise<readonly string[]>;
  listScopes?(): Promise<readonly string[]>;
}
