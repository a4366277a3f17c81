/** Triggers: schedule, tumbling window and storage event triggers, their recurrence math, and the scheduler loop. */
export { createScheduler, triggerDefinitions } from './scheduler.js';
export type {
  BlobSource,
  Scheduler,
  SchedulerEvent,
  SchedulerOptions,
  TriggerStatus,
} from './scheduler-types.js';
export { parseTriggerDefinition, TriggerType } from './trigger-definition.js';
export type {
  BlobEventsTriggerDefinition,
  ScheduleTriggerDefinition,
  TriggerDefinition,
  TriggerPipeline,
  TumblingWindowTriggerDefinition,
} from './trigger-definition.js';
export { nextFireTimes, parseScheduleRecurrence, ScheduleFrequency } from './schedule-recurrence.js';
export type { ScheduleRecurrence, RecurrenceSchedule, MonthlyOccurrence } from './schedule-recurrence.js';
export {
  windowAt,
  windowIndexAt,
  lastDueWindowIndex,
  dependencyRange,
  parseTumblingWindowSpec,
  WindowFrequency,
} from './tumbling-windows.js';
export type { TumblingWindowSpec, TimeWindow, WindowDependency } from './tumbling-windows.js';
export {
  BlobEventType,
  containerOf,
  matchesBlobPath,
  diffBlobSnapshots,
  parseBlobEventsSpec,
} from './blob-events.js';
export type { BlobEventsSpec, BlobChange } from './blob-events.js';
export { resolveTriggerZone, triggerTimestamp } from './time-zone.js';
export { windowKey } from './window-pass.js';
