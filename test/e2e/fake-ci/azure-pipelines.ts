/**
 * Azure Pipelines' rules for the fake runner: stages in order, `job:` and `deployment:` jobs (runOnce deploy
 * steps), `$(Name)` macros, variables as env vars (`Build.SourceVersion` → `BUILD_SOURCEVERSION`) except
 * secret ones, which a script sees only where a step maps them under `env:`, and the tasks the example uses.
 * Macro syntax: https://learn.microsoft.com/azure/devops/pipelines/process/variables#macro-syntax-variables ;
 * secrets: https://learn.microsoft.com/azure/devops/pipelines/process/set-secret-variables ;
 * deployment jobs: https://learn.microsoft.com/azure/devops/pipelines/process/deployment-jobs
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { yamlMap as obj, yamlStrings as strings, yamlText as text } from './yaml-values.js';
import type { YamlMap as Obj } from './yaml-values.js';
import type { CiDialect, CiJob, CiStep, JobContext } from './fake-runner.js';

/** The build being run and the variable groups it links. */
export interface AzureRun {
  readonly sourceVersion: string;
  readonly buildId: string;
  readonly sourceBranch: string;
  /** Variable group name → variables (`secret` ones are not put in the environment). */
  readonly groups: Readonly<
    Record<string, Readonly<Record<string, { readonly value: string; readonly secret?: boolean }>>>
  >;
  /** Node versions the Node tool task may ask for (the Node running the test stands in for them). */
  readonly nodeVersions: readonly string[];
}

const ACTIONS = ['task', 'checkout', 'publish', 'download'] as const;

function step(raw: unknown, i: number): CiStep {
  const s = obj(raw);
  const base = {
    inputs: s,
    env: strings(s['env']),
    ...(typeof s['condition'] === 'string' ? { condition: s['condition'] } : {}),
  };
  const label = (fallback: string): string => text(s['displayName'], fallback);
  if (typeof s['script'] === 'string') return { ...base, label: label(`script #${i}`), script: s['script'] };
  const kind = ACTIONS.find((k) => k in s);
  if (kind === undefined) throw new Error(`step ${i}: the fake runner knows ${ACTIONS.join(', ')}, script`);
  const action = kind === 'task' ? text(s['task']) : kind;
  return { ...base, label: label(action), action };
}

function job(raw: unknown): CiJob {
  const j = obj(raw);
  if (typeof j['job'] === 'string')
    return { id: j['job'], env: {}, steps: (j['steps'] as unknown[]).map(step) };
  const deploySteps = obj(obj(obj(j['strategy'])['runOnce'])['deploy'])['steps'];
  if (typeof j['deployment'] !== 'string' || !Array.isArray(deploySteps))
    throw new Error('the fake runner knows job: and deployment: (runOnce) jobs');
  const env = j['environment'];
  return {
    id: j['deployment'],
    environment: typeof env === 'string' ? env : text(obj(env)['name']),
    env: {},
    steps: deploySteps.map(step),
  };
}

