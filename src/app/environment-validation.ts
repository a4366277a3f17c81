import { applyEnvironment } from '../cicd/index.js';
import { resolveEnvironment } from '../config/index.js';
import { CONTROL_TYPES } from '../engine/index.js';
import type { Diagnostic } from '../errors/index.js';
import { createDiagnostic } from '../errors/index.js';
import type { Activity, Factory } from '../model/index.js';
import { childScopes } from '../model/index.js';
import type { LoadedProject, ValidationReport } from './project.js';
import { validateProject } from './project.js';

/** The activity types this runtime executes: control flow in the engine plus the built-in executors. */
async function runnableTypes(projectDir: string): Promise<ReadonlySet<string>> {
  // Loaded on first use: the executors pull in the data plane (DuckDB), which plain `validate` never needs.
  const { builtinActivityExecutors } = await import('../activities/index.js');
  const executors = builtinActivityExecutors({
    projectDir,
    notebooks: {},
    dbfsRoot: projectDir,
    logDir: projectDir,
  });
  return new Set([...CONTROL_TYPES, ...executors.map((e) => e.type)].map((t) => t.toLowerCase()));
}

/**
 * Warnings for active activities (nested ones included) whose type has no executor here: a run fails them with
 * `engine/unsupported-activity`. Inactive activities never run, so they are left out.
 */
export function unrunnableActivities(
  factory: Factory,
  runnable: ReadonlySet<string>,
  environment: string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of factory.pipelines.values()) {
    const visit = (activities: readonly Activity[], path: readonly (string | number)[]): void =>
      activities.forEach((a, i) => {
        if (a.state === 'Inactive') return;
        const at = [...path, i];
        if (!runnable.has(a.type.toLowerCase()))
          out.push(
            createDiagnostic(
              'warning',
              'validate/no-executor',
              `activity "${a.name}" (${a.type}) cannot run in environment "${environment}": no executor for type ${a.type} (a run fails it with engine/unsupported-activity)`,
              { file: p.file, path: [...at, 'type'] },
            ),
          );
        for (const s of childScopes(a, a.type))
          visit(s.activities as unknown as readonly Activity[], [...at, ...s.path]);
      });
    visit(p.properties.activities, [...p.propertiesPath, 'activities']);
  }
  return out;
}

/**
 * Validates the project as it runs in environment `name`: the environment's overrides, global parameters and
 * linked-service settings applied (its own findings included), then every rule, plus a warning per activity
 * whose type cannot run here. Throws `config/unknown-environment` for an unknown name.
 */
export async function validateInEnvironment(loaded: LoadedProject, name: string): Promise<ValidationReport> {
  const environment = await resolveEnvironment(loaded.project, name);
  const applied = applyEnvironment(loaded.factory, environment.layers);
  const extra = [
    ...applied.diagnostics,
    ...unrunnableActivities(applied.factory, await runnableTypes(loaded.project.root), name),
  ];
  return validateProject(loaded, { factory: applied.factory, extra });
}
