import type { DeployDiffSummary } from '../../contracts/index.js';
import { formatJsonPath } from '../../errors/index.js';
import { isJsonObject } from '../../model/index.js';
import type { JsonValue } from '../../model/index.js';
import type { SecretMasker } from './secret-mask.js';
import type { VersionSnapshot } from './version-snapshot.js';

/** One changed property: `+` added, `-` removed, `~` changed. Values are masked (`***` for secrets). */
export interface PropertyChange {
  readonly op: '+' | '-' | '~';
  readonly path: readonly (string | number)[];
  /** `properties.typeProperties.host` (errors/ formatting). */
  readonly pathText: string;
  readonly before?: JsonValue;
  readonly after?: JsonValue;
}

/** One resource (or notebook file, or the runtime environment) the deploy adds, changes or removes. */
export interface ResourceChange {
  readonly action: 'add' | 'change' | 'remove';
  /** Resource kind (`pipeline`, `linkedService` …), `notebookFile`, or `environment`. */
  readonly kind: string;
  readonly name: string;
  /** Changed properties (for `change` only). */
  readonly changes: readonly PropertyChange[];
}

/** The difference between what the target has and what the bundle would deploy. */
export interface DeployDiff {
  /** Sorted by kind, then name. Unchanged resources are not listed. */
  readonly resources: readonly ResourceChange[];
  readonly summary: DeployDiffSummary;
}

function compare(
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  path: (string | number)[],
  ctx: { parentBefore?: JsonValue; parentAfter?: JsonValue; out: PropertyChange[]; mask: SecretMasker },
): void {
  const key = path[path.length - 1];
  const show = (v: JsonValue, parent: JsonValue | undefined): JsonValue => ctx.mask(v, parent, key);
  const push = (op: PropertyChange['op'], b?: JsonValue, a?: JsonValue): void => {
    ctx.out.push({
      op,
      path,
      pathText: formatJsonPath(path),
      ...(b === undefined ? {} : { before: show(b, ctx.parentBefore) }),
      ...(a === undefined ? {} : { after: show(a, ctx.parentAfter) }),
    });
  };
  if (before === undefined && after !== undefined) return push('+', undefined, after);
  if (after === undefined && before !== undefined) return push('-', before);
  if (before === undefined || after === undefined) return;
  if (isJsonObject(before) && isJsonObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const k of keys)
      compare(before[k], after[k], [...path, k], { ...ctx, parentBefore: before, parentAfter: after });
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const b = before as readonly JsonValue[];
    const a = after as readonly JsonValue[];
    for (let i = 0; i < Math.max(b.length, a.length); i += 1)
      compare(b[i], a[i], [...path, i], { ...ctx, parentBefore: before, parentAfter: after });
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) push('~', before, after);
}

/** The property changes between two JSON documents (values masked). */
export function diffJson(before: JsonValue, after: JsonValue, mask: SecretMasker): PropertyChange[] {
  const out: PropertyChange[] = [];
  compare(before, after, [], { out, mask });
  return out;
}

const split = (key: string): [string, string] => {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
};

/**
 * Diffs the target's current version against the version a bundle would deploy: resources by
 * `<kind>/<name>` (property paths with old → new values), notebook files by content, and the runtime
 * environment. Secret values never appear: the masker turns them into `***`.
 */
export function diffSnapshots(
  current: VersionSnapshot,
  next: VersionSnapshot,
  mask: SecretMasker,
  environmentName: string,
): DeployDiff {
  const out: ResourceChange[] = [];
  const entries = (s: VersionSnapshot): Map<string, JsonValue> =>
    new Map<string, JsonValue>([
      ...[...s.resources].map(([k, r]): [string, JsonValue] => [k, r.json]),
      ...[...s.notebooks].map(([p, sha]): [string, JsonValue] => [`notebookFile/${p}`, { sha256: sha }]),
      [`environment/${environmentName}`, s.environment],
    ]);
  const before = entries(current);
  const after = entries(next);
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const [kind, name] = split(key);
    const b = before.get(key);
    const a = after.get(key);
    if (b === undefined && a !== undefined) out.push({ action: 'add', kind, name, changes: [] });
    else if (a === undefined && b !== undefined) out.push({ action: 'remove', kind, name, changes: [] });
    else if (a !== undefined && b !== undefined) {
      const changes = diffJson(b, a, mask);
      if (changes.length > 0) out.push({ action: 'change', kind, name, changes });
    }
  }
  const resources = out;
  const count = (action: ResourceChange['action']): number =>
    resources.filter((r) => r.action === action).length;
  return { resources, summary: { added: count('add'), changed: count('change'), removed: count('remove') } };
}
