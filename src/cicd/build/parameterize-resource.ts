import type { JsonValue } from '../../model/index.js';
import { isJsonObject } from '../../model/index.js';
import type { ArmParameterSet } from './arm-parameters.js';
import { ArmExpression, getAt, isTreeObject, setAt } from './arm-tree.js';
import type { ArmTree, TreePath } from './arm-tree.js';
import { isSecureType, parseDirective } from './parameter-directive.js';
import type { ArmParameterType, ParameterDirective } from './parameter-directive.js';

/** A directive matched to one property of one resource. */
interface DirectiveHit {
  readonly path: TreePath;
  /** Name segments after the resource name (`properties`, `typeProperties`, …; array elements by name). */
  readonly nameParts: readonly string[];
  readonly directive: ParameterDirective;
}

/** The resource being parameterized: its ARM name segment and its tree (`{ properties: … }`). */
export interface ParameterizeTarget {
  readonly resourceName: string;
  readonly tree: ArmTree;
}

/** How an array element is named in a parameter name: activities by `name`, trigger pipelines by reference. */
function elementLabel(element: ArmTree | undefined): string | undefined {
  if (!isTreeObject(element)) return undefined;
  if (typeof element['name'] === 'string') return element['name'];
  const ref = element['pipelineReference'];
  if (isTreeObject(ref) && typeof ref['referenceName'] === 'string') return ref['referenceName'];
  return undefined;
}

function collect(
  template: JsonValue,
  node: ArmTree | undefined,
  path: (string | number)[],
  nameParts: string[],
  templatePath: (string | number)[],
  out: Map<string, DirectiveHit>,
): void {
  if (node === undefined || node instanceof ArmExpression) return;
  if (typeof template === 'string') {
    out.set(JSON.stringify(path), { path, nameParts, directive: parseDirective(template, templatePath) });
    return;
  }
  if (Array.isArray(template)) {
    const inner = (template as readonly JsonValue[])[0];
    if (inner === undefined || !Array.isArray(node)) return;
    node.forEach((element, i) => {
      const label = elementLabel(element);
      const parts = label === undefined ? [...nameParts, String(i)] : [...nameParts.slice(0, -1), label];
      collect(inner, element, [...path, i], parts, [...templatePath, 0], out);
    });
    return;
  }
  if (!isJsonObject(template) || !isTreeObject(node)) return;
  for (const key of Object.keys(node)) {
    const t = template[key] ?? template['*'];
    if (t === undefined) continue;
    const tKey = key in template ? key : '*';
    collect(t, node[key], [...path, key], [...nameParts, key], [...templatePath, tKey], out);
  }
}

/** Infers an ARM type from a value when the directive names none. */
function inferType(value: ArmTree): ArmParameterType {
  if (isSecureStringObject(value)) return 'secureString';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'string';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'array';
  if (isTreeObject(value)) return 'object';
  return 'string';
}

/** `{ "type": "SecureString", "value": "…" }`: an inline secret of a linked service or credential. */
export function isSecureStringObject(v: ArmTree | undefined): v is { [key: string]: ArmTree } {
  return isTreeObject(v) && typeof v['type'] === 'string' && v['type'].toLowerCase() === 'securestring';
}

function isKeyVaultSecret(v: ArmTree | undefined): v is { [key: string]: ArmTree } {
  return isTreeObject(v) && typeof v['type'] === 'string' && v['type'] === 'AzureKeyVaultSecret';
}

function parameterName(resource: string, hit: DirectiveHit): string {
  const { name } = hit.directive;
  if (name === '') return [resource, ...hit.nameParts].join('_');
  if (name.startsWith('-')) return `${resource}_${name.slice(1)}`;
  return [resource, ...hit.nameParts.slice(0, -1), name].join('_');
}

/**
 * Applies the parameterization template sections (`sections`, most general first: a later section's directive
 * for the same property wins) to a resource tree in place, adding the ARM parameters to `parameters`.
 * Paths that do not exist in the resource are ignored. As ADF does:
 * - `|` on an Azure Key Vault secret reference keeps the reference and parameterizes its `secretName`
 *   (`<resource>_properties_…_connectionString_secretName`, current value as default); otherwise `|` acts as `-`;
 * - a secure parameter that replaces an inline `{type: SecureString, value}` keeps the wrapper (only `value`
 *   becomes the parameter) and carries ADF's metadata `Secure string for '<property>' of '<resource>'`.
 */
export function applyTemplate(
  target: ParameterizeTarget,
  sections: readonly JsonValue[],
  sectionPaths: readonly (readonly string[])[],
  parameters: ArmParameterSet,
): void {
  const hits = new Map<string, DirectiveHit>();
  sections.forEach((section, i) => collect(section, target.tree, [], [], [...(sectionPaths[i] ?? [])], hits));
  for (const hit of [...hits.values()].sort((a, b) => compareKeys(a.path, b.path))) {
    const value = getAt(target.tree, hit.path);
    if (value === undefined || value instanceof ArmExpression) continue;
    if (hit.directive.action === '|' && isKeyVaultSecret(value)) {
      const secretName = value['secretName'];
      if (typeof secretName === 'string')
        value['secretName'] = parameters.add({
          name: [target.resourceName, ...hit.nameParts, 'secretName'].join('_'),
          type: 'string',
          value: secretName,
          withDefault: true,
        });
      continue;
    }
    const type = hit.directive.type ?? inferType(value);
    const property = String(hit.path[hit.path.length - 1] ?? target.resourceName);
    const secure = isSecureType(type);
    const ref = parameters.add({
      name: parameterName(target.resourceName, hit),
      type,
      value,
      withDefault: hit.directive.action === '=',
      ...(secure ? { metadata: `Secure string for '${property}' of '${target.resourceName}'` } : {}),
    });
    if (secure && isSecureStringObject(value)) value['value'] = ref;
    else setAt(target.tree, hit.path, ref);
  }
}

/**
 * Replaces the value of every inline SecureString (`{type: SecureString, value}`) left in a resource with a
 * `secureString` parameter named `<resource>_<property>`, as ADF does for linked-service secrets. The secret
 * itself never reaches the template or the parameter file.
 */
export function parameterizeSecureStrings(target: ParameterizeTarget, parameters: ArmParameterSet): void {
  const visit = (node: ArmTree, key: string): void => {
    if (
      isSecureStringObject(node) &&
      node['value'] !== undefined &&
      !(node['value'] instanceof ArmExpression)
    ) {
      node['value'] = parameters.add({
        name: `${target.resourceName}_${key}`,
        type: 'secureString',
        withDefault: false,
        metadata: `Secure string for '${key}' of '${target.resourceName}'`,
      });
      return;
    }
    if (Array.isArray(node)) node.forEach((child) => visit(child, key));
    else if (isTreeObject(node)) for (const [k, child] of Object.entries(node)) visit(child, k);
  };
  visit(target.tree, target.resourceName);
}

/** Parents before children (a parameterized parent hides its children), then by path text. */
function compareKeys(a: TreePath, b: TreePath): number {
  if (a.length !== b.length) return a.length - b.length;
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