/** The Azure Pipelines dialect for one build. */
export function azurePipelines(run: AzureRun): CiDialect {
  let linked: { name: string; value: string; secret: boolean }[] = [];
  const predefined = (dirs: { root: string; workdir: string }): Record<string, string> => {
    const w = join(dirs.root, 'w');
    return {
      'Build.SourceVersion': run.sourceVersion,
      'Build.SourceBranch': run.sourceBranch,
      'Build.BuildId': run.buildId,
      'Build.ArtifactStagingDirectory': join(w, 'a'),
      'Build.SourcesDirectory': dirs.workdir,
      'System.DefaultWorkingDirectory': dirs.workdir,
      'Pipeline.Workspace': w,
      'Agent.TempDirectory': join(dirs.root, 'tmp'),
    };
  };
  const lookup = (name: string, ctx: JobContext): string | undefined => {
    const all = { ...predefined(ctx.dirs), ...Object.fromEntries(linked.map((v) => [v.name, v.value])) };
    return Object.entries(all).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  };
  // An undefined macro stays as written (then bash would read it as a command substitution).
  const expand = (text: string, ctx: JobContext): string =>
    text.replace(/\$\(([A-Za-z_][\w.]*)\)/g, (m, name: string) => lookup(name, ctx) ?? m);
  return {
    name: 'azure',
    bash: [],
    jobs(doc) {
      const d = obj(doc);
      linked = (d['variables'] as unknown[]).flatMap((v) => {
        const group = text(obj(v)['group']);
        const vars = run.groups[group];
        if (vars === undefined) throw new Error(`no variable group ${group}`);
        return Object.entries(vars).map(([name, x]) => ({ name, value: x.value, secret: x.secret === true }));
      });
      return (d['stages'] as unknown[]).flatMap((s) => {
        const stage = obj(s);
        const cond = stage['condition'];
        return (stage['jobs'] as unknown[])
          .map(job)
          .map((j) => (typeof cond === 'string' ? { ...j, condition: cond } : j));
      });
    },
    dirs(root) {
      const w = join(root, 'w');
      const workdir = join(w, 's');
      return {
        root,
        workdir,
        make: [workdir, join(w, 'a'), join(w, 'b'), join(root, 'tmp'), join(root, 'home')],
      };
    },
    variables(_job, dirs) {
      const visible = [
        ...Object.entries(predefined(dirs)),
        ...linked.filter((v) => !v.secret).map((v) => [v.name, v.value] as const),
      ];
      return {
        ...Object.fromEntries(visible.map(([k, v]) => [k.toUpperCase().replace(/\./g, '_'), v])),
        TF_BUILD: 'True',
        CI: 'true',
        HOME: join(dirs.root, 'home'),
      };
    },
    expand,
    condition(text, failed) {
      if (text === undefined) return !failed;
      if (text === 'always()') return true;
      const m = /^and\(succeeded\(\), eq\(variables\['Build\.SourceBranch'\], '([^']*)'\)\)$/.exec(text);
      if (m) return !failed && run.sourceBranch === m[1];
      throw new Error(`the fake runner does not know the condition ${text}`);
    },
    scriptEnv: (s, ctx) => Object.fromEntries(Object.entries(s.env).map(([k, v]) => [k, expand(v, ctx)])),
    action(s: CiStep, ctx: JobContext) {
      const input = (k: string, from: Obj = s.inputs): string => expand(text(from[k]), ctx);
      const ws = join(ctx.dirs.root, 'w');
      switch (s.action) {
        case 'checkout':
          if (input('checkout') !== 'self') throw new Error(`checkout: ${input('checkout')}`);
          return ctx.checkout(ctx.dirs.workdir);
        case 'UseNode@1':
          if (!run.nodeVersions.includes(input('version', obj(s.inputs['inputs']))))
            throw new Error(`UseNode asks for Node ${input('version', obj(s.inputs['inputs']))}`);
          return; // the Node that runs the test is on PATH
        case 'publish':
          return ctx.saveArtifact(input('artifact'), input('publish'));
        case 'download':
          if (input('download') !== 'current') throw new Error(`download: ${input('download')}`);
          return ctx.loadArtifact(input('artifact'), join(ws, input('artifact')));
        case 'PublishTestResults@2':
          return publishTestResults(obj(s.inputs['inputs']), (k) => input(k, obj(s.inputs['inputs'])));
        default:
          throw new Error(`the fake runner does not implement ${s.action ?? '?'}`);
      }
    },
  };
}

/** PublishTestResults@2 with `failTaskOnFailedTests`: the JUnit files must exist and hold no failure. */
function publishTestResults(inputs: Obj, input: (k: string) => string): void {
  if (input('testResultsFormat') !== 'JUnit') throw new Error('PublishTestResults: JUnit only');
  const pattern = input('testResultsFiles');
  if (basename(pattern) !== '*.xml') throw new Error(`PublishTestResults: pattern ${pattern}`);
  const files = readdirSync(dirname(pattern)).filter((f) => f.endsWith('.xml'));
  if (files.length === 0) throw new Error(`PublishTestResults: no file matches ${pattern}`);
  for (const f of files) {
    const xml = readFileSync(join(dirname(pattern), f), 'utf8');
    if (!xml.includes('<testsuite')) throw new Error(`${f} is not a JUnit report`);
    if (inputs['failTaskOnFailedTests'] === true && /(failures|errors)="[1-9]/.test(xml))
      throw new Error(`${f} reports failed tests`);
  }
}
