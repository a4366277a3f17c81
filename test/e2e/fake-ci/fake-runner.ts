/**
 * A fake CI runner for the examples in `examples/ci/`: runs the jobs of a parsed workflow in order, each in a
 * fresh temp folder (deleted afterwards, as a hosted runner is), every shell step with bash and the variables
 * the CI system sets, the few actions/tasks the examples use implemented here, and any other action refused.
 * The CI system's own rules (expressions, conditions, artifacts, secret visibility) live in a `CiDialect`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One step of a job, as the dialect read it. `script` for a shell step, `action` for anything else. */
export interface CiStep {
  readonly label: string;
  readonly script?: string;
  /** `uses:` of GitHub, or the step key of Azure (`task: X`, `checkout`, `publish`, `download`). */
  readonly action?: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The step's own `env:` (not yet expanded). */
  readonly env: Readonly<Record<string, string>>;
  readonly condition?: string;
}

/** One job: its steps, the environment it deploys to (the approval gate), its own `env:`. */
export interface CiJob {
  readonly id: string;
  readonly environment?: string;
  readonly condition?: string;
  readonly env: Readonly<Record<string, string>>;
  readonly steps: readonly CiStep[];
}

/** The folders of one job on the fake runner. */
export interface JobDirs {
  readonly root: string;
  /** Where the checkout goes and scripts run. */
  readonly workdir: string;
}

/** What the runner gives a dialect while a job runs. */
export interface JobContext {
  readonly job: CiJob;
  readonly dirs: JobDirs;
  /** The runner's variables for this job (the CI system's predefined ones; no secrets). */
  readonly env: Readonly<Record<string, string>>;
  /** Copies the project into a folder, as a checkout would. */
  checkout(into: string): void;
  /** Keeps a file or folder as an artifact of the run (shared by the later jobs). */
  saveArtifact(name: string, from: string): void;
  /** Copies an artifact of an earlier job into a folder. */
  loadArtifact(name: string, into: string): void;
}

/** A CI system's rules. */
export interface CiDialect {
  readonly name: string;
  /** The jobs in the order the CI system runs them for one push. */
  jobs(doc: unknown): CiJob[];
  /** The job's folders under `root` (created by the runner afterwards). */
  dirs(root: string): JobDirs & { readonly make: readonly string[] };
  /** Predefined variables of the job (CI=true, the commit, the run id, folders). */
  variables(job: CiJob, dirs: JobDirs): Record<string, string>;
  /** Substitutes the CI system's expressions in a script or an env value (secrets included). */
  expand(text: string, ctx: JobContext): string;
  /** Evaluates a job's or step's condition after the steps so far (`failed`). Unknown ones throw. */
  condition(text: string | undefined, failed: boolean): boolean;
  /** The env a script sees: runner variables, job/workflow env, step env, expanded. */
  scriptEnv(step: CiStep, ctx: JobContext): Record<string, string>;
  /** bash's arguments before the script file (GitHub: `-e`; Azure: none). */
  readonly bash: readonly string[];
  /** Runs a non-shell step; throws for an action the fake runner does not know. */
  action(step: CiStep, ctx: JobContext): void;
}

/** The outcome of one step. */
export interface StepResult {
  readonly job: string;
  readonly label: string;
  readonly command: string;
  readonly exit: number | null;
  readonly output: string;
  /** The job's folder while it ran (gone once the job ends). */
  readonly workdir: string;
  /** Why the step was not run (a tooling install mapped to a no-op). */
  readonly noOp?: string;
}

/** Options of `runPipeline`. */
export interface RunOptions {
  readonly dialect: CiDialect;
  readonly doc: unknown;
  /** The project a checkout copies. */
  readonly project: string;
  /** Prepended to a minimal PATH (`millrace`). */
  readonly binDir: string;
  /**
   * Called before a job that deploys to an environment (the CI system's approval gate). `runEarly` runs the
   * job once as if the gate were passed already (its outcomes are returned, not reported).
   */
  readonly gate?: (job: CiJob, runEarly: () => Promise<StepResult[]>) => Promise<void>;
  /** Called after each shell step (assertions). */
  readonly afterStep?: (result: StepResult) => void;
  /** Called after each job, before its folder is deleted. */
  readonly afterJob?: (job: CiJob, dirs: JobDirs) => Promise<void> | void;
  /** Only these jobs (default all). */
  readonly only?: (job: CiJob) => boolean;
  /**
   * Shell steps that install tooling, mapped to no-ops (command → why): they are not run, and reported with
   * `noOp` set. Any other shell step runs.
   */
  readonly noOps?: ReadonlyMap<string, string>;
}

