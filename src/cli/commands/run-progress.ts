import type { RunDocument, RunEvent } from '../../index.js';
import { colors } from '../output.js';

/**
 * Live progress on a terminal (stderr): a line when a top-level activity starts and when it ends, plus
 * every failed nested activity run. Nested runs are counted, not listed, so a 10,000-item ForEach stays readable.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): (event: RunEvent) => void {
  const c = colors(stream);
  const names = new Map<string, { name: string; nested: boolean }>();
  let rootRunId: string | undefined;
  return (event) => {
    if (event.kind === 'run-created') rootRunId ??= event.run.runId;
    if (event.kind === 'activity-started') {
      const a = event.activityRun;
      const nested = a.iteration !== undefined || a.runId !== rootRunId;
      const label = nested
        ? `${event.pipeline} ${a.iteration ? `${a.iteration}/` : ''}${a.activityName}`
        : a.activityName;
      names.set(a.activityRunId, { name: label, nested });
      if (a.status !== 'InProgress') {
        if (!nested) stream.write(`${c.dim('•')} ${label} ${c.dim(a.status)}\n`);
      } else if (!nested) stream.write(`${c.cyan('▶')} ${label} ${c.dim(`(${a.activityType})`)}\n`);
    }
    if (event.kind === 'activity-finished') {
      const entry = names.get(event.activityRunId);
      names.delete(event.activityRunId);
      if (!entry) return;
      if (event.status === 'Failed') {
        stream.write(`${c.red('✗')} ${entry.name} ${c.red('Failed')}: ${event.error?.message ?? ''}\n`);
      } else if (!entry.nested) {
        const mark = event.status === 'Succeeded' ? c.green('✓') : c.yellow('•');
        stream.write(`${mark} ${entry.name} ${c.dim(event.status)}\n`);
      }
    }
  };
}

/** A short human summary of a finished run (stdout). */
export function formatRunSummary(doc: RunDocument): string {
  const c = colors();
  const status =
    doc.status === 'Succeeded'
      ? c.green(doc.status)
      : doc.status === 'Failed'
        ? c.red(doc.status)
        : c.yellow(doc.status);
  const secs = doc.durationMs === null ? '' : ` in ${(doc.durationMs / 1000).toFixed(1)}s`;
  const lines = [
    `${doc.pipeline} ${c.dim(doc.runId)} ${status}${secs} (${doc.activityRuns.length} activity runs)`,
  ];
  if (doc.message) lines.push(`  ${doc.message}`);
  return `${lines.join('\n')}\n`;
}
