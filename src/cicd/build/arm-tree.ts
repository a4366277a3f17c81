import { isJsonObject } from '../../model/index.js';
import type { JsonValue } from '../../model/index.js';

/** A value in an ARM template that is an ARM expression we generated (`[parameters('x')]`): never escaped. */
export class ArmExpression {
  constructor(readonly text: string) {}
}

/** A mutable copy of resource JSON being turned into an ARM resource; leaves may be ArmExpressions. */
export type ArmTree =
  null | boolean | number | string | ArmExpression | ArmTree[] | { [key: string]: ArmTree };

/** A JSON path inside a resource. */
export type TreePath = readonly (string | number)[];

/** Deep, mutable copy of a JSON value. */
export function toTree(value: JsonValue): ArmTree {
  if (Array.isArray(value)) return (value as readonly JsonValue[]).map(toTree);
  if (isJsonObject(value)) {
    const out: { [key: string]: ArmTree } = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toTree(v);
    return out;
  }
  return value as ArmTree;
}

/** True for a plain object node (not an array, not an ArmExpression). */
export function isTreeObject(v: ArmTree | undefined): v is { [key: string]: ArmTree } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof ArmExpression);
}

/** The node at `path`, or undefined. */
export function getAt(root: ArmTree, path: TreePath): ArmTree | undefined {
  let node: ArmTree | undefined = root;
  for (const seg of path) {
    if (Array.isArray(node) && typeof seg === 'number') node = node[seg];
    else if (isTreeObject(node) && typeof seg === 'string') node = node[seg];
    else return undefined;
  }
  return node;
}

/** Replaces the node at `path` (which must exist and not be the root). */
export function setAt(root: ArmTree, path: TreePath, value: ArmTree): void {
  const parent = getAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent) && typeof last === 'number') parent[last] = value;
  else if (isTreeObject(parent) && typeof last === 'string') parent[last] = value;
}

/**
 * Converts a tree to JSON for the template: ArmExpressions become their text, and every other string that
 * starts with `[` is escaped as `[[` (ARM would evaluate it otherwise).
 */
export function toArmJson(tree: ArmTree): JsonValue {
  if (tree instanceof ArmExpression) return tree.text;
  if (typeof tree === 'string') return escapeArmString(tree);
  if (Array.isArray(tree)) return tree.map(toArmJson);
  if (isTreeObject(tree)) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(tree)) out[k] = toArmJson(v);
    return out;
  }
  return tree;
}

/** Plain JSON of a tree (ArmExpressions as their text, nothing escaped). */
export function toPlainJson(tree: ArmTree): JsonValue {
  if (tree instanceof ArmExpression) return tree.text;
  if (Array.isArray(tree)) return tree.map(toPlainJson);
  if (isTreeObject(tree)) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(tree)) out[k] = toPlainJson(v);
    return out;
  }
  return tree;
}

/** `[x` → `[[x`: a literal string that ARM must not evaluate. */
export function escapeArmString(s: string): string {
  return s.startsWith('[') ? `[${s}` : s;
}

/** Escapes a text for use inside a single-quoted ARM string literal. */
export function armQuote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
