/**
 * The Azurite round trip of the data bench, in a process of its own (run with tsx): copies `data/in/sales.csv`
 * of the bench folder local → Azurite → local as Binary through the Copy core, sampling the process's RSS, and
 * prints `{start, peak, seconds, bytes}` as one JSON line. Argv: bench folder, Azurite connection string.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  builtinConnectors,
  createConnectorRegistry,
  createFileServerConnector,
  unavailableSecretResolver,
} from '../src/connectors/index.js';
import { copy, ds, localFile, timed } from './data-copy.js';

const [root = '.', connectionString = ''] = process.argv.slice(2);
const local = createFileServerConnector(
  { host: 'data' },
  { projectRoot: root, secrets: unavailableSecretResolver },
);
const blob = await createConnectorRegistry(builtinConnectors).create(
  { type: 'AzureBlobStorage', typeProperties: { connectionString }, parameters: {} },
  { projectRoot: '/tmp', secrets: unavailableSecretResolver },
);
const start = process.memoryUsage.rss();
let peak = start;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 20);
const seconds = await timed(async () => {
  const inLocal = localFile(local, 'in', 'sales.csv');
  const inBlob = ds(blob, 'Binary', {
    type: 'AzureBlobStorageLocation',
    container: 'bench',
    fileName: 'sales.csv',
  });
  const back = localFile(local, 'back', 'sales.csv');
  await copy(inLocal, inBlob);
  await copy(inBlob, back);
});
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
await blob.close?.();
const { size } = await stat(join(root, 'data', 'in', 'sales.csv'));
process.stdout.write(`${JSON.stringify({ start, peak, seconds, bytes: size })}\n`);
