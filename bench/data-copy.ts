/** Helpers of the data benchmarks: a dataset bound to a connector, a Copy through the Copy core, a timer. */
import { copyData } from '../src/activities/copy/index.js';
import { createDuckDbDataPlane } from '../src/data-plane/index.js';
import { bindDataset } from '../src/connectors/index.js';
import type { Connector } from '../src/contracts/index.js';
import type { JsonObject } from '../src/model/index.js';

export const ds = (connector: Connector, type: string, location: JsonObject, extra: JsonObject = {}) =>
  bindDataset(
    `DS_${type}`,
    {
      type,
      linkedServiceName: { referenceName: 'LS', type: 'LinkedServiceReference' },
      parameters: {},
      typeProperties: { location, ...extra },
    },
    connector,
  );

export const dataPlane = createDuckDbDataPlane();

export const copy = (source: ReturnType<typeof ds>, sink: ReturnType<typeof ds>) =>
  copyData({
    dataPlane,
    source,
    sink,
    typeProperties: { source: {}, sink: {} },
    activityName: 'Bench',
    activityRunId: 'bench',
  });

export async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

/** A Binary dataset of one file of a local (FileServer) store. */
export const localFile = (connector: Connector, folderPath: string, fileName: string) =>
  ds(connector, 'Binary', { type: 'FileServerLocation', folderPath, fileName });
