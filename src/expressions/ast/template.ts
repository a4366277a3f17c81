import type { ExprNode } from './expr-node.js';

/** A run of literal text in an interpolated template (escapes already applied). */
export interface TextPart {
  readonly kind: 'Text';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** `@{ expression }` inside a string; `start`/`end` span the `@{` … `}`. */
export interface InterpolationPart {
  readonly kind: 'Interpolation';
  readonly expression: ExprNode;
  readonly start: number;
  readonly end: number;
}

/** A JSON string with no expression (`parameters`, ` @`, or an escaped `@@…`): its value is `value`. */
export interface LiteralTemplate {
  readonly kind: 'LiteralTemplate';
  readonly source: string;
  readonly value: string;
}

/** `@expression`: the whole string is one expression, its value keeps its type. */
export interface ExpressionTemplate {
  readonly kind: 'ExpressionTemplate';
  readonly source: string;
  readonly expression: ExprNode;
}

/** Text with `@{…}` segments: the value is always a string. */
export interface InterpolatedTemplate {
  readonly kind: 'InterpolatedTemplate';
  readonly source: string;
  readonly parts: readonly (TextPart | InterpolationPart)[];
}

/** A parsed JSON string value (ADF embedding rules: https://learn.microsoft.com/azure/data-factory/control-flow-expression-language-functions#expressions). */
export type Template = LiteralTemplate | ExpressionTemplate | InterpolatedTemplate;
