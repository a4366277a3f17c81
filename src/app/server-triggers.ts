import type { BackendTriggerRun, BackendTriggers } from '../server/index.js';
import type { TriggerRunRecord } from '../contracts/index.js';
import type { TriggerService } from './trigger-service.js';

function backendRun(r: TriggerRunRecord): BackendTriggerRun {
  const { triggerRunId, runId, message, ...rest } = r;
  return {
    ...rest,
    ...(runId === undefined ? {} : { runId }),
    ...(triggerRunId === undefined ? {} : { triggerRunId }),
    ...(message === undefined ? {} : { message }),
  };
}

/** Wires the trigger service into the server's `triggers` port; `schedulerRunning` reports the hosted loop. */
export function triggerBackend(service: TriggerService, schedulerRunning: () => boolean): BackendTriggers {
  return {
    list: () => service.list(),
    get: (name) => service.get(name),
    setState: (name, state) => service.setState(name, state),
    runs: async (name, q) => (await service.runs({ trigger: name, ...q })).map(backendRun),
    windows: async (name, q) => (await service.windows(name, q)).map(backendRun),
    backfill: (name, from, to) => service.backfill(name, from, to),
    rerunWindow: (name, windowStart) => service.rerunWindow(name, windowStart),
    schedulerRunning,
  };
}
