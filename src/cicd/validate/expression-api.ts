/**
 * The static expression checks validation uses, from expressions/. Kept behind this one file so the rules
 * depend on a small surface: isExpressionString and checkTemplate.
 */
export { checkTemplate, isExpressionString } from '../../expressions/index.js';
export type { ExpressionIssue, StaticScope } from '../../expressions/index.js';
