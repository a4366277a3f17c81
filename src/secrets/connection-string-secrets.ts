import { SECRET_MASK } from './secret-mask.js';

/**
 * Keys whose value is a secret in the connection strings of the linked services Millrace reads:
 * ADO.NET / Npgsql (`Password`, `Pwd`), Azure Storage (`AccountKey`, `SharedAccessSignature`,
 * https://learn.microsoft.com/azure/storage/common/storage-configure-connection-string), Service Bus /
 * Event Hubs (`SharedAccessKey`), SAS query strings (`sig`,
 * https://learn.microsoft.com/rest/api/storageservices/create-service-sas) and token/key/secret parameters.
 */
const SECRET_KEYS =
  'password|pwd|accountkey|sharedaccesskey|sharedaccesssignature|sig|access_token|accesstoken|token|apikey|api_key|api-key|client_secret|clientsecret|secret|key';

/**
 * `key = value` where key is a secret key that starts a field (start of text, after `;`, `&`, `?`, space, a
 * quote or a bracket). The value is quoted (`'…'`, `"…"`) or runs to the next `;`, `&`, whitespace or quote;
 * a SharedAccessSignature runs to the next `;` (it holds `&` and `=` itself).
 */
const FIELD = new RegExp(
  `(^|[;&?\\s"'({\\[,])((?:sharedaccesssignature)\\s*=\\s*)([^;\\s"']+)|(^|[;&?\\s"'({\\[,])((?:${SECRET_KEYS})\\s*=\\s*)('[^']*'|"[^"]*"|[^;&\\s"',)}\\]]+)`,
  'gi',
);

/** `scheme://user:password@` in a URL (postgres://, mongodb://, https:// …). */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*):([^@/\s]+)@/gi;

function unquote(v: string): string {
  return v.length >= 2 && (v[0] === "'" || v[0] === '"') && v.endsWith(v[0]) ? v.slice(1, -1) : v;
}

/**
 * The secret parts of a connection string, URL or SAS token: the values of its password, key, token,
 * signature and SAS fields, and a URL's password (raw and decoded). A typo that merges two fields
 * (`Database=db Password=x`) still yields `x`. Empty when the text has no secret field.
 */
export function connectionStringSecrets(text: string): string[] {
  const out = new Set<string>();
  const visit = (t: string, depth: number): void => {
    for (const m of t.matchAll(FIELD)) {
      const value = unquote(m[3] ?? m[6] ?? '');
      if (value === '' || out.has(value)) continue;
      out.add(value);
      // A SharedAccessSignature holds `sig=…` and friends: its signature alone is secret too.
      if (depth < 2) visit(value, depth + 1);
    }
    for (const m of t.matchAll(USERINFO)) {
      const raw = m[2] ?? '';
      out.add(raw);
      try {
        out.add(decodeURIComponent(raw));
      } catch {
        // Not percent-encoded text: the raw spelling is registered already.
      }
    }
  };
  visit(text, 0);
  return [...out].filter((v) => v !== SECRET_MASK);
}

/**
 * The text with the value of every secret connection-string field and URL password replaced by `***`
 * (`Host=h;Password=***`), whether or not the value was ever registered: for driver and connector error
 * messages, which may quote a part of a connection string or a mistyped one.
 */
export function maskConnectionStringSecrets(text: string): string {
  return text
    .replace(FIELD, (_all, p1?: string, k1?: string, _v1?: string, p2?: string, k2?: string) =>
      k1 !== undefined ? `${p1 ?? ''}${k1}${SECRET_MASK}` : `${p2 ?? ''}${k2 ?? ''}${SECRET_MASK}`,
    )
    .replace(USERINFO, (_all, prefix: string) => `${prefix}:${SECRET_MASK}@`);
}
