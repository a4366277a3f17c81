import { join } from 'node:path';
import type { ResolvedEnvironment, ResolvedProject } from '../config/index.js';
import { builtinConnectors, createConnectorRegistry } from '../connectors/index.js';
import type { Connector } from '../contracts/index.js';
import { ConfigError } from '../errors/index.js';
import { createFunctionContext } from '../expressions/index.js';
import type { ArtifactStore } from '../ml/index.js';
import { ArtifactFolder, FileStoreArtifacts } from '../ml/index.js';
import { SecretRedactor } from '../secrets/index.js';
import { createDataWiring } from './data-access.js';
import { factoryForEnvironment } from './environment-wiring.js';
import { loadProject } from './project.js';
import { createEnvironmentSecrets, unavailableSecrets } from './secrets-wiring.js';
import { systemClock, uuidIds } from './system-clock.js';

/** Where a project keeps ML artifacts by default: `.millrace/mlartifacts` (the artifact proxy's root). */
export function mlArtifactRoot(projectRoot: string): string {
  return join(projectRoot, '.millrace', 'mlartifacts');
}

/** An open artifact store; `close` releases its connector. */
export interface OpenArtifactStore {
  readonly store: ArtifactStore;
  close(): Promise<void>;
}

/** The environment's `ml.artifactStore` (the last parameters file that sets it wins) and that file. */
function artifactStoreSpec(environment: ResolvedEnvironment | undefined) {
  let found: { linkedService: string; path: string; file: string } | undefined;
  for (const layer of environment?.layers ?? []) {
    const spec = layer.format === 'millrace' ? layer.spec.ml?.artifactStore : undefined;
    if (spec) found = { ...spec, file: layer.file };
  }
  return found;
}

function invalidStore(file: string, path: string[], message: string): ConfigError {
  return new ConfigError({
    code: 'ml/invalid-artifact-store',
    message: `${file} $.${path.join('.')}: ${message}`,
    location: { file, path },
  });
}

/**
 * The artifact store of an environment: its `ml.artifactStore` (a linked service of the factory with this
 * environment's overrides applied, its secrets read through the environment's providers, and a path in it),
 * else the project's `.millrace/mlartifacts` folder. The linked service is reached through its connector's
 * file store (`locate` + `fileStore`), so Azure Blob storage, ADLS Gen2 or a file share all work and no code
 * here knows their type. `redactor` masks every secret value read.
 */
export async function openArtifactStore(
  project: ResolvedProject,
  environment: ResolvedEnvironment | undefined,
  redactor: SecretRedactor = new SecretRedactor(),
): Promise<OpenArtifactStore> {
  const spec = artifactStoreSpec(environment);
  if (!spec)
    return { store: new ArtifactFolder(mlArtifactRoot(project.root)), close: () => Promise.resolve() };
  const loaded = await loadProject(project.root);
  const factory = factoryForEnvironment(loaded.factory, environment);
  const known = [...factory.linkedServices.keys()];
  const name = known.find((n) => n.toLowerCase() === spec.linkedService.toLowerCase());
  if (name === undefined)
    throw invalidStore(
      spec.file,
      ['ml', 'artifactStore', 'linkedService'],
      `linked service ${spec.linkedService} is not in the factory (known: ${known.join(', ') || 'none'})`,
    );
  const connectors = createConnectorRegistry(builtinConnectors);
  const secrets = environment
    ? createEnvironmentSecrets(environment, redactor).environmentResolver()
    : unavailableSecrets;
  const wiring = createDataWiring({
    factory,
    connectors,
    projectRoot: project.root,
    functions: createFunctionContext({
      now: () => systemClock.now(),
      newGuid: () => uuidIds.newRunId(),
      random: (min, max) => min + Math.floor(Math.random() * (max - min)),
    }),
    secrets,
  });
  const { props } = wiring.linkedServiceProperties({ referenceName: name, type: 'LinkedServiceReference' });
  const connector: Connector = await connectors.create(props, {
    projectRoot: project.root,
    secrets,
    name,
  });
  if (!connector.locate || !connector.fileStore) {
    await connector.close?.();
    throw invalidStore(
      spec.file,
      ['ml', 'artifactStore', 'linkedService'],
      `linked service ${name} (${props.type}) has no file store to keep artifacts in`,
    );
  }
  const { location, folder } = connector.locate(spec.path);
  return {
    store: new FileStoreArtifacts(
      connector.fileStore(location),
      folder,
      `${props.type} ${name}: ${spec.path}`,
    ),
    close: async () => {
      await connector.close?.();
      await wiring.close();
    },
  };
}
