import type { ExprNode, LiteralValue } from './ast/expr-node.js';
import type { Template } from './ast/template.js';
import { formatInteger } from './int64.js';
import { ExprFloat, ExprInt64 } from './value.js';

/**
 * Prints an expression as canonical source text (no leading `@`). `parseExpression(printExpression(n))`
 * gives back `n` up to source offsets.
 */
export function printExpression(node: ExprNode): string {
  switch (node.kind) {
    case 'Literal':
      return printLiteral(node.value);
    case 'Call':
      return `${node.name}(${node.args.map(printExpression).join(', ')})`;
    case 'Property':
      return `${printExpression(node.object)}${node.nullSafe ? '?.' : '.'}${node.name}`;
    case 'Index':
      return `${printExpression(node.object)}${node.nullSafe ? '?[' : '['}${printExpression(node.index)}]`;
  }
}

/** Prints a template back to a JSON string value (escaping literal `@` where needed). */
export function printTemplate(template: Template): string {
  switch (template.kind) {
    case 'LiteralTemplate': {
      const v = template.value.replace(/@\{/g, '@@{');
      return v.startsWith('@') && !v.startsWith('@@{') ? `@${v}` : v;
    }
    case 'ExpressionTemplate':
      return `@${printExpression(template.expression)}`;
    case 'InterpolatedTemplate': {
      let out = '';
      template.parts.forEach((p, i) => {
        if (p.kind === 'Interpolation') out += `@{${printExpression(p.expression)}}`;
        else {
          const t = p.text.replace(/@\{/g, '@@{');
          out += i === 0 && t.startsWith('@') && !t.startsWith('@@{') ? `@${t}` : t;
        }
      });
      return out;
    }
  }
}

function printLiteral(value: LiteralValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  if (value instanceof ExprFloat) return printFloat(value.value);
  if (value instanceof ExprInt64) return value.value.toString();
  if (Number.isInteger(value)) return formatInteger(value);
  return printFloat(value);
}

/** A float literal that reads back as a float: always has a `.` or an exponent. */
function printFloat(n: number): string {
  if (Object.is(n, -0)) return '-0.0';
  const s = String(n);
  return /[.e]/.test(s) ? s : `${s}.0`;
}
