import type { PipelineResource } from '../../../model/index.js';
import type { Findings } from '../finding.js';
import type { PipelineLayout } from '../pipeline-scopes.js';

/** ADF service limits (https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#azure-data-factory-limits), reported as warnings. */
export const ADF_LIMITS = {
  activitiesPerPipeline: 120,
  parametersPerPipeline: 50,
  forEachBatchCount: 50,
  expressionLength: 8192,
} as const;

const LOOPS = new Set(['ForEach', 'Until']);
const BRANCHES = new Set(['IfCondition', 'Switch']);

/** Why ADF forbids `type` inside `enclosing`, or undefined when it is allowed (https://learn.microsoft.com/azure/data-factory/concepts-nested-activities). */
function nestingProblem(type: string, enclosing: readonly string[]): string | undefined {
  if (enclosing.length === 0) return undefined;
  const parent = enclosing[enclosing.length - 1] ?? '';
  if (type === 'Validation') return 'a Validation activity cannot be placed inside any container';
  if (LOOPS.has(type))
    return `${type} cannot be nested inside ${parent} (ForEach and Until allow one level only)`;
  if (BRANCHES.has(type) && BRANCHES.has(parent)) return `${type} cannot be nested inside ${parent}`;
  return undefined;
}

/** Activity and parameter counts, ForEach batchCount, and ADF's nesting rules. Warnings only. */
export function checkLimits(pipeline: PipelineResource, layout: PipelineLayout, findings: Findings): void {
  const file = pipeline.file;
  const props = pipeline.properties;
  if (layout.activities.length > ADF_LIMITS.activitiesPerPipeline)
    findings.warning(
      'validate/too-many-activities',
      `pipeline "${pipeline.name}" has ${layout.activities.length} activities including nested ones; ADF allows ${ADF_LIMITS.activitiesPerPipeline}`,
      file,
      [...pipeline.propertiesPath, 'activities'],
      'split the pipeline and call the parts with ExecutePipeline',
    );
  const paramCount = Object.keys(props.parameters).length;
  if (paramCount > ADF_LIMITS.parametersPerPipeline)
    findings.warning(
      'validate/too-many-parameters',
      `pipeline "${pipeline.name}" declares ${paramCount} parameters; ADF allows ${ADF_LIMITS.parametersPerPipeline}`,
      file,
      [...pipeline.propertiesPath, 'parameters'],
    );
  for (const sa of layout.activities) {
    if (!sa.active) continue;
    const a = sa.activity;
    const problem = nestingProblem(a.type, sa.enclosing);
    if (problem)
      findings.warning(
        'validate/nesting',
        `activity "${a.name}": ${problem}`,
        file,
        [...sa.path, 'type'],
        'move the inner logic to a child pipeline and call it with ExecutePipeline',
      );
    if (a.type === 'ForEach') {
      const raw = a.typeProperties['batchCount'];
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && /^\d+$/.test(raw)
            ? Number(raw)
            : undefined;
      if (n !== undefined && n > ADF_LIMITS.forEachBatchCount)
        findings.warning(
          'validate/batch-count-limit',
          `activity "${a.name}" (ForEach) has batchCount ${n}; ADF runs at most ${ADF_LIMITS.forEachBatchCount} iterations in parallel`,
          file,
          [...sa.path, 'typeProperties', 'batchCount'],
        );
    }
  }
}
