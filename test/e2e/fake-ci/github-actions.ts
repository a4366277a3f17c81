/**
 * GitHub Actions' rules for the fake runner: jobs in `needs` order, `${{ … }}` expressions (secrets, vars,
 * github context), the default `bash -e` shell, and the actions the example uses. Secrets reach a step only
 * through a `${{ secrets.X }}` expression, as on GitHub; a secret the store lacks evaluates to '' there too.
 * Contexts: https://docs.github.com/en/actions/learn-github-actions/contexts ; variables the runner sets:
 * https://docs.github.com/en/actions/learn-github-actions/variables#default-environment-variables
 */
import { join } from 'node:path';
import { yamlMap as obj, yamlStrings as strings, yamlText as text } from './yaml-values.js';
import type { YamlMap as Obj } from './yaml-values.js';
import type { CiDialect, CiJob, CiStep, JobContext } from './fake-runner.js';

/** The push being built and the repository's secrets and configuration variables. */
export interface GithubRun {
  readonly sha: string;
  readonly runId: string;
  readonly ref: string;
  readonly secrets: Readonly<Record<string, string>>;
  readonly vars: Readonly<Record<string, string>>;
  /** Node versions `actions/setup-node` may ask for (the Node running the test stands in for them). */
  readonly nodeVersions: readonly string[];
}

function step(raw: unknown, i: number): CiStep {
  const s = obj(raw);
  const base = { inputs: obj(s['with']), env: strings(s['env']) };
  const cond = typeof s['if'] === 'string' ? { condition: s['if'] } : {};
  if (typeof s['run'] === 'string')
    return { ...base, ...cond, label: text(s['name'], `run #${i}`), script: s['run'] };
  if (typeof s['uses'] === 'string')
    return { ...base, ...cond, label: text(s['name'], s['uses']), action: s['uses'] };
  throw new Error(`step ${i} has neither run: nor uses:`);
}

/** Jobs ordered so that each comes after the jobs it `needs`. */
function ordered(jobs: Obj): CiJob[] {
  const out: CiJob[] = [];
  const visit = (id: string, path: string[]): void => {
    if (out.some((j) => j.id === id)) return;
    if (path.includes(id)) throw new Error(`needs cycle: ${[...path, id].join(' → ')}`);
    const j = obj(jobs[id]);
    const needs = j['needs'];
    for (const n of Array.isArray(needs) ? needs : needs ? [needs] : []) visit(text(n), [...path, id]);
    const env = j['environment'];
    out.push({
      id,
      ...(env === undefined ? {} : { environment: typeof env === 'string' ? env : text(obj(env)['name']) }),
      ...(typeof j['if'] === 'string' ? { condition: j['if'] } : {}),
      env: strings(j['env']),
      steps: (j['steps'] as unknown[]).map(step),
    });
  };
  for (const id of Object.keys(jobs)) visit(id, []);
  return out;
}

/** The GitHub Actions dialect for one push. */
export function githubActions(run: GithubRun): CiDialect {
  const context = (path: string): string => {
    const [scope, name = ''] = path.split('.', 2);
    if (scope === 'secrets') return run.secrets[name] ?? '';
    if (scope === 'vars') return run.vars[name] ?? '';
    const github: Record<string, string> = { sha: run.sha, run_id: run.runId, ref: run.ref };
    if (scope === 'github' && name in github) return github[name] ?? '';
    throw new Error(`the fake runner does not know the expression ${path}`);
  };
  const expand = (text: string): string =>
    text.replace(/\$\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g, (_m, path: string) => context(path));
  let workflowEnv: Record<string, string> = {};
  return {
    name: 'github',
    bash: ['-e'],
    jobs(doc) {
      workflowEnv = strings(obj(doc)['env']);
      return ordered(obj(obj(doc)['jobs']));
    },
    dirs(root) {
      const workdir = join(root, 'work', 'repo', 'repo');
      return { root, workdir, make: [workdir, join(root, 'temp'), join(root, 'home')] };
    },
    variables(job, dirs) {
      return {
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_SHA: run.sha,
        GITHUB_REF: run.ref,
        GITHUB_REF_NAME: run.ref.replace(/^refs\/heads\//, ''),
        GITHUB_RUN_ID: run.runId,
        GITHUB_RUN_NUMBER: '1',
        GITHUB_EVENT_NAME: 'push',
        GITHUB_JOB: job.id,
        GITHUB_REPOSITORY: 'acme/houses',
        GITHUB_WORKSPACE: dirs.workdir,
        RUNNER_OS: 'Linux',
        RUNNER_TEMP: join(dirs.root, 'temp'),
        HOME: join(dirs.root, 'home'),
      };
    },
    expand: (text) => expand(text),
    condition(text, failed) {
      if (text === undefined) return !failed;
      if (text === 'always()') return true;
      const m = /^github\.ref == '([^']*)'$/.exec(text.trim());
      if (m) return !failed && run.ref === m[1];
      throw new Error(`the fake runner does not know the condition ${text}`);
    },
    scriptEnv(s, ctx) {
      const all = { ...workflowEnv, ...ctx.job.env, ...s.env };
      return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, expand(v)]));
    },
    action(s: CiStep, ctx: JobContext) {
      const w = ctx.dirs.workdir;
      const input = (k: string): string => expand(text(s.inputs[k]));
      switch (s.action) {
        case 'actions/checkout@v4':
          return ctx.checkout(w);
        case 'actions/setup-node@v4':
          if (!run.nodeVersions.includes(input('node-version')))
            throw new Error(`setup-node asks for Node ${input('node-version')}`);
          return; // the Node that runs the test is on PATH
        case 'actions/upload-artifact@v4':
          return ctx.saveArtifact(input('name'), join(w, input('path')));
        case 'actions/download-artifact@v4':
          return ctx.loadArtifact(input('name'), join(w, input('path')));
        default:
          throw new Error(`the fake runner does not implement ${s.action ?? '?'}`);
      }
    },
  };
}
