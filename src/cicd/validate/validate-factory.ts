import type { Diagnostic } from '../../errors/index.js';
import type { Factory, Resource } from '../../model/index.js';
import { indexFactory } from './factory-index.js';
import { Findings } from './finding.js';
import { layoutPipeline } from './pipeline-scopes.js';
import { checkActivityGraph } from './rules/activity-graph.js';
import {
  checkDatasetExpressions,
  checkLinkedServiceExpressions,
  checkPipelineExpressions,
  checkTriggerExpressions,
} from './rules/expressions.js';
import { checkLimits } from './rules/limits.js';
import { checkPipelineCalls } from './rules/pipeline-calls.js';
import { checkNotebookPaths } from './rules/notebooks.js';
import type { NotebookIndex } from './rules/notebooks.js';
import { checkExecutePipelineParameters, checkTriggerParameters } from './rules/parameters.js';
import { checkReferences } from './rules/references.js';
import { checkVariables } from './rules/variables.js';

/** Options of validateFactory. */
export interface ValidateOptions {
  /** Local notebooks, when the project maps Databricks workspace folders (millrace.json `notebooks`). */
  readonly notebooks?: NotebookIndex;
}

/**
 * Cross-resource validation of a loaded factory: references, the activity graph, variables, parameters
 * passed to pipelines, expressions in every expression-valued property, and ADF limits (as warnings).
 * Collects every finding; never throws for a bad factory. Findings carry file and JSON path (no line yet:
 * locate them with the SourceIndex of parseFactory).
 */
export function validateFactory(factory: Factory, options: ValidateOptions = {}): Diagnostic[] {
  const ix = indexFactory(factory);
  const findings = new Findings();
  const all: Resource<unknown>[] = [
    ...factory.pipelines.values(),
    ...factory.datasets.values(),
    ...factory.linkedServices.values(),
    ...factory.triggers.values(),
    ...factory.dataflows.values(),
    ...factory.integrationRuntimes.values(),
    ...factory.credentials.values(),
  ];
  for (const r of all) checkReferences(r, ix, findings);
  for (const p of factory.pipelines.values()) {
    const layout = layoutPipeline(p);
    checkActivityGraph(p, layout, findings);
    checkVariables(p, layout, findings);
    checkExecutePipelineParameters(p, layout, ix, findings);
    checkLimits(p, layout, findings);
    checkPipelineExpressions(p, layout, factory, findings);
    if (options.notebooks) checkNotebookPaths(p, layout, options.notebooks, findings);
  }
  checkPipelineCalls(factory, findings);
  for (const t of factory.triggers.values()) {
    checkTriggerParameters(t, ix, findings);
    checkTriggerExpressions(t, findings);
  }
  for (const d of factory.datasets.values()) checkDatasetExpressions(d, findings);
  for (const l of factory.linkedServices.values()) checkLinkedServiceExpressions(l, findings);
  return findings.list;
}
