import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { runCloudDeploy } from '../cicd/index.js';
import type { DeployBundle, DeployOutcome } from '../cicd/index.js';
import { resolveActor } from '../config/index.js';
import type { ResolvedEnvironment } from '../config/index.js';
import { ConfigError } from '../errors/index.js';
import type { JsonObject } from '../model/index.js';
import { writeFileDurably } from '../platform/index.js';
import { FsDeployTarget, SqliteTriggerStore } from '../store/index.js';

/** Writes a file through a temp name and a rename. */
async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  await writeFileDurably(`${file}.tmp-${process.pid}`, file, text);
}
import { cloudSpecOf, openCloudFactory, openCloudWorkspace } from './cloud-wiring.js';
import type { CloudTestHooks } from './cloud-wiring.js';

/** What a cloud deploy needs from `deployProject`. */
export interface CloudDeployOptions {
  readonly environment: ResolvedEnvironment;
  readonly bundle: DeployBundle;
  /** How the user named the bundle (for the resume command). */
  readonly bundleArg: string;
  readonly whatIf: boolean;
  readonly rollback?: boolean;
  /** Apply an approved deployment to a protected environment. */
  readonly yes?: boolean;
  /** Only record a protected environment's approval request. */
  readonly request?: boolean;
  readonly lockWaitMs?: number;
  readonly deleteRemoved?: boolean;
  readonly actor?: string;
  readonly projectDir: string;
  readonly hooks?: CloudTestHooks;
  readonly afterAction?: (action: string) => void | Promise<void>;
}

/** Files of a cloud environment's state folder: `cloud/report.json`, `cloud/deployments.json`, `cloud/bundles/`. */
const cloudDir = (env: ResolvedEnvironment): string => join(env.stateDir, 'cloud');

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/**
 * The bundle a cloud rollback deploys: the one applied before the last applied one (kept under
 * `<state>/cloud/bundles/`), as a file path; `deploy/nothing-to-roll-back` when there is none.
 */
export async function previousCloudBundle(env: ResolvedEnvironment): Promise<string> {
  const dir = cloudDir(env);
  const history = (await readJson<{ bundleHash: string }[]>(join(dir, 'deployments.json'))) ?? [];
  const last = history.at(-1);
  const before = [...history].reverse().find((d) => d.bundleHash !== last?.bundleHash);
  if (!before)
    throw new ConfigError({
      code: 'deploy/nothing-to-roll-back',
      message: `${env.name}: no earlier bundle was deployed to its Data Factory`,
    });
  return join(dir, 'bundles', `${before.bundleHash.replace(':', '-')}.json`);
}

/** True when the environment declares a live Data Factory (`cloud.dataFactory`). */
export function hasCloudTarget(env: ResolvedEnvironment): boolean {
  return cloudSpecOf(env).spec.dataFactory !== undefined;
}

/** Deploys a bundle to the environment's Azure Data Factory and Databricks workspace (see cicd `runCloudDeploy`). */
export async function deployToCloud(o: CloudDeployOptions): Promise<DeployOutcome> {
  const env = o.environment;
  const { spec } = cloudSpecOf(env);
  const factory = (await openCloudFactory(env, o.hooks))!;
  const ws = await openCloudWorkspace(env, o.hooks);
  const dir = cloudDir(env);
  const reportFile = join(dir, 'report.json');
  const report = await readJson<{ stoppedTriggers?: string[] }>(reportFile);
  const history =
    (await readJson<{ bundleHash: string; version?: string; at: string }[]>(join(dir, 'deployments.json'))) ??
    [];
  const previous = [...history].reverse().find((d) => d.bundleHash !== o.bundle.contentHash);
  const rel = (p: string): string => relative(o.projectDir, p) || '.';
  const bundleFile = (hash: string): string => join(dir, 'bundles', `${hash.replace(':', '-')}.json`);
  // The environment's deploy history and lock (approvals, records), as for a deploy to a Millrace target.
  const target = new FsDeployTarget(env.stateDir, {
    environment: env.name,
    ...(o.lockWaitMs === undefined ? {} : { lockWaitMs: o.lockWaitMs }),
    openTriggerStore: (db) => Promise.resolve(new SqliteTriggerStore(db)),
  });
  const outcome = await runCloudDeploy({
    approvals: { target, protected: env.protected, yes: o.yes === true, requestOnly: o.request === true },
    bundle: o.bundle,
    environment: env,
    factory,
    ...(ws
      ? {
          workspace: {
            workspace: ws.workspace,
            ...(ws.spec.notebookPaths ? { notebookPaths: ws.spec.notebookPaths } : {}),
            ...(ws.spec.secretScope
              ? {
                  secretScope: {
                    name: ws.spec.secretScope.name,
                    keys: Object.keys(ws.spec.secretScope.secrets),
                  },
                }
              : {}),
          },
          readScopeSecret: ws.readScopeSecret,
        }
      : {}),
    deleteRemoved: o.deleteRemoved ?? spec.dataFactory?.deleteRemoved ?? false,
    ...(report?.stoppedTriggers ? { interrupted: report.stoppedTriggers } : {}),
    ...(history.length > 0
      ? { lastApplied: { bundleHash: history.at(-1)!.bundleHash, version: history.at(-1)!.version ?? '?' } }
      : {}),
    whatIf: o.whatIf,
    rollback: o.rollback === true,
    actor: resolveActor(o.actor),
    now: () => new Date().toISOString(),
    newId: () => randomUUID().slice(0, 8),
    writeReport: async (r: JsonObject) => {
      await writeAtomically(reportFile, `${JSON.stringify(r, null, 2)}\n`);
      return rel(reportFile);
    },
    commands: {
      resume: `millrace deploy ${o.bundleArg} --env ${env.name}`,
      ...(previous
        ? { rollback: `millrace deploy ${rel(bundleFile(previous.bundleHash))} --env ${env.name}` }
        : {}),
    },
    ...(o.afterAction ? { afterAction: o.afterAction } : {}),
  }).finally(() => target.close());
  if (outcome.status === 'applied' || (outcome.status === 'no-changes' && report)) {
    await mkdir(join(dir, 'bundles'), { recursive: true });
    await writeAtomically(bundleFile(o.bundle.contentHash), o.bundle.text);
    if (outcome.status === 'applied')
      await writeAtomically(
        join(dir, 'deployments.json'),
        `${JSON.stringify([...history, { bundleHash: o.bundle.contentHash, version: o.bundle.version, at: new Date().toISOString() }], null, 2)}\n`,
      );
    await rm(reportFile, { force: true });
  }
  return outcome;
}