/** Copies a project as a checkout would: no local state, no outputs of earlier runs. */
export function checkoutCopy(project: string, into: string): void {
  cpSync(project, into, {
    recursive: true,
    filter: (src) => !src.includes('.millrace') && !/data[/\\]prepared[/\\]houses/.test(src),
  });
  // The runner's Python is the pinned test interpreter, which has every library the quickstart's training
  // notebook asks for (as a CI job's setup-python step with a cache would): nothing is downloaded.
  const python = process.env['MILLRACE_TEST_PYTHON'];
  const config = join(into, 'millrace.json');
  if (python !== undefined && existsSync(config))
    writeFileSync(
      config,
      JSON.stringify({ ...(JSON.parse(readFileSync(config, 'utf8')) as object), python }),
    );
}

function runScript(step: CiStep, ctx: JobContext, opts: RunOptions): StepResult {
  const script = opts.dialect.expand(step.script ?? '', ctx);
  const base = { job: ctx.job.id, label: step.label, command: script, workdir: ctx.dirs.workdir };
  const noOp = opts.noOps?.get(script.trim());
  if (noOp !== undefined) return { ...base, exit: 0, output: '', noOp };
  const file = join(ctx.dirs.root, `step-${ctx.job.steps.indexOf(step)}.sh`);
  writeFileSync(file, `${script}\n`);
  const env = {
    PATH: `${opts.binDir}:/usr/local/bin:/usr/bin:/bin`,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    ...ctx.env,
    ...opts.dialect.scriptEnv(step, ctx),
  };
  const r = spawnSync('bash', ['--noprofile', '--norc', ...opts.dialect.bash, file], {
    cwd: ctx.dirs.workdir,
    env,
    encoding: 'utf8',
    timeout: 240_000,
  });
  return {
    ...base,
    exit: r.status,
    output: `${r.stdout}\n${r.stderr}${r.error ? `\n${r.error.message}` : ''}`,
  };
}

type Artifacts = Pick<JobContext, 'saveArtifact' | 'loadArtifact'>;

/** Runs one job in a fresh folder, deleted afterwards; `afterStep` sees each shell step's outcome. */
async function runJob(
  job: CiJob,
  opts: RunOptions,
  artifacts: Artifacts,
  afterStep?: (r: StepResult) => void,
): Promise<StepResult[]> {
  const { dialect } = opts;
  const results: StepResult[] = [];
  const root = mkdtempSync(join(tmpdir(), `fake-${dialect.name}-${job.id}-`));
  const dirs = dialect.dirs(root);
  for (const d of dirs.make) mkdirSync(d, { recursive: true });
  const ctx: JobContext = {
    job,
    dirs,
    env: dialect.variables(job, dirs),
    checkout: (into) => checkoutCopy(opts.project, into),
    ...artifacts,
  };
  try {
    let failed = false;
    for (const step of job.steps) {
      if (!dialect.condition(step.condition, failed)) continue;
      if (step.script === undefined) {
        dialect.action(step, ctx);
        continue;
      }
      const result = runScript(step, ctx, opts);
      results.push(result);
      afterStep?.(result);
      if (result.exit !== 0) failed = true;
    }
    await opts.afterJob?.(job, dirs);
    return results;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Runs every job of a workflow in order, each in a fresh folder; a failing step skips the rest of its job
 * (except steps whose condition is `always()`), as the CI systems do. Before a job that deploys to an
 * environment, `gate` plays the CI system's approval. Returns every shell step's outcome.
 */
export async function runPipeline(opts: RunOptions): Promise<StepResult[]> {
  const { dialect } = opts;
  const results: StepResult[] = [];
  const store = mkdtempSync(join(tmpdir(), `fake-${dialect.name}-artifacts-`));
  const saved = new Set<string>();
  const artifacts: Artifacts = {
    saveArtifact(name, from) {
      if (!existsSync(from)) throw new Error(`artifact ${name}: ${from} does not exist`);
      cpSync(from, join(store, name), { recursive: true });
      saved.add(name);
    },
    loadArtifact(name, into) {
      if (!saved.has(name)) throw new Error(`no artifact ${name} (saved: ${[...saved].join(', ')})`);
      cpSync(join(store, name), into, { recursive: true });
    },
  };
  try {
    for (const job of dialect.jobs(opts.doc)) {
      if (opts.only && !opts.only(job)) continue;
      if (!dialect.condition(job.condition, false))
        throw new Error(`${job.id}: its condition is false for this push`);
      if (job.environment !== undefined) await opts.gate?.(job, () => runJob(job, opts, artifacts));
      results.push(...(await runJob(job, opts, artifacts, opts.afterStep)));
    }
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
  return results;
}
