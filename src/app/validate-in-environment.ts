import type { LoadedProject, ValidationReport } from './project.js';

/**
 * `millrace validate --env <name>`: validates the project with environment `name` applied (overrides, global
 * parameters, linked-service settings) and warns, naming the activity, about activity types that cannot run
 * there. The environment machinery and the executor list load on this first call, keeping `validate` cheap.
 */
export async function validateProjectInEnvironment(
  loaded: LoadedProject,
  name: string,
): Promise<ValidationReport> {
  const { validateInEnvironment } = await import('./environment-validation.js');
  return validateInEnvironment(loaded, name);
}
