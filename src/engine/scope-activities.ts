import type { ActivityState } from '../expressions/index.js';

/**
 * The activity table an expression sees in one scope: the scope's own activities first, then those of
 * the enclosing scopes (an inner activity may reference outer ones, not the other way round).
 */
export class ScopeActivities extends Map<string, ActivityState> {
  constructor(readonly parent?: ReadonlyMap<string, ActivityState>) {
    super();
  }

  override get(name: string): ActivityState | undefined {
    return super.get(name) ?? this.parent?.get(name);
  }

  override has(name: string): boolean {
    return super.has(name) || (this.parent?.has(name) ?? false);
  }
}
