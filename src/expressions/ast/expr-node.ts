import type { ExprFloat, ExprInt64 } from '../value.js';

/**
 * The value of a literal: a string, an integer (`ExprInt64` beyond 2^53), a float (`ExprFloat` when integral), a
 * boolean or null.
 */
export type LiteralValue = null | boolean | number | string | ExprFloat | ExprInt64;

/**
 * Nodes are plain objects typed readonly (not frozen at run time: `Object.freeze` made parsing several
 * times slower). Fields every node has: offsets into the ORIGINAL string (the JSON string value, `@` included). */
interface NodeSpan {
  /** Offset of the first character of the node. */
  readonly start: number;
  /** Offset just after the last character of the node. */
  readonly end: number;
}

/** `'text'`, `42`, `1.5`, `2.0`, `true`, `false`, `null`. */
export interface LiteralNode extends NodeSpan {
  readonly kind: 'Literal';
  readonly value: LiteralValue;
}

/** `name(arg, …)`. `name` is as written; lookup is case-insensitive. */
export interface CallNode extends NodeSpan {
  readonly kind: 'Call';
  readonly name: string;
  readonly args: readonly ExprNode[];
}

/** `object.name` or, when `nullSafe`, `object?.name`. */
export interface PropertyNode extends NodeSpan {
  readonly kind: 'Property';
  readonly object: ExprNode;
  readonly name: string;
  readonly nullSafe: boolean;
  /** Offset of the property name (for error carets). */
  readonly nameStart: number;
}

/** `object[index]` or, when `nullSafe`, `object?[index]`. */
export interface IndexNode extends NodeSpan {
  readonly kind: 'Index';
  readonly object: ExprNode;
  readonly index: ExprNode;
  readonly nullSafe: boolean;
}

/** A node of an ADF expression. */
export type ExprNode = LiteralNode | CallNode | PropertyNode | IndexNode;

/** The `kind` of a node. */
export type ExprNodeKind = ExprNode['kind'];

/** Creates and recognises literal nodes. */
export const LiteralNode = Object.freeze({
  is(node: ExprNode): node is LiteralNode {
    return node.kind === 'Literal';
  },
  create(value: LiteralValue, start: number, end: number): LiteralNode {
    return { kind: 'Literal', value, start, end };
  },
});

/** Creates and recognises call nodes. */
export const CallNode = Object.freeze({
  is(node: ExprNode): node is CallNode {
    return node.kind === 'Call';
  },
  create(name: string, args: readonly ExprNode[], start: number, end: number): CallNode {
    return { kind: 'Call', name, args, start, end };
  },
});

/** Creates and recognises property nodes. */
export const PropertyNode = Object.freeze({
  is(node: ExprNode): node is PropertyNode {
    return node.kind === 'Property';
  },
  create(object: ExprNode, name: string, nullSafe: boolean, nameStart: number, end: number): PropertyNode {
    return { kind: 'Property', object, name, nullSafe, nameStart, start: object.start, end };
  },
});

/** Creates and recognises index nodes. */
export const IndexNode = Object.freeze({
  is(node: ExprNode): node is IndexNode {
    return node.kind === 'Index';
  },
  create(object: ExprNode, index: ExprNode, nullSafe: boolean, end: number): IndexNode {
    return { kind: 'Index', object, index, nullSafe, start: object.start, end };
  },
});
