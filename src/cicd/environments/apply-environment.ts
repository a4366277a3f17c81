import type { EnvironmentFile, EnvironmentLayer } from '../../config/index.js';
import type { Diagnostic } from '../../errors/index.js';
import { createDiagnostic } from '../../errors/index.js';
import type { Factory, JsonValue } from '../../model/index.js';
import { applyArmParameters } from './arm-parameters.js';
import type { EnvironmentResourceKind, FactoryDraft } from './factory-resources.js';
import {
  RESOURCE_MAPS,
  createDraft,
  findResource,
  finishDraft,
  propsOf,
  replaceProperties,
} from './factory-resources.js';
import { setGlobalParameter } from './global-parameters.js';
import { deepMerge, parseDottedPath, setAtPath } from './json-patch.js';

/** A factory with an environment applied, and what applying found. */
export interface AppliedEnvironment {
  readonly factory: Factory;
  /** Errors (unknown resources, bad paths) and warnings (unmapped ARM names, undeclared parameters). */
  readonly diagnostics: readonly Diagnostic[];
}

type Out = Diagnostic[];

function unknown(out: Out, file: string, path: (string | number)[], kind: string, name: string): void {
  out.push(
    createDiagnostic('error', 'env/unknown-resource', `${kind} ${name} is not in the factory`, {
      file,
      path,
    }),
  );
}

/** Sets `<pipeline>.parameters|variables.<name>.defaultValue`. */
function applyPipelineDefaults(d: FactoryDraft, file: string, spec: EnvironmentFile, out: Out): void {
  for (const [name, p] of Object.entries(spec.pipelines ?? {})) {
    const resource = findResource(d, 'pipeline', name);
    if (!resource) {
      unknown(out, file, ['pipelines', name], 'pipeline', name);
      continue;
    }
    let props: JsonValue = propsOf(resource);
    for (const section of ['parameters', 'variables'] as const) {
      for (const [key, value] of Object.entries(p[section] ?? {})) {
        const declared = (propsOf(resource)[section] as Record<string, unknown> | undefined)?.[key];
        if (declared === undefined) {
          out.push(
            createDiagnostic(
              'error',
              `env/unknown-pipeline-${section === 'parameters' ? 'parameter' : 'variable'}`,
              `pipeline ${resource.name} declares no ${section === 'parameters' ? 'parameter' : 'variable'} ${key}`,
              { file, path: ['pipelines', name, section, key] },
            ),
          );
          continue;
        }
        props = setAtPath(props, [section, key, 'defaultValue'], value as JsonValue) ?? props;
      }
    }
    replaceProperties(d, 'pipeline', resource, props);
  }
}

/** Deep-merges `linkedServices` / `datasets` / `triggers` entries into resource properties. */
function applyMerges(d: FactoryDraft, file: string, spec: EnvironmentFile, out: Out): void {
  const sections: [keyof EnvironmentFile, EnvironmentResourceKind][] = [
    ['linkedServices', 'linkedService'],
    ['datasets', 'dataset'],
    ['triggers', 'trigger'],
  ];
  for (const [section, kind] of sections) {
    for (const [name, patch] of Object.entries((spec[section] ?? {}) as Record<string, JsonValue>)) {
      const resource = findResource(d, kind, name);
      if (!resource) unknown(out, file, [section, name], kind, name);
      else replaceProperties(d, kind, resource, deepMerge(propsOf(resource), patch));
    }
  }
}

function applyOverrides(d: FactoryDraft, file: string, spec: EnvironmentFile, out: Out): void {
  spec.overrides.forEach((o, i) => {
    const slash = o.resource.indexOf('/');
    const kind = o.resource.slice(0, slash) as EnvironmentResourceKind;
    const name = o.resource.slice(slash + 1);
    if (!(kind in RESOURCE_MAPS)) return;
    const resource = findResource(d, kind, name);
    if (!resource) return unknown(out, file, ['overrides', i, 'resource'], kind, name);
    const path = parseDottedPath(o.path).slice(1); // drop the leading `properties`
    const next = setAtPath(propsOf(resource), path, o.value as JsonValue);
    if (next === undefined)
      out.push(
        createDiagnostic(
          'error',
          'env/bad-override-path',
          `${o.resource}: path ${o.path} crosses a value that is not an object or array`,
          { file, path: ['overrides', i, 'path'] },
        ),
      );
    else replaceProperties(d, kind, resource, next);
  });
}

function applyMillraceLayer(d: FactoryDraft, file: string, spec: EnvironmentFile, out: Out): void {
  for (const [name, value] of Object.entries(spec.globalParameters ?? {}))
    out.push(...setGlobalParameter(d, name, value as JsonValue, { file, path: ['globalParameters', name] }));
  applyPipelineDefaults(d, file, spec, out);
  applyMerges(d, file, spec, out);
  applyOverrides(d, file, spec, out);
}

/**
 * Applies an environment's parameters files, in order, to a factory: a pure function returning a new
 * Factory (changed resources replaced, the rest shared; the input is untouched) and diagnostics.
 * It lives in cicd/ because promoting a factory to an environment is a deploy concern (the same step a
 * release pipeline does with ARM parameters), and cicd may read config's environment types; model/ stays
 * the ADF resource model.
 *
 * @example
 * const { factory, diagnostics } = applyEnvironment(loaded.factory, env.layers);
 */
export function applyEnvironment(factory: Factory, layers: readonly EnvironmentLayer[]): AppliedEnvironment {
  const draft = createDraft(factory);
  const diagnostics: Diagnostic[] = [];
  for (const layer of layers) {
    if (layer.format === 'arm')
      diagnostics.push(...applyArmParameters(draft, layer.file, layer.parameters, layer.references));
    else applyMillraceLayer(draft, layer.file, layer.spec, diagnostics);
  }
  return { factory: finishDraft(draft), diagnostics };
}
