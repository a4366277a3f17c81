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
  const path: (string | number)[] = [...basePath];
  const check = (text: string): void => {
    for (const issue of checkTemplate(text, site.scope)) {
      const snippet = text.slice(issue.position, issue.position + Math.max(issue.length, 1));
      findings.add(
        issue.severity,
        issue.code,
        `${issue.message} (at character ${issue.position + 1}${snippet ? `: "${snippet.length > 40 ? `${snippet.slice(0, 40)}…` : snippet}"` : ''})`,
        site.file,
        [...path],
      );
    }
  };
  const walk = (v: JsonValue, depth: number): void => {
    if (typeof v === 'string') {
      if (isExpressionString(v)) check(v);
      return;
    }
    if (Array.isArray(v)) {
      const items = v as readonly JsonValue[];
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (item === undefined || (typeof item !== 'string' && typeof item !== 'object') || item === null)
          continue;
        path.push(i);
        walk(item, depth + 1);
        path.pop();
      }
      return;
    }
    if (!isJsonObject(v)) return;
    if (v['type'] === 'Expression' && typeof v['value'] === 'string') {
      path.push('value');
      check(v['value']);
      path.pop();
      return;
    }
    for (const key in v) {
      if (depth === 0 && site.skipKeys?.has(key)) continue;
      const item = v[key];
      if (item === undefined || (typeof item !== 'string' && typeof item !== 'object') || item === null)
        continue;
      path.push(key);
      walk(item, depth + 1);
      path.pop();
    }
  };
  walk(value, 0);
}
