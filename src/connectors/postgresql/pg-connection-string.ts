/** Connection settings for the `pg` driver. */
export interface PgConnectionSettings {
  readonly host?: string;
  readonly port?: number;
  readonly database?: string;
  readonly user?: string;
  readonly password?: string;
  readonly ssl?: boolean | { readonly rejectUnauthorized: boolean };
}

const KEYS: Readonly<Record<string, keyof PgConnectionSettings | 'sslmode'>> = {
  host: 'host',
  server: 'host',
  port: 'port',
  database: 'database',
  db: 'database',
  username: 'user',
  'user id': 'user',
  userid: 'user',
  user: 'user',
  uid: 'user',
  password: 'password',
  pwd: 'password',
  'ssl mode': 'sslmode',
  sslmode: 'sslmode',
};

/** Parses an Npgsql-style connection string (`Key=Value;…`, keys case-insensitive) or a `postgres://` URL. */
export function parseConnectionString(text: string): PgConnectionSettings {
  if (/^postgres(ql)?:\/\//i.test(text)) {
    const url = new URL(text);
    return {
      host: decodeURIComponent(url.hostname),
      ...(url.port ? { port: Number(url.port) } : {}),
      ...(url.pathname.length > 1 ? { database: decodeURIComponent(url.pathname.slice(1)) } : {}),
      ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      ...sslOf(url.searchParams.get('sslmode') ?? undefined),
    };
  }
  const out: Record<string, unknown> = {};
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = KEYS[part.slice(0, eq).trim().toLowerCase()];
    const value = part.slice(eq + 1).trim();
    if (key === 'sslmode') Object.assign(out, sslOf(value));
    else if (key === 'port') out['port'] = Number(value);
    else if (key) out[key] = value;
  }
  return out;
}

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verifyca', 'verifyfull'];

/** ADF `sslMode` (0–5 or a name) → the driver's `ssl`; Disable/Allow/Prefer connect without TLS. */
export function sslOf(mode: string | number | undefined): Pick<PgConnectionSettings, 'ssl'> {
  if (mode === undefined || mode === '') return {};
  const n =
    typeof mode === 'number' || /^\d$/.test(mode)
      ? Number(mode)
      : SSL_MODES.indexOf(mode.toLowerCase().replace(/[-_\s]/g, ''));
  if (n < 0) return {};
  if (n <= 2) return { ssl: false };
  return { ssl: n === 3 ? { rejectUnauthorized: false } : true };
}
