import type { ProjectConfig } from './project-config.js';

/** The keys the fast path knows; a file with any other key goes through the zod schema. */
const KNOWN = new Set(['factory', 'notebooks', 'dbfs', 'python', 'environments']);
const DBFS_KNOWN = new Set(['root', 'mounts']);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isName = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** A map whose keys start with `prefix` and whose values are non-empty strings. */
function isFolderMap(v: unknown, prefix: string): v is Record<string, string> {
  return isObject(v) && Object.entries(v).every(([k, x]) => k.startsWith(prefix) && isName(x));
}

/**
 * The parsed file when it certainly passes projectConfigSchema, with its defaults applied; else undefined.
 * Only the keys it knows: a key added to the schema goes through zod until this learns it
 * (read-project-config.test.ts compares the two).
 */
function fastParse(json: unknown): ProjectConfig | undefined {
  if (!isObject(json) || Object.keys(json).some((k) => !KNOWN.has(k))) return undefined;
  const { factory = 'factory', notebooks = {}, dbfs, python, environments = {} } = json;
  if (!isName(factory) || (python !== undefined && !isName(python))) return undefined;
  if (!isFolderMap(notebooks, '/') || !isObject(environments)) return undefined;
  let dbfsOut: ProjectConfig['dbfs'];
  if (dbfs !== undefined) {
    if (!isObject(dbfs) || Object.keys(dbfs).some((k) => !DBFS_KNOWN.has(k))) return undefined;
    const { root, mounts = {} } = dbfs;
    if ((root !== undefined && !isName(root)) || !isFolderMap(mounts, '/mnt/')) return undefined;
    dbfsOut = { ...(root === undefined ? {} : { root }), mounts: { ...mounts } };
  }
  return {
    factory,
    notebooks: { ...notebooks },
    ...(dbfsOut === undefined ? {} : { dbfs: dbfsOut }),
    ...(python === undefined ? {} : { python }),
    environments: { ...environments },
  };
}

/**
 * Parses the text of `millrace.json` like parseProjectConfig (project-config.ts), whose zod schema stays the
 * source of truth: a well-formed file is checked without loading zod, any other goes through the schema,
 * which names the field in its ConfigError.
 */
export async function readProjectConfig(text: string, file = 'millrace.json'): Promise<ProjectConfig> {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    json = undefined; // parseProjectConfig reports it
  }
  const fast = json === undefined ? undefined : fastParse(json);
  if (fast) return fast;
  const { parseProjectConfig } = await import('./project-config.js');
  return parseProjectConfig(text, file);
}
