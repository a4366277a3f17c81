import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ActivityContext } from '../../contracts/index.js';
import { ActivityError } from '../../errors/index.js';
import type { ResourceReference } from '../../model/index.js';
import { assertInside } from '../notebook-runtime/index.js';

/**
 * Downloads `folderPath` of the `resourceLinkedService` into the working folder, as ADF does before
 * running a Custom activity on Azure Batch (Blob / ADLS Gen2: the first segment is the container or file
 * system; FileServer: a folder under the share). Needs the engine's `data` capability. Returns the file count.
 */
export async function downloadResourceFolder(
  ctx: ActivityContext,
  reference: ResourceReference,
  folderPath: string,
  dest: string,
): Promise<number> {
  const { data } = ctx;
  if (!data) {
    throw new ActivityError({
      code: 'activity/missing-capability',
      message: `activity ${ctx.activity.name} (Custom) needs the "data" capability to read resourceLinkedService, which this engine does not provide`,
      failureType: 'SystemError',
      retryable: false,
    });
  }
  const connector = await data.linkedService(reference);
  if (!connector.fileStore || !connector.locate) {
    throw new ActivityError({
      code: 'activity/unsupported-resource-store',
      message: `Custom "${ctx.activity.name}": resourceLinkedService of type ${connector.type} is not a file store`,
    });
  }
  // ADF's folderPath for Blob storage starts with the container (`customactv2/helloworld`): the connector knows.
  const { location, folder } = connector.locate(folderPath);
  const store = connector.fileStore(location);
  const files = (await store.list(folder, { recursive: true, signal: ctx.signal })).filter(
    (f) => !f.isDirectory,
  );
  for (const file of files) {
    const relative = folder === '' ? file.path : file.path.slice(folder.length).replace(/^\/+/, '');
    const target = join(dest, relative);
    assertInside(dest, target, file.path);
    mkdirSync(dirname(target), { recursive: true });
    await pipeline(await store.openRead(file.path, ctx.signal), createWriteStream(target));
  }
  return files.length;
}
