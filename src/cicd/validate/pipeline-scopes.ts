import type { JsonPath } from '../../errors/index.js';
import type { Activity, PipelineResource } from '../../model/index.js';
import { childScopes } from '../../model/index.js';

/** One DAG scope of a pipeline: the top level, or one nested activity list of a container. */
export interface ActivityScope {
  readonly activities: readonly Activity[];
  /** Path from the file root to the activity array. */
  readonly path: JsonPath;
  /** The container activity that owns this scope (undefined at the top level). */
  readonly container?: ScopedActivity;
  /** False inside a deactivated container: ADF validates nothing inside an inactive activity. */
  readonly active: boolean;
}

/** An activity with where it sits. */
export interface ScopedActivity {
  readonly activity: Activity;
  /** Path from the file root to the activity object. */
  readonly path: JsonPath;
  readonly scope: ActivityScope;
  /** Container types enclosing the activity, outermost first. */
  readonly enclosing: readonly string[];
  /**
   * False for an activity with `"state": "Inactive"` and for everything nested in one: ADF neither validates
   * nor runs them (https://learn.microsoft.com/azure/data-factory/deactivate-activity). They still exist, so
   * they keep their names and may be depended on or referenced.
   */
  readonly active: boolean;
}

/** Every scope and every activity of a pipeline, in document order. */
export interface PipelineLayout {
  readonly scopes: readonly ActivityScope[];
  readonly activities: readonly ScopedActivity[];
}

/** Walks a pipeline's activities through every container level (linear in the number of activities). */
export function layoutPipeline(pipeline: PipelineResource): PipelineLayout {
  const scopes: ActivityScope[] = [];
  const activities: ScopedActivity[] = [];
  const visit = (scope: ActivityScope, enclosing: readonly string[]): void => {
    scopes.push(scope);
    scope.activities.forEach((activity, i) => {
      const active = scope.active && activity.state !== 'Inactive';
      const scoped: ScopedActivity = { activity, path: [...scope.path, i], scope, enclosing, active };
      activities.push(scoped);
      for (const child of childScopes(activity, activity.type))
        visit(
          {
            activities: child.activities as unknown as readonly Activity[],
            path: [...scoped.path, ...child.path],
            container: scoped,
            active,
          },
          [...enclosing, activity.type],
        );
    });
  };
  visit(
    {
      activities: pipeline.properties.activities,
      path: [...pipeline.propertiesPath, 'activities'],
      active: true,
    },
    [],
  );
  return { scopes, activities };
}
