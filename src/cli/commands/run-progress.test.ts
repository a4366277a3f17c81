import { describe, expect, it } from 'vitest';
import type { PipelineRunRecord, RunEvent } from '../../index.js';
import { createLiveRunOutput, formatBytes, formatProgressLine } from './run-progress.js';

/** A terminal stand-in: `isTTY`, a width, and everything written. */
function fakeTty(columns = 120): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  const stream = {
    isTTY: true,
    columns,
    write: (chunk: string) => chunks.push(chunk) > 0,
    text: () => chunks.join(''),
  };
  return stream as unknown as NodeJS.WriteStream & { text: () => string };
}

const created: RunEvent = { kind: 'run-created', run: { runId: 'r1' } as PipelineRunRecord };

const started = (activityRunId: string, activityName: string): RunEvent => ({
  kind: 'activity-started',
  pipeline: 'PL',
  activityRun: {
    runId: 'r1',
    activityRunId,
    activityName,
    activityType: 'Copy',
    status: 'InProgress',
    start: 0,
    attempt: 1,
  } as unknown as Extract<RunEvent, { kind: 'activity-started' }>['activityRun'],
});

const finished = (activityRunId: string, activityName: string): RunEvent => ({
  kind: 'activity-finished',
  runId: 'r1',
  activityRunId,
  activityName,
  status: 'Succeeded',
  end: 0,
});

const progress = (bytes: number, rows: number, files = 0) => ({
  runId: 'r1',
  activityRunId: 'a1',
  activityName: 'Copy Data',
  bytes,
  rows,
  files,
});

describe('copy progress line', () => {
  it('formats bytes, rows and the rate', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(12.3 * 1024 * 1024)).toBe('12.3 MB');
    expect(formatProgressLine(progress(12.3 * 1024 * 1024, 45_000), 1500)).toBe(
      '  Copy Data  12.3 MB  45,000 rows  8.2 MB/s',
    );
    expect(formatProgressLine(progress(2048, 0, 3), 0)).toBe('  Copy Data  2.0 KB  3 files');
  });

  it('shows a step in words (a Python environment build) instead of totals', () => {
    const status = { ...progress(0, 0), activityName: 'Transform', status: '  Collecting  pandas==2.2\n' };
    expect(formatProgressLine(status, 5000)).toBe('  Transform  Collecting pandas==2.2');
  });

  it('rewrites one line in place on a TTY and clears it when the activity finishes', () => {
    const tty = fakeTty();
    let clock = 1_000;
    const live = createLiveRunOutput(tty, () => clock);
    live.onEvent(created);
    live.onEvent(started('a1', 'Copy Data'));
    const before = tty.text().length;
    clock += 1_000;
    live.onProgress(progress(4 * 1024 * 1024, 20_000));
    clock += 1_000;
    live.onProgress(progress(8 * 1024 * 1024, 45_000));
    expect(tty.text().slice(before)).toBe(
      '\r  Copy Data  4.0 MB  20,000 rows  4.0 MB/s\x1b[K' +
        '\r  Copy Data  8.0 MB  45,000 rows  4.0 MB/s\x1b[K',
    );
    const beforeEnd = tty.text().length;
    live.onEvent(finished('a1', 'Copy Data'));
    const end = tty.text().slice(beforeEnd);
    expect(end.startsWith('\r\x1b[K')).toBe(true);
    expect(end).toContain('Copy Data');
    expect(end).toContain('Succeeded');
    // A late callback of a finished activity run draws nothing.
    const after = tty.text().length;
    live.onProgress(progress(9 * 1024 * 1024, 50_000));
    expect(tty.text().length).toBe(after);
  });

  it('cuts the line to the terminal width', () => {
    const tty = fakeTty(20);
    const live = createLiveRunOutput(tty, () => 0);
    live.onEvent(started('a1', 'Copy Data'));
    const before = tty.text().length;
    live.onProgress(progress(1024, 10));
    expect(tty.text().slice(before)).toBe('\r  Copy Data  1.0 KB\x1b[K');
  });
});

describe('Python environment build progress', () => {
  const log = (line: string): RunEvent => ({ kind: 'activity-log', runId: 'r1', activityRunId: 'a1', line });

  it('prints the build steps, shows pip progress in place, and keeps the notebook output out', () => {
    const tty = fakeTty();
    const live = createLiveRunOutput(tty, () => 0);
    live.onEvent(created);
    live.onEvent(started('a1', 'Model training & scoring'));
    live.onEvent(log('millrace: building Python environment 3f2a (3 requirement(s), pip)'));
    live.onEvent(log('Collecting pandas==3.1.1'));
    live.onEvent(log('  Downloading pandas-3.1.1-cp311-manylinux.whl (12.0 MB)'));
    live.onEvent(log('Model trained.'));
    live.onEvent(log('Successfully installed pandas-3.1.1'));
    // eslint-disable-next-line no-control-regex -- strips colour codes, keeps the erase-line ones
    const text = tty.text().replace(/\x1b\[[0-9;]*m/g, '');
    expect(text).toContain('  building Python environment 3f2a (3 requirement(s), pip)\n');
    expect(text).toContain('\r  Collecting pandas==3.1.1\x1b[K');
    expect(text).toContain('\r  Downloading pandas-3.1.1-cp311-manylinux.whl (12.0 MB)\x1b[K');
    expect(text).toContain('\r  Successfully installed pandas-3.1.1\x1b[K');
    expect(text).not.toContain('Model trained.');
  });
});
