import type { JsonValue } from '../model/index.js';

/** What a Validation activity asks of a dataset (https://learn.microsoft.com/azure/data-factory/control-flow-validation-activity). */
export interface DatasetProbeRequest {
  /** Dataset name and its evaluated parameters. */
  readonly dataset: {
    readonly referenceName: string;
    readonly parameters: Readonly<Record<string, JsonValue>>;
  };
  /** File datasets: the file must be at least this many bytes. */
  readonly minimumSize?: number;
  /** Folder datasets: true = exists and non-empty, false = exists and empty, undefined = exists. */
  readonly childItems?: boolean;
}

/**
 * Optional capability: checks whether a dataset's data exists (and meets size/children criteria), once.
 * The Validation activity polls it; without one configured, Validation fails with a clear error.
 */
export interface DatasetProbe {
  check(request: DatasetProbeRequest, signal: AbortSignal): Promise<boolean>;
}
