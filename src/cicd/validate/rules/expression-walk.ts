import type { JsonPath } from '../../../errors/index.js';
import type { JsonValue } from '../../../model/index.js';
import { isJsonObject } from '../../../model/index.js';
import { checkTemplate, isExpressionString } from '../expression-api.js';
import type { StaticScope } from '../expression-api.js';
import type { Findings } from '../finding.js';

/** Where expressions are checked: the file and the scope they see. */
export interface ExpressionSite {
  readonly file: string;
  readonly scope: StaticScope;
  /** Keys not to descend into at the walk's root (e.g. nested activity arrays, walked on their own). */
  readonly skipKeys?: ReadonlySet<string>;
  /** The activity whose properties are walked: findings name it (`activity "CopyIt": …`). */
  readonly activity?: string;
}

/** One walk: the site, the findings, and the path as a mutable stack (copied only for a finding). */
interface Walk {
  readonly site: ExpressionSite;
  readonly findings: Findings;
  readonly path: (string | number)[];
}

function check(w: Walk, text: string): void {
  for (const issue of checkTemplate(text, w.site.scope)) {
    const snippet = text.slice(issue.position, issue.position + Math.max(issue.length, 1));
    w.findings.add(
      issue.severity,
      issue.code,
      `${w.site.activity === undefined ? '' : `activity "${w.site.activity}": `}${issue.message} (at character ${issue.position + 1}${snippet ? `: "${snippet.length > 40 ? `${snippet.slice(0, 40)}…` : snippet}"` : ''})`,
      w.site.file,
      [...w.path],
    );
  }
}

function walkValue(w: Walk, v: JsonValue): void {
  if (typeof v === 'string') {
    if (isExpressionString(v)) check(w, v);
    return;
  }
  if (Array.isArray(v)) {
    const items = v as readonly JsonValue[];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item === undefined || (typeof item !== 'string' && typeof item !== 'object') || item === null)
        continue;
      w.path.push(i);
      walkValue(w, item);
      w.path.pop();
    }
    return;
  }
  if (!isJsonObject(v)) return;
  if (v['type'] === 'Expression' && typeof v['value'] === 'string') {
    w.path.push('value');
    check(w, v['value']);
    w.path.pop();
    return;
  }
  walkProperties(w, v, undefined);
}

function walkProperties(
  w: Walk,
  o: Readonly<Record<string, JsonValue>>,
  skip: ReadonlySet<string> | undefined,
): void {
  for (const key in o) {
    if (skip?.has(key)) continue;
    const item = o[key];
    if (item === undefined || (typeof item !== 'string' && typeof item !== 'object') || item === null)
      continue;
    w.path.push(key);
    walkValue(w, item);
    w.path.pop();
  }
}

/**
 * Checks every expression under `value`: Expression objects (`{"value", "type": "Expression"}`) and bare
 * strings that ADF evaluates (`@…`, or text with `@{…}`). The path is a mutable stack, copied only for a
 * finding, so the walk stays linear in the size of the JSON.
 */
export function checkExpressionsIn(
  value: JsonValue,
  basePath: JsonPath,
  site: ExpressionSite,
  findings: Findings,
): void {
  const w: Walk = { site, findings, path: [...basePath] };
  if (
    site.skipKeys &&
    isJsonObject(value) &&
    !(value['type'] === 'Expression' && typeof value['value'] === 'string')
  )
    walkProperties(w, value, site.skipKeys);
  else walkValue(w, value);
}

/**
 * Checks the expressions in the properties of `object` except `skip`, each at `basePath` + its key. Unlike
 * checkExpressionsIn, `object` itself is never taken for an Expression object (an activity is not one).
 */
export function checkExpressionsInProperties(
  object: Readonly<Record<string, JsonValue>>,
  basePath: JsonPath,
  skip: ReadonlySet<string>,
  site: ExpressionSite,
  findings: Findings,
): void {
  walkProperties({ site, findings, path: [...basePath] }, object, skip);
}
