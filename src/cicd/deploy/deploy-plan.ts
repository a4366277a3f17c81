import type { ResolvedEnvironment } from '../../config/index.js';
import type { DeployFile, DeployHistory, DeployTarget } from '../../contracts/index.js';
import { ConfigError } from '../../errors/index.js';
import type { DeployBundle } from './deploy-bundle.js';
import { diffSnapshots } from './deploy-diff.js';
import type { DeployDiff } from './deploy-diff.js';
import { nextGeneration, rollbackTarget, versionIdOf } from './deploy-history.js';
import { materializeVersion } from './materialize.js';
import type { DeployProjectSettings } from './materialize.js';
import { parseDeployBundle } from './deploy-bundle.js';
import { collectSecrets, createSecretMasker } from './secret-mask.js';
import { planTriggers } from './trigger-plan.js';
import type { TriggerPlan } from './trigger-plan.js';
import { EMPTY_SNAPSHOT, snapshotOf } from './version-snapshot.js';

/** The environment as a deploy needs it. */
export type DeployEnvironment = Pick<ResolvedEnvironment, 'name' | 'protected' | 'layers'>;

/** What to plan: a bundle, or a rollback to the previous one. */
export interface PlanInput {
  readonly target: DeployTarget;
  readonly environment: DeployEnvironment;
  /** The bundle to deploy; absent for a rollback. */
  readonly bundle?: DeployBundle;
  readonly rollback?: boolean;
  readonly settings?: DeployProjectSettings;
}

/** A computed deploy: what the target has, what it would get, and the difference. */
export interface DeployPlan {
  readonly bundle: DeployBundle;
  readonly history: DeployHistory;
  readonly current?: { readonly id: string; readonly bundleHash?: string; readonly version?: string };
  readonly versionId: string;
  readonly generation: number;
  readonly files: readonly DeployFile[];
  readonly diff: DeployDiff;
  readonly triggers: TriggerPlan;
  /** For a rollback: the deployment it undoes. */
  readonly rollbackOf?: string;
}

async function bundleFor(
  input: PlanInput,
  history: DeployHistory,
): Promise<{ bundle: DeployBundle; rollbackOf?: string }> {
  if (!input.rollback) {
    if (input.bundle) return { bundle: input.bundle };
    throw new ConfigError({
      code: 'deploy/missing-bundle',
      message: 'no bundle to deploy: give the bundle folder (or its bundle.json), or --rollback',
    });
  }
  const { undo, restore } = rollbackTarget(history);
  const text = await input.target.readBundle(restore.bundleHash);
  if (text === undefined)
    throw new ConfigError({
      code: 'deploy/missing-bundle',
      message: `the target no longer holds bundle ${restore.bundleHash} (deployment ${restore.id})`,
    });
  return { bundle: parseDeployBundle(text, `bundles/${restore.bundleHash}`), rollbackOf: undo.id };
}

/**
 * Plans a deploy without changing anything: reads the target's current version and history, materializes
 * the new version in memory, diffs the two (secrets masked) and plans the trigger stops and restarts.
 */
export async function planDeploy(input: PlanInput): Promise<DeployPlan> {
  const { target, environment } = input;
  const history = await target.readHistory();
  const { bundle, rollbackOf } = await bundleFor(input, history);
  const currentId = await target.currentVersion();
  const currentFiles = currentId === undefined ? [] : await target.readVersion(currentId);
  const generation = nextGeneration(history, currentId);
  const versionId = versionIdOf(generation, bundle.contentHash);
  const files = await materializeVersion({
    bundle,
    environment,
    versionId,
    ...(input.settings ? { settings: input.settings } : {}),
  });
  const current = currentId === undefined ? EMPTY_SNAPSHOT : snapshotOf(currentFiles);
  const next = snapshotOf(files);
  const secrets = collectSecrets([
    ...environment.layers.map((l) => (l.format === 'millrace' ? l.spec : l.parameters)),
    ...[...current.resources.values()].map((r) => r.json),
    ...[...next.resources.values()].map((r) => r.json),
  ]);
  const diff = diffSnapshots(current, next, createSecretMasker(secrets), environment.name);
  const interrupted = history.inFlight?.stoppedTriggers ?? [];
  const needsStates =
    interrupted.length > 0 || diff.resources.some((r) => r.kind === 'pipeline' || r.kind === 'trigger');
  const states = needsStates ? await target.triggerStates() : new Map();
  const triggers = planTriggers(current, next, diff, { states, layers: environment.layers, interrupted });
  const record = history.deployments.find((d) => d.id === currentId) ?? history.inFlight?.record;
  return {
    bundle,
    history,
    ...(currentId === undefined
      ? {}
      : {
          current: {
            id: currentId,
            ...(record?.id === currentId ? { bundleHash: record.bundleHash, version: record.version } : {}),
          },
        }),
    versionId,
    generation,
    files,
    diff,
    triggers,
    ...(rollbackOf === undefined ? {} : { rollbackOf }),
  };
}
