import type { Diagnostic } from '../errors/index.js';
import type { Activity, Factory, JsonValue } from '../model/index.js';
import { SECURE_MASK } from '../model/index.js';
import { brokenFiles } from './broken-files.js';
import type { BrokenFile } from './broken-files.js';
import { childScopes } from '../model/index.js';

/** A pipeline as `millrace describe` and `GET /api/pipelines` list it. */
export interface PipelineSummary {
  readonly name: string;
  readonly file: string;
  /** Activities at every nesting level. */
  readonly activities: number;
  readonly parameters: readonly {
    readonly name: string;
    readonly type: string;
    readonly required: boolean;
  }[];
}

/** A pipeline's summary and its resource JSON, SecureString default values masked. */
export interface PipelineDetail extends PipelineSummary {
  readonly resource: JsonValue;
}

/** A summary of a factory for `millrace describe`. */
export interface FactoryDescription {
  readonly name?: string;
  readonly pipelines: readonly PipelineSummary[];
  readonly datasets: readonly {
    readonly name: string;
    readonly type: string;
    readonly linkedService: string;
  }[];
  readonly linkedServices: readonly { readonly name: string; readonly type: string }[];
  readonly triggers: readonly {
    readonly name: string;
    readonly type: string;
    readonly runtimeState: string;
    readonly pipelines: readonly string[];
  }[];
  /** Resource files that could not be read (invalid JSON, not an object): their resources are missing above. */
  readonly broken: readonly BrokenFile[];
}

function countActivities(activities: readonly Activity[]): number {
  let n = 0;
  for (const a of activities) {
    n += 1;
    for (const s of childScopes(a, a.type))
      n += countActivities(s.activities as unknown as readonly Activity[]);
  }
  return n;
}

function refName(v: unknown): string {
  if (typeof v !== 'object' || v === null) return '';
  const r = (v as { referenceName?: unknown }).referenceName;
  return typeof r === 'string' ? r : '(expression)';
}

const byName = <T extends { name: string }>(a: T, b: T): number => a.name.localeCompare(b.name);

/**
 * Lists pipelines (activity count, parameters), datasets, linked services and triggers, and the files that
 * could not be read when `diagnostics` (the load findings) are given.
 */
export function describeFactory(
  factory: Factory,
  diagnostics: readonly Diagnostic[] = [],
): FactoryDescription {
  return {
    ...(factory.name === undefined ? {} : { name: factory.name }),
    pipelines: [...factory.pipelines.values()]
      .map((p) => ({
        name: p.name,
        file: p.file,
        activities: countActivities(p.properties.activities),
        parameters: Object.entries(p.properties.parameters).map(([name, spec]) => ({
          name,
          type: spec.type,
          required: !('defaultValue' in spec),
        })),
      }))
      .sort(byName),
    datasets: [...factory.datasets.values()]
      .map((d) => ({
        name: d.name,
        type: d.properties.type,
        linkedService: refName(d.properties.linkedServiceName),
      }))
      .sort(byName),
    linkedServices: [...factory.linkedServices.values()]
      .map((l) => ({ name: l.name, type: l.properties.type }))
      .sort(byName),
    triggers: [...factory.triggers.values()]
      .map((t) => ({
        name: t.name,
        type: t.properties.type,
        runtimeState: t.properties.runtimeState ?? 'Stopped',
        pipelines: [...t.properties.pipelines, ...(t.properties.pipeline ? [t.properties.pipeline] : [])].map(
          (p) => refName(p.pipelineReference),
        ),
      }))
      .sort(byName),
    broken: brokenFiles(diagnostics),
  };
}

/**
 * One pipeline (name matched exactly, else case-insensitively, as ADF names are): its summary and its resource
 * JSON with the default values of SecureString parameters masked. Undefined for an unknown pipeline.
 */
export function describePipeline(
  factory: Factory,
  description: FactoryDescription,
  name: string,
): PipelineDetail | undefined {
  const p =
    factory.pipelines.get(name) ??
    [...factory.pipelines.values()].find((x) => x.name.toLowerCase() === name.toLowerCase());
  const summary = p && description.pipelines.find((s) => s.name === p.name);
  if (!p || !summary) return undefined;
  const parameters = Object.fromEntries(
    Object.entries(p.properties.parameters).map(([k, spec]) => [
      k,
      String(spec.type).toLowerCase() === 'securestring' && 'defaultValue' in spec
        ? { ...spec, defaultValue: SECURE_MASK }
        : spec,
    ]),
  );
  const resource = JSON.parse(
    JSON.stringify({ name: p.name, properties: { ...p.properties, parameters } }),
  ) as JsonValue;
  return { ...summary, resource };
}
