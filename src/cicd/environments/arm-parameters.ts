import type { Diagnostic } from '../../errors/index.js';
import { createDiagnostic } from '../../errors/index.js';
import type { JsonValue } from '../../model/index.js';
import { isJsonObject } from '../../model/index.js';
import type { FactoryDraft } from './factory-resources.js';
import { allResources, propsOf, replaceProperties } from './factory-resources.js';
import { armSafe, getAtPath, matchTokens, setAtPath } from './json-patch.js';
import { setGlobalParameter } from './global-parameters.js';

const GLOBAL_PATTERNS = [
  /^dataFactory_properties_globalParameters_(.+)_value$/,
  /^default_properties_(.+)_value$/,
];

/** A new value at `path`, keeping a SecureString wrapper when the property has one. */
function secureAware(current: JsonValue | undefined, value: JsonValue): JsonValue {
  if (isJsonObject(current) && current['type'] === 'SecureString' && typeof value === 'string')
    return { ...current, value };
  return value;
}

/** Maps one ARM parameter to a resource property; false when no resource matches. */
function applyToResource(d: FactoryDraft, name: string, value: JsonValue): boolean {
  // ADF keeps the resource name as written (spaces, hyphens); older Millrace builds wrote it ARM-safe.
  const prefixOf = (resource: { name: string }): string | undefined =>
    [resource.name, armSafe(resource.name)].find((p) => name.startsWith(`${p}_`));
  const candidates = allResources(d)
    .filter(({ resource }) => prefixOf(resource) !== undefined)
    .sort((a, b) => b.resource.name.length - a.resource.name.length);
  for (const { kind, resource } of candidates) {
    const rest = name.slice((prefixOf(resource) ?? '').length + 1);
    const props = propsOf(resource);
    let path: (string | number)[] | undefined;
    if (rest.startsWith('properties_'))
      path = matchTokens(props, rest.slice('properties_'.length).split('_'));
    else if (kind === 'linkedService' || kind === 'dataset') {
      // `<LinkedService>_<property>`: a secure string, or a `-name` override of the parameterization template.
      const inner = matchTokens(props['typeProperties'], rest.split('_'));
      path = inner && ['typeProperties', ...inner];
    }
    if (!path) continue;
    const next = setAtPath(props, path, secureAware(getAtPath(props, path), value));
    if (next === undefined) continue;
    replaceProperties(d, kind, resource, next);
    return true;
  }
  return false;
}

/**
 * Applies ADF's ARMTemplateParametersForFactory.json values, by the parameter names ADF's ARM export uses
 * (https://learn.microsoft.com/azure/data-factory/continuous-integration-delivery-resource-manager-custom-parameters):
 * `factoryName`, global parameters
 * (`dataFactory_properties_globalParameters_<gp>_value`, `default_properties_<gp>_value`),
 * `<resource>_properties_<path>` and `<linkedService>_<property>`. Names that map to nothing, Key Vault
 * parameter references and empty secure placeholders are reported as warnings.
 */
export function applyArmParameters(
  d: FactoryDraft,
  file: string,
  parameters: Readonly<Record<string, unknown>>,
  references: readonly string[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (name: string) => ({ file, path: ['parameters', name, 'value'] });
  for (const name of references)
    out.push(
      createDiagnostic(
        'warning',
        'env/unsupported-arm-reference',
        `ARM parameter ${name} is a Key Vault reference; Millrace ignores it`,
        { file, path: ['parameters', name] },
        'map the linked service to a secret provider under "secrets.providers" instead',
      ),
    );
  for (const [name, raw] of Object.entries(parameters)) {
    const value = raw as JsonValue;
    if (name === 'factoryName') {
      if (typeof value === 'string') d.name = value;
      continue;
    }
    if (name === 'dataFactory_location') continue;
    if (value === '') {
      out.push(
        createDiagnostic(
          'warning',
          'env/empty-arm-parameter',
          `ARM parameter ${name} is empty (a secure placeholder?); not applied`,
          at(name),
        ),
      );
      continue;
    }
    const gp = GLOBAL_PATTERNS.map((p) => p.exec(name)).find((m) => m)?.[1];
    if (gp !== undefined) {
      const declared = Object.keys(d.globalParameters).find((k) => armSafe(k) === gp) ?? gp;
      out.push(...setGlobalParameter(d, declared, value, at(name)));
      continue;
    }
    if (!applyToResource(d, name, value))
      out.push(
        createDiagnostic(
          'warning',
          'env/unknown-arm-parameter',
          `ARM parameter ${name} matches no resource property of the factory; ignored`,
          at(name),
        ),
      );
  }
  return out;
}
