import type { ExprValue } from '../../expressions/index.js';
import type { Activity } from '../../model/index.js';
import type { ScopeOutcome } from '../outcome.js';
import type { ChildScopeOptions, RunState, ScopeState } from '../run-state.js';

/** What a control-flow activity gets: the engine's scope, variables and nested-scope runner. */
export interface ControlContext {
  readonly activity: Activity;
  /** The activity run being recorded (a child run of ExecutePipeline names it as its parent). */
  readonly activityRunId: string;
  readonly run: RunState;
  readonly scope: ScopeState;
  readonly signal: AbortSignal;
  /** Evaluates a dynamic value in the activity's scope. */
  evaluate(value: unknown): ExprValue;
  /** Evaluates a dynamic value with an `item()` (Filter conditions). */
  evaluateWithItem(value: unknown, item: ExprValue): ExprValue;
  /** Records the activity's input (shown in the run; masked under secureInput). */
  setInput(input: ExprValue): void;
  /** Runs a nested activity list as its own scope and judges it by the leaf rule. */
  runChildScope(activities: readonly unknown[], options: ChildScopeOptions): Promise<ChildScopeResult>;
}

/** A finished child scope: its outcome, and an evaluator over that scope (its activities' outputs). */
export interface ChildScopeResult extends ScopeOutcome {
  evaluate(value: unknown): ExprValue;
}

/** Runs `activities` as a child scope of `parent` (given to control handlers by the scope runner). */
export type ChildScopeRunner = (
  parent: ScopeState,
  activities: readonly unknown[],
  options: ChildScopeOptions,
) => Promise<ChildScopeResult>;

/** A control-flow activity: returns its output, throws to fail (wrapped at the engine's boundary). */
export type ControlHandler = (ctx: ControlContext) => Promise<ExprValue>;
