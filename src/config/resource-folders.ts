/**
 * Resource kinds of ADF's git layout, each kept in a folder of its name
 * (https://learn.microsoft.com/azure/data-factory/source-control): the kinds an environment override may name.
 */
export const RESOURCE_KIND_FOLDERS: readonly string[] = [
  'pipeline',
  'dataset',
  'linkedService',
  'trigger',
  'dataflow',
  'integrationRuntime',
  'credential',
];

/**
 * Folders any one of which makes a folder a bare factory: the resource kinds plus managed virtual networks and
 * `factory/` (the factory file with its global parameters). A factory may hold only datasets and linked
 * services, or only its global parameters.
 */
export const FACTORY_MARKER_FOLDERS: readonly string[] = [
  ...RESOURCE_KIND_FOLDERS,
  'managedVirtualNetwork',
  'factory',
];
