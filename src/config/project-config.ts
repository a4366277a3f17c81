import { z } from 'zod';
import { ConfigError } from '../errors/index.js';
import { parseJsonText } from './parse-json-text.js';

/** `millrace.json`: the project file. Unknown keys are kept for later issues (environments, …). */
export const projectConfigSchema = z.looseObject({
  /** Factory folder, relative to the project root. Default `factory`. */
  factory: z.string().min(1).default('factory'),
  /** Databricks workspace folder → local folder, e.g. `{"/Shared/team": "notebooks"}`. */
  notebooks: z
    .record(z.string().regex(/^\//, { error: 'workspace folders start with "/"' }), z.string().min(1))
    .default({}),
  /**
   * The local DBFS: `root` behind `dbfs:/` and `/dbfs/` (default `.millrace/dbfs`), and `mounts` standing for
   * `dbutils.fs.mount` (`{"/mnt/prepared": "data/prepared"}`); folders are relative to the project.
   */
  dbfs: z
    .looseObject({
      root: z.string().min(1).optional(),
      mounts: z
        .record(
          z.string().regex(/^\/mnt\//, { error: 'mount points look like /mnt/<name>' }),
          z.string().min(1),
        )
        .default({}),
      /**
       * Mount point → the cloud URL it stands for (`abfss://raw@acct.dfs.core.windows.net/`), as
       * `dbutils.fs.mount(source, mountPoint)` made it: notebooks' `abfss://`/`wasbs://` URLs resolve through it.
       */
      sources: z
        .record(
          z.string().regex(/^\/mnt\//, { error: 'mount points look like /mnt/<name>' }),
          z.string().regex(/^(abfss?|wasbs?):\/\//, { error: 'sources are abfss:// or wasbs:// URLs' }),
        )
        .optional(),
    })
    .optional(),
  /** Python interpreter for notebooks, Python scripts and Custom commands. Default `python3`. */
  python: z.string().min(1).optional(),
  /**
   * The project's Python requirements file, added to every notebook's environment (relative to the project).
   * Default `requirements.txt` when that file exists.
   */
  pythonRequirements: z.string().min(1).optional(),
  /**
   * The bundle a deployed environment runs (written by `millrace deploy` into the version's millrace.json,
   * never by hand): its version label, content hash, and the git commit it was built from.
   */
  bundle: z
    .looseObject({
      version: z.string().min(1),
      contentHash: z.string().min(1),
      commit: z.string().min(1).optional(),
      dirty: z.boolean().optional(),
    })
    .optional(),
  /**
   * The state database: a `postgres://` URL for scale-out (many servers on one database); absent, the embedded
   * SQLite file `.millrace/state.db`. `--db` and `MILLRACE_DB` win over it; keep passwords out of this file
   * (trust, a `.pgpass` file, or `MILLRACE_DB`).
   */
  database: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'the state database is a postgres:// URL' })
    .optional(),
  /**
   * Where execution activities run: `local` (default, in the process running the pipeline) or `workers`
   * (`millrace worker` processes take them from the work queue in the PostgreSQL state database).
   * `--execution` and `MILLRACE_EXECUTION` win over it.
   */
  execution: z.enum(['local', 'workers']).optional(),
  /** Per-environment settings (a later issue defines them). */
  environments: z.record(z.string(), z.unknown()).default({}),
});

/** The parsed project file. */
export type ProjectConfig = z.output<typeof projectConfigSchema>;

/** Parses the text of `millrace.json`; errors name the field (`millrace.json: notebooks./x: …`). */
export function parseProjectConfig(text: string, file = 'millrace.json'): ProjectConfig {
  const json = parseJsonText(text, file);
  const result = projectConfigSchema.safeParse(json);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const path = first ? first.path.filter((p): p is string | number => typeof p !== 'symbol') : [];
  const field = path.length > 0 ? path.join('.') : '(root)';
  throw new ConfigError({
    code: 'config/invalid-project-file',
    message: `${file}: ${field}: ${first?.message ?? 'invalid'}`,
    location: { file, path },
    hint: 'millrace.json looks like {"factory": "factory", "notebooks": {"/Shared/team": "notebooks"}}',
  });
}
