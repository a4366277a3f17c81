import type { MlModelVersion, MlRun } from '../../index.js';

/** What a pipeline run's notebooks produced in MLflow (`ModelsAdmin.producedBy`). */
export interface ProducedMl {
  readonly runs: readonly MlRun[];
  readonly versions: readonly MlModelVersion[];
}

/** The ML runs and model versions a pipeline run produced (SQLite and the ML module load here). */
export async function producedMl(project: string, pipelineRunId: string) {
  const lib = await import('../../index.js');
  const models = await lib.openModels({ projectDir: project });
  try {
    return await models.producedBy(pipelineRunId);
  } finally {
    await models.close();
  }
}

/** A metric value for people: up to 6 significant digits, no exponent for ordinary sizes. */
function metric(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/**
 * One line per registered model version (`model house-price version 3: r2=0.98961 rmse=11422.1`, the
 * metrics of the ML run that produced it), then one per ML run that registered nothing.
 */
export function formatProducedMl(ml: ProducedMl): string {
  const lines: string[] = [];
  const byRun = new Map(ml.runs.map((r) => [r.info.run_id, r]));
  const metrics = (r: MlRun | undefined) =>
    (r?.data.metrics ?? []).map((m) => `${m.key}=${metric(m.value)}`).join(' ');
  for (const v of ml.versions)
    lines.push(
      `  model ${v.name} version ${v.version}: ${metrics(byRun.get(v.run_id))} (ML run ${v.run_id})`,
    );
  const registered = new Set(ml.versions.map((v) => v.run_id));
  for (const r of ml.runs) {
    if (registered.has(r.info.run_id)) continue;
    const activity = r.data.tags.find((t) => t.key === 'millrace.activity')?.value ?? '?';
    lines.push(`  ML run ${r.info.run_id} (${activity}): ${metrics(r)}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
