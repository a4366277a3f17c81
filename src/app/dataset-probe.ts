import type { ActivityContext, DatasetProbe, DatasetProbeRequest } from '../contracts/index.js';
import type { JsonValue } from '../model/index.js';
import type { DataWiring } from './data-access.js';

/**
 * The Validation activity's dataset check, over the same data wiring as Copy: binds the dataset (its
 * parameters are already evaluated) and looks at its store. A file dataset exists when the file is there and
 * has at least `minimumSize` bytes; a folder dataset when the folder is there, and with `childItems` true (false)
 * when it has (has no) children. Table datasets exist when their table does.
 */
export function createDatasetProbe(wiring: DataWiring, pipelineName = ''): DatasetProbe {
  return {
    async check(request: DatasetProbeRequest, signal: AbortSignal): Promise<boolean> {
      const ctx: ActivityContext = {
        activity: { name: 'Validation', type: 'Validation', dependsOn: [], typeProperties: {} },
        pipelineName,
        runId: '',
        activityRunId: '',
        attempt: 1,
        signal,
        typeProperties: () => ({}),
        references: () => ({ inputs: [], outputs: [] }),
        evaluate: (v) => v as JsonValue,
        log: () => undefined,
      };
      const access = wiring.forContext(ctx);
      const reference = {
        referenceName: request.dataset.referenceName,
        type: 'DatasetReference',
        parameters: request.dataset.parameters,
      };
      const binding = await access.binding(reference);
      if (binding.kind === 'table') {
        return binding.table ? binding.store.tableExists(binding.table) : false;
      }
      const path = binding.fileName ? join(binding.folderPath, binding.fileName) : binding.folderPath;
      const entry = await binding.store.stat(path);
      if (!entry) return false;
      if (!entry.isDirectory) return entry.size >= (request.minimumSize ?? 0);
      if (request.childItems === undefined) return true;
      const children = await binding.store.list(path, { signal });
      return request.childItems ? children.length > 0 : children.length === 0;
    },
  };
}

function join(folder: string, name: string): string {
  return folder === '' ? name : `${folder.replace(/\/+$/, '')}/${name}`;
}
