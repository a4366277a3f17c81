/** Pipeline run statuses, as ADF names them. */
export const RunStatus = {
  Queued: 'Queued',
  InProgress: 'InProgress',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Canceling: 'Canceling',
  Cancelled: 'Cancelled',
} as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

/** Activity run statuses. `Inactive` is the placeholder of a deactivated activity (ADF shows it so). */
export const ActivityRunStatus = {
  InProgress: 'InProgress',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Skipped: 'Skipped',
  Cancelled: 'Cancelled',
  Inactive: 'Inactive',
} as const;
export type ActivityRunStatus = (typeof ActivityRunStatus)[keyof typeof ActivityRunStatus];

/** True for a status a run never leaves. */
export function isFinalRunStatus(status: RunStatus): boolean {
  return status === 'Succeeded' || status === 'Failed' || status === 'Cancelled';
}
