import type { JsonValue } from '../model/index.js';
import type { TriggerRuntimeState } from './trigger-store.js';

/** A text file of a deployed version, relative to the version folder (`/` separators). */
export interface DeployFile {
  readonly path: string;
  readonly text: string;
}

/** How many resources a deployment added, changed and removed. */
export interface DeployDiffSummary {
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
}

/** One resource a deployment adds, changes or removes, with its changed properties (`+`, `-`, `~`; masked). */
export interface DeployResourceChange {
  readonly action: 'add' | 'change' | 'remove';
  readonly kind: string;
  readonly name: string;
  readonly changes: readonly {
    readonly op: '+' | '-' | '~';
    readonly pathText: string;
    readonly before?: JsonValue;
    readonly after?: JsonValue;
  }[];
}

/** One applied deployment, as the target's history records it. */
export interface DeploymentRecord {
  /** The version folder it created (`0003-1a2b3c4d5e6f`): generation, then the bundle hash prefix. */
  readonly id: string;
  readonly generation: number;
  readonly bundleHash: string;
  /** The bundle's version label (git commit or `--version`). */
  readonly version: string;
  /** `deploy`, or `rollback` (redeploy of the previous bundle; undoes the deployment `rollbackOf`). */
  readonly kind: 'deploy' | 'rollback';
  readonly rollbackOf?: string;
  readonly actor: string;
  /** Who approved it (protected environments). */
  readonly approvedBy?: string;
  /** ISO instant. */
  readonly at: string;
  readonly summary: DeployDiffSummary;
  /** Triggers stopped before the switch and started again after it. */
  readonly stoppedTriggers: readonly string[];
  readonly restartedTriggers: readonly string[];
}

/** A deployment to a protected environment that waits for (or has) an approval by another identity. */
export interface PendingDeployment {
  readonly id: string;
  readonly bundleHash: string;
  readonly version: string;
  readonly rollback: boolean;
  /** The version the target had when it was requested; an approval is void once the target moved on. */
  readonly baseVersion: string | null;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly summary: DeployDiffSummary;
  /** What it would change, as the what-if showed it when requested (secrets masked): what an approver reviews. */
  readonly changes?: readonly DeployResourceChange[];
  readonly approvedBy?: string;
  readonly approvedAt?: string;
  /** How a CLI approval of a protected environment was signed: check it with the approver's public key. */
  readonly approvalProof?: ApprovalProof;
}

/**
 * A pending deployment that will not be applied: `withdrawn` by its requester or `rejected` by someone else
 * (a deployer), kept in the history with who closed it and when.
 */
export interface ClosedDeployment extends PendingDeployment {
  readonly outcome: 'rejected' | 'withdrawn';
  readonly closedBy: string;
  readonly closedAt: string;
  readonly reason?: string;
}

/** An approver's Ed25519 signature of `statement` (`millrace/approve/<env>/<pending id>/<time>`), base64. */
export interface ApprovalProof {
  readonly actor: string;
  readonly statement: string;
  readonly signature: string;
}

/** A deploy between stopping triggers and starting them again (survives an interruption). */
export interface InFlightDeployment {
  readonly bundleHash: string;
  readonly startedAt: string;
  /** Triggers this deploy stopped; the next deploy starts them again if this one never did. */
  readonly stoppedTriggers: readonly string[];
  /** The record written once the deploy completes; recorded by the next deploy if the switch happened. */
  readonly record: DeploymentRecord;
  /** The pending approval it consumes (protected environments). */
  readonly pendingId?: string;
}

/** The target's `deployments.json`. */
export interface DeployHistory {
  readonly formatVersion: 1;
  /** Applied deployments, oldest first. */
  readonly deployments: readonly DeploymentRecord[];
  readonly pending: readonly PendingDeployment[];
  /** Pending deployments rejected or withdrawn, oldest first (absent until one is). */
  readonly closed?: readonly ClosedDeployment[];
  readonly inFlight?: InFlightDeployment;
}

/** The history of a target that was never deployed to. */
export const EMPTY_HISTORY: DeployHistory = { formatVersion: 1, deployments: [], pending: [] };

/** The environment's deploy lock; `release` is idempotent. */
export interface DeployLock {
  release(): Promise<void>;
}

/**
 * Where a deployment goes: an environment's target folder (versions, current pointer, bundles, history,
 * trigger state). The deploy logic (cicd/deploy) does no I/O itself; app/ implements this on the file system.
 * Every write is atomic: a version is written completely before `switchCurrent` points at it.
 */
export interface DeployTarget {
  /** The target folder, for messages. */
  readonly location: string;
  /** Serializes deploys to one environment. Throws `deploy/locked` (naming the holder) when it cannot. */
  lock(): Promise<DeployLock>;
  /** Id of the current version; undefined before the first deploy. */
  currentVersion(): Promise<string | undefined>;
  readVersion(id: string): Promise<readonly DeployFile[]>;
  /** Writes a complete version folder (temporary folder, then rename). The current pointer does not move. */
  writeVersion(id: string, files: readonly DeployFile[]): Promise<void>;
  /** Points `current` at a written version in one rename. */
  switchCurrent(id: string): Promise<void>;
  /** Removes version folders other than `keep`. */
  pruneVersions(keep: readonly string[]): Promise<void>;
  /** Keeps a deployed bundle by content hash (no-op when kept already). */
  saveBundle(hash: string, text: string): Promise<void>;
  readBundle(hash: string): Promise<string | undefined>;
  readHistory(): Promise<DeployHistory>;
  writeHistory(history: DeployHistory): Promise<void>;
  /** Runtime states set explicitly in the target's trigger store (they win over the factory files). */
  triggerStates(): Promise<ReadonlyMap<string, TriggerRuntimeState>>;
  setTriggerState(trigger: string, state: TriggerRuntimeState): Promise<void>;
}
