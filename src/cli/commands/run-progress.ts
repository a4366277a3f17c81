import type { OutputSummarizer, RunDocument, RunEvent, RunProgress } from '../../index.js';
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

/** A byte count for people: `512 B`, `12.3 MB` (1024-based). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit] ?? ''}`;
}

/**
 * The live line of a copy: `  Copy Data  12.3 MB  45,000 rows  8.1 MB/s` (rate once time has passed), or of a
 * step in words: `  Transform  millrace: installing pandas, pyspark`.
 */
export function formatProgressLine(p: RunProgress, elapsedMs: number): string {
  if (p.status !== undefined) return `  ${p.activityName}  ${p.status.replace(/\s+/g, ' ').trim()}`;
  const parts = [`  ${p.activityName}`, formatBytes(p.bytes)];
  if (p.rows > 0 || p.files === 0) parts.push(`${p.rows.toLocaleString('en-US')} rows`);
  if (p.files > 1) parts.push(`${p.files.toLocaleString('en-US')} files`);
  if (elapsedMs > 0) parts.push(`${formatBytes((p.bytes * 1000) / elapsedMs)}/s`);
  return parts.join('  ');
}

/**
 * What a line of an activity log says about a Python environment build: a Millrace step (`building Python
 * environment …`, `installing …`, `waiting for another process …`), pip's or uv's progress (`Collecting`,
 * `Downloading`, `Installing collected packages`, `Successfully installed`, `Resolved`, `Prepared`,
 * `Installed`), or neither.
 */
export function pythonBuildLine(line: string): 'step' | 'progress' | undefined {
  if (/^millrace: (building Python environment|installing |waiting for another process building)/.test(line))
    return 'step';
  if (
    /^\s*(Collecting|Downloading|Installing collected packages|Successfully installed|Resolved|Prepared|Installed) /.test(
      line,
    )
  )
    return 'progress';
  return undefined;
}

/** Live run output on a terminal: activity lines (`createProgress`) and one copy-progress line rewritten in place. */
export interface LiveRunOutput {
  readonly onEvent: (event: RunEvent) => void;
  readonly onProgress: (progress: RunProgress) => void;
}

/**
 * Adds a copy-progress line to `createProgress`: each progress callback rewrites it in place (`\r`, erase
 * to end of line, cut to the terminal width); it is erased before any activity line is written and when
 * its activity run ends. The rate counts from the activity run's start. Use only on a TTY.
 */
export function createLiveRunOutput(
  stream: NodeJS.WriteStream = process.stderr,
  now: () => number = Date.now,
): LiveRunOutput {
  const lines = createProgress(stream);
  const started = new Map<string, number>();
  let shown: string | undefined;
  const clear = (): void => {
    if (shown === undefined) return;
    stream.write('\r\x1b[K');
    shown = undefined;
  };
  const transient = (text: string): void => {
    const width = stream.columns > 1 ? stream.columns - 1 : undefined;
    stream.write(`\r${width === undefined ? text : text.slice(0, width)}\x1b[K`);
  };
  return {
    onEvent(event) {
      if (event.kind === 'activity-started') started.set(event.activityRun.activityRunId, now());
      if (event.kind === 'activity-finished') started.delete(event.activityRunId);
      if (event.kind === 'activity-log') {
        // A Python environment built on first use can take minutes: say so, and show pip's progress.
        const kind = pythonBuildLine(event.line);
        if (kind === 'step') {
          clear();
          stream.write(`  ${colors(stream).dim(event.line.replace(/^millrace: /, ''))}\n`);
        } else if (kind === 'progress') {
          transient(`  ${event.line.trim()}`);
          shown = event.activityRunId;
        }
        return;
      }
      clear();
      lines(event);
    },
    onProgress(p) {
      const start = started.get(p.activityRunId);
      if (start === undefined) return; // its activity run already ended: a late callback
      transient(formatProgressLine(p, now() - start));
      shown = p.activityRunId;
    },
  };
}

function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** How `formatRunSummary` describes a run's activities and where it ran. */
export interface RunSummaryOptions {
  /** The summary of an activity's output: the `summarize` of its type's definition (`Millrace.summarizeOutput`). */
  readonly summarize: OutputSummarizer;
  /** Where a remote run ran (`the Data Factory of qa`); absent for a run of this project's engine. */
  readonly remote?: string;
}

/**
 * A human summary of a finished run (stdout): the run line, then each top-level activity with its status,
 * duration and the summary of its output (or its error), and where to look next.
 */
export function formatRunSummary(doc: RunDocument, options: RunSummaryOptions): string {
  const { summarize, remote } = options;
  const c = colors();
  const paint = (status: string): string =>
    status === 'Succeeded' ? c.green(status) : status === 'Failed' ? c.red(status) : c.yellow(status);
  const lines = [
    `${c.bold(doc.pipeline)} ${paint(doc.status)} in ${duration(doc.durationMs) || '0 ms'} ${c.dim(`(run ${doc.runId}, ${doc.activityRuns.length} activity runs)`)}`,
  ];
  if (doc.message) lines.push(`  ${doc.message}`);
  const top = doc.activityRuns.filter((a) => a.iteration === undefined);
  const width = Math.max(0, ...top.map((a) => a.activityName.length));
  for (const a of top) {
    const detail = a.error ? c.red(a.error.message) : (summarize(a.activityType, a.output) ?? '');
    lines.push(
      `  ${a.activityName.padEnd(width)}  ${paint(a.status).padEnd(9 + (paint(a.status).length - a.status.length))}  ${duration(a.durationMs).padStart(8)}  ${detail}`,
    );
  }
  if (doc.output && typeof doc.output === 'object' && Object.keys(doc.output).length > 0) {
    lines.push(`  pipeline output: ${JSON.stringify(doc.output)}`);
  }
  lines.push(
    c.dim(
      remote === undefined
        ? `  details: millrace runs show ${doc.runId}   logs: millrace runs logs ${doc.runId}`
        : `  ran in ${remote}`,
    ),
  );
  return `${lines.join('\n')}\n`;
}
