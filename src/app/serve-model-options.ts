import type { EndpointStatus } from '../serving/index.js';

/** Options of `serveModel` (`millrace models serve`). */
export interface ServeModelOptions {
  /** Project folder (millrace.json). Default `.`. */
  readonly projectDir?: string;
  /** `<name>@<alias>` (alias default `champion`); `models:/` prefix allowed. */
  readonly model: string;
  /** Environment whose registry holds the alias; default the default registry. */
  readonly environment?: string;
  /** TCP port; 0 picks a free one. Default 5000 (as `mlflow models serve`). */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Python worker processes; default the machine's cores, at most 4. */
  readonly workers?: number;
  /** Request timeout in seconds; default 60 (MLflow's). */
  readonly timeoutSeconds?: number;
  /** Largest scoring payload in bytes; default 20 MiB. */
  readonly bodyLimit?: number;
  /** How often the alias is checked in the registry (ms); default 2000. */
  readonly pollMs?: number;
  /** Most requests per predict call; default 32. */
  readonly maxBatch?: number;
  /** Base interpreter of the model's environment; default the environment's or project's `python`, else `python3`. */
  readonly python?: string;
  /** Worker logs and environment build progress. */
  readonly onLog?: (line: string) => void;
}

/** A running `models serve`. */
export interface RunningScoringServer {
  readonly url: string;
  readonly port: number;
  /** The registry environment served. */
  readonly env: string;
  status(): EndpointStatus;
  /** Checks the alias now (instead of at the next poll) and swaps when it moved. */
  refresh(): Promise<void>;
  /** Stops listening, answers in-flight requests, stops the workers. */
  close(): Promise<void>;
}
