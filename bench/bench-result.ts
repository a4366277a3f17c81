/** One measured figure. `baseline` is measured in the same run; the table reports value/baseline. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: { readonly name: string; readonly value: number };
  /** Target from the issue, for the table (e.g. "< 2 s"). */
  readonly target?: string;
  readonly note?: string;
}

/** A suite: a name and a function producing results. */
export interface BenchSuite {
  readonly name: string;
  readonly run: () => Promise<readonly BenchResult[]>;
}
