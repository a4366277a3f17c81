/** Running totals of a long data movement (Copy). */
export interface CopyProgress {
  readonly bytes: number;
  readonly rows: number;
  readonly files: number;
}
