/**
 * The reference functions: they read the evaluation context rather than compute from arguments, so the
 * evaluator implements them (evaluate-reference.ts). Keys are lower-case names.
 */
export const ReferenceFunction = {
  pipeline: 'pipeline',
  variables: 'variables',
  activity: 'activity',
  item: 'item',
  dataset: 'dataset',
  linkedservice: 'linkedService',
  trigger: 'trigger',
  triggerbody: 'triggerBody',
} as const;
export type ReferenceFunction = (typeof ReferenceFunction)[keyof typeof ReferenceFunction];

/** Number of arguments of each reference function (exact). */
export const referenceArity: Readonly<Record<ReferenceFunction, number>> = {
  pipeline: 0,
  variables: 1,
  activity: 1,
  item: 0,
  dataset: 0,
  linkedService: 0,
  trigger: 0,
  triggerBody: 0,
};

/** The reference function a call name denotes (case-insensitive), or undefined. */
export function referenceFunctionOf(name: string): ReferenceFunction | undefined {
  const lower = name.toLowerCase();
  return Object.prototype.hasOwnProperty.call(ReferenceFunction, lower)
    ? ReferenceFunction[lower as keyof typeof ReferenceFunction]
    : undefined;
}
