import type { JsonPath } from '../../../errors/index.js';
import type { JsonObject, PipelineResource, TriggerResource } from '../../../model/index.js';
import { isJsonObject } from '../../../model/index.js';
import type { FactoryIndex } from '../factory-index.js';
import type { Findings } from '../finding.js';
import { knownList } from '../finding.js';
import type { PipelineLayout } from '../pipeline-scopes.js';

/** A call of a pipeline: who calls, with which parameters, and where they are written. */
interface PipelineCall {
  readonly caller: string;
  readonly target: string;
  readonly parameters: JsonObject | undefined;
  readonly file: string;
  /** Path to the reference object (`…pipeline` / `…pipelineReference`). */
  readonly refPath: JsonPath;
  /** Path to the parameters object. */
  readonly paramsPath: JsonPath;
}

function checkCall(call: PipelineCall, ix: FactoryIndex, findings: Findings): void {
  const target = ix.pipelines.get(call.target.toLowerCase());
  if (!target) return; // reported by the reference rule
  const declared = target.properties.parameters;
  const passed = call.parameters ?? {};
  for (const [name, spec] of Object.entries(declared)) {
    if (!('defaultValue' in spec) && !(name in passed))
      findings.warning(
        'validate/missing-required-parameter',
        `${call.caller} calls pipeline "${target.name}" without its required parameter "${name}" (it has no defaultValue)`,
        call.file,
        call.parameters ? call.paramsPath : call.refPath,
      );
  }
  for (const name of Object.keys(passed))
    if (!(name in declared))
      findings.warning(
        'validate/unknown-parameter',
        `${call.caller} passes parameter "${name}", which pipeline "${target.name}" does not declare (${knownList(Object.keys(declared))})`,
        call.file,
        [...call.paramsPath, name],
      );
}

/*
 * Both rules are warnings: production factories (e.g. in the corpus) routinely omit parameters that have no
 * defaultValue, and keep stale ones after a child pipeline changed, and ADF publishes and runs them.
 */

/** ExecutePipeline activities pass every required parameter of the child and no undeclared one. */
export function checkExecutePipelineParameters(
  pipeline: PipelineResource,
  layout: PipelineLayout,
  ix: FactoryIndex,
  findings: Findings,
): void {
  for (const { activity: a, path, active } of layout.activities) {
    if (a.type !== 'ExecutePipeline' || !active) continue;
    const ref = a.typeProperties['pipeline'];
    if (!isJsonObject(ref) || typeof ref['referenceName'] !== 'string') continue;
    const params = a.typeProperties['parameters'];
    checkCall(
      {
        caller: `activity "${a.name}" (ExecutePipeline)`,
        target: ref['referenceName'],
        parameters: isJsonObject(params) ? params : undefined,
        file: pipeline.file,
        refPath: [...path, 'typeProperties', 'pipeline'],
        paramsPath: [...path, 'typeProperties', 'parameters'],
      },
      ix,
      findings,
    );
  }
}

/** Triggers pass every required parameter of each pipeline they start, and no undeclared one. */
export function checkTriggerParameters(trigger: TriggerResource, ix: FactoryIndex, findings: Findings): void {
  const props = trigger.properties;
  const entries: { value: unknown; path: JsonPath }[] = props.pipelines.map((p, i) => ({
    value: p,
    path: [...trigger.propertiesPath, 'pipelines', i],
  }));
  if (props.pipeline) entries.push({ value: props.pipeline, path: [...trigger.propertiesPath, 'pipeline'] });
  for (const { value, path } of entries) {
    if (!isJsonObject(value)) continue;
    const entry = value;
    const ref = entry['pipelineReference'];
    if (!isJsonObject(ref) || typeof ref['referenceName'] !== 'string') continue;
    const params = entry['parameters'];
    checkCall(
      {
        caller: `trigger "${trigger.name}"`,
        target: ref['referenceName'],
        parameters: isJsonObject(params) ? params : undefined,
        file: trigger.file,
        refPath: [...path, 'pipelineReference'],
        paramsPath: [...path, 'parameters'],
      },
      ix,
      findings,
    );
  }
}
