import type { Template } from './ast/template.js';
import { compileNode } from './compile.js';
import type { Evaluator } from './evaluator.js';
import { parseTemplate } from './template-parser.js';
import { toText } from './value-text.js';

/** How many distinct strings keep their parsed/compiled form. */
export const TEMPLATE_CACHE_SIZE = 20_000;

interface CacheEntry {
  readonly template: Template;
  evaluator: Evaluator | undefined;
}

const cache = new Map<string, CacheEntry>();

function entryOf(text: string): CacheEntry {
  let entry = cache.get(text);
  if (entry === undefined) {
    entry = { template: parseTemplate(text), evaluator: undefined };
    // Bounded: evict the oldest entry (insertion order), O(1).
    if (cache.size >= TEMPLATE_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(text, entry);
  }
  return entry;
}

/** `parseTemplate` with a bounded cache keyed by the string. The result is immutable, so sharing it is safe. */
export function parseTemplateCached(text: string): Template {
  return entryOf(text).template;
}

/** The compiled evaluator of a JSON string value (parsed and compiled once, then cached). */
export function compiledTemplate(text: string): Evaluator {
  const entry = entryOf(text);
  return (entry.evaluator ??= compileTemplate(entry.template));
}

/** Empties the cache (tests, benchmarks). */
export function clearTemplateCache(): void {
  cache.clear();
}

function compileTemplate(template: Template): Evaluator {
  switch (template.kind) {
    case 'LiteralTemplate': {
      const value = template.value;
      return () => value;
    }
    case 'ExpressionTemplate':
      return compileNode(template.expression, template.source);
    case 'InterpolatedTemplate': {
      const parts = template.parts.map((p) => {
        if (p.kind === 'Text') {
          const t = p.text;
          return () => t;
        }
        const e = compileNode(p.expression, template.source);
        return (ctx: Parameters<Evaluator>[0]): string => {
          const v = e(ctx);
          return typeof v === 'string' ? v : toText(v);
        };
      });
      if (parts.length === 1) return parts[0]!;
      return (ctx) => {
        let out = '';
        for (let i = 0; i < parts.length; i++) out += parts[i]!(ctx);
        return out;
      };
    }
  }
}
