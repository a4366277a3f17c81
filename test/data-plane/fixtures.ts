import { mkdtemp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Connector, DatasetBinding } from '../../src/contracts/index.js';
import {
  bindDataset,
  createFileServerConnector,
  unavailableSecretResolver,
} from '../../src/connectors/index.js';
import type { JsonObject } from '../../src/model/index.js';

/** A temp project with a FileServer linked service rooted at `data/`. */
export async function tempProject(): Promise<{ root: string; data: string; connector: Connector }> {
  const root = await mkdtemp(join(tmpdir(), 'millrace-dp-'));
  const data = join(root, 'data');
  await mkdir(data, { recursive: true });
  const connector = createFileServerConnector(
    { host: 'data' },
    { projectRoot: root, secrets: unavailableSecretResolver },
  );
  return { root, data, connector };
}

/** Binds a FileServer dataset of `type` with extra typeProperties. */
export function fileDataset(
  connector: Connector,
  type: string,
  location: { folderPath?: string; fileName?: string },
  extra: JsonObject = {},
): DatasetBinding {
  return bindDataset(
    `DS_${type}`,
    {
      type,
      linkedServiceName: { referenceName: 'LS', type: 'LinkedServiceReference' },
      parameters: {},
      typeProperties: { location: { type: 'FileServerLocation', ...location }, ...extra },
    },
    connector,
  );
}

/** Writes a file (creating folders). */
export async function put(path: string, content: string | Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

/** Reads a file as UTF-8. */
export function text(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

/** Every file under a folder, relative, sorted (temp files included, to prove none are left). */
export async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(join(d, e.name), r);
      else out.push(r);
    }
  };
  await walk(dir, '');
  return out.sort();
}
