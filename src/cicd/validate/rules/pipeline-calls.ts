import type { JsonPath } from '../../../errors/index.js';
import type { Factory } from '../../../model/index.js';
import { isJsonObject } from '../../../model/index.js';
import type { Findings } from '../finding.js';
import { layoutPipeline } from '../pipeline-scopes.js';

/** One ExecutePipeline call with a literal target: where it is and what it runs. */
interface Call {
  readonly activity: string;
  readonly target: string;
  readonly path: JsonPath;
}

/** The active ExecutePipeline activities of a pipeline whose `pipeline.referenceName` is a literal. */
function callsOf(pipeline: Parameters<typeof layoutPipeline>[0]): Call[] {
  const out: Call[] = [];
  for (const sa of layoutPipeline(pipeline).activities) {
    const a = sa.activity;
    if (!sa.active || a.type !== 'ExecutePipeline') continue;
    const ref = a.typeProperties['pipeline'];
    const target = isJsonObject(ref) ? ref['referenceName'] : undefined;
    if (typeof target === 'string' && !target.startsWith('@'))
      out.push({
        activity: a.name,
        target,
        path: [...sa.path, 'typeProperties', 'pipeline', 'referenceName'],
      });
  }
  return out;
}

/**
 * ExecutePipeline cycles: a pipeline that runs itself, directly or through others. ADF publishes such a
 * factory, so this is a warning, but a run of it starts child runs until something stops it (Millrace's engine
 * stops it at its nesting-depth limit with `engine/pipeline-depth-exceeded`). Each cycle is reported once, at
 * the call that closes it in the pipeline that sorts first, naming the whole chain.
 */
export function checkPipelineCalls(factory: Factory, findings: Findings): void {
  const names = new Map([...factory.pipelines.keys()].map((n) => [n.toLowerCase(), n]));
  const calls = new Map([...factory.pipelines.values()].map((p) => [p.name, callsOf(p)]));
  const reported = new Set<string>();
  for (const start of [...factory.pipelines.keys()].sort()) {
    // Depth-first from `start`, following calls; a path back to `start` is a cycle through it.
    const stack: { pipeline: string; via: Call[] }[] = [{ pipeline: start, via: [] }];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const { pipeline, via } = stack.pop()!;
      for (const call of calls.get(pipeline) ?? []) {
        const target = names.get(call.target.toLowerCase());
        if (target === undefined) continue; // a missing pipeline is validate/missing-pipeline's
        const chain = [...via, call];
        if (target === start) {
          const members = [start, ...chain.slice(0, -1).map((c) => names.get(c.target.toLowerCase())!)];
          const key = [...members].sort().join('\u0000');
          if (reported.has(key)) continue;
          reported.add(key);
          const first = chain[0]!;
          const resource = factory.pipelines.get(start)!;
          findings.warning(
            'validate/execute-pipeline-cycle',
            chain.length === 1
              ? `pipeline "${start}" runs itself (ExecutePipeline "${first.activity}"): each run starts another`
              : `pipelines call each other in a cycle: ${[...members, start].join(' → ')} (ExecutePipeline "${first.activity}")`,
            resource.file,
            first.path,
            'break the cycle, or loop with Until or ForEach instead of recursion',
          );
          continue;
        }
        if (seen.has(target)) continue;
        seen.add(target);
        stack.push({ pipeline: target, via: chain });
      }
    }
  }
}
