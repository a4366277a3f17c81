import { mkdtemp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FakeActivityContext } from './fake-activity-context.js';
import { fakeActivityContext } from './fake-activity-context.js';
import type {
  AnyDatasetBinding,
  Connector,
  DataAccess,
  DataPlane,
  DatasetBinding,
  TableDatasetBinding,
} from '../../contracts/index.js';
import {
  bindDataset,
  bindTableDataset,
  createFileServerConnector,
  unavailableSecretResolver,
} from '../../connectors/index.js';
import { createDuckDbDataPlane } from '../../data-plane/index.js';
import type { JsonObject, ResourceReference } from '../../model/index.js';

/** The real data plane (in-process DuckDB), as the app puts it on every activity's context. */
export const dataPlane: DataPlane = createDuckDbDataPlane();

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

/** A DataAccess over fixed bindings and connectors, keyed by reference name. */
export function fakeDataAccess(
  datasets: Readonly<Record<string, AnyDatasetBinding>>,
  linkedServices: Readonly<Record<string, Connector>> = {},
): DataAccess {
  const find = <T>(map: Readonly<Record<string, T>>, ref: ResourceReference, what: string): Promise<T> => {
    const found = map[nameOf(ref)];
    return found ? Promise.resolve(found) : Promise.reject(new Error(`unknown ${what} ${nameOf(ref)}`));
  };
  return {
    binding: (ref) => find(datasets, ref, 'dataset'),
    dataset: async (ref) => {
      const b = await find(datasets, ref, 'dataset');
      if (b.kind === 'table') throw new Error(`${nameOf(ref)} is a table dataset`);
      return b;
    },
    linkedService: (ref) => find(linkedServices, ref, 'linked service'),
  };
}

/** A fake activity context carrying data access (and an optional linked service). */
export function dataContext(
  type: string,
  typeProperties: JsonObject,
  data: DataAccess,
  activity: { linkedServiceName?: string; inputs?: string[]; outputs?: string[] } = {},
): FakeActivityContext {
  const ref = (n: string, t: string) => ({ referenceName: n, type: t });
  const ctx = fakeActivityContext(type, typeProperties, {
    ...(activity.linkedServiceName
      ? { linkedServiceName: ref(activity.linkedServiceName, 'LinkedServiceReference') }
      : {}),
    ...(activity.inputs ? { inputs: activity.inputs.map((n) => ref(n, 'DatasetReference')) } : {}),
    ...(activity.outputs ? { outputs: activity.outputs.map((n) => ref(n, 'DatasetReference')) } : {}),
  });
  return { ...ctx, data };
}

/** Binds a table dataset of `type` on a connector. */
export function tableDataset(
  connector: Connector,
  type: string,
  table: { schema?: string; table?: string },
  name = `DS_${type}`,
): TableDatasetBinding {
  return bindTableDataset(
    name,
    {
      type,
      linkedServiceName: { referenceName: 'LS', type: 'LinkedServiceReference' },
      parameters: {},
      typeProperties: { ...table },
    },
    connector,
  );
}

function nameOf(ref: ResourceReference): string {
  return typeof ref.referenceName === 'string' ? ref.referenceName : JSON.stringify(ref.referenceName);
}
