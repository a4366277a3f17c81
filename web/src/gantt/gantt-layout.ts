import type { ApiActivityRun } from '../../../src/server/api-types.js';

/** One bar: an activity run (its index in the run document) from `start` to `end` (ms since epoch). */
export interface GanttBar {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly status: string;
  readonly label: string;
}

/** One row of the chart: a top-level activity run, a container's group, or one iteration of a group. */
export interface GanttRow {
  readonly key: string;
  readonly label: string;
  readonly depth: 0 | 1;
  readonly bars: readonly GanttBar[];
  /** On a container row that has iterations: how many, and whether they are shown. */
  readonly group?: { readonly name: string; readonly iterations: number; readonly expanded: boolean };
}

export interface GanttLayout {
  readonly rows: readonly GanttRow[];
  readonly min: number;
  readonly max: number;
}

/** The container an iteration path belongs to: `ForEach1[3]/If1(true)` → `ForEach1`. */
export const groupOf = (iteration: string): string => iteration.split('/')[0]!.replace(/[[(].*$/, '');
/** The iteration of the outermost container: `ForEach1[3]/If1(true)` → `ForEach1[3]`. */
export const iterationOf = (iteration: string): string => iteration.split('/')[0]!;

/**
 * Lays out the activity runs of a run as Gantt rows: top-level runs in the order they began; the runs inside
 * a container (ForEach iterations, If/Switch branches, Until loops) are grouped under the container's row, one
 * row per iteration, shown only when the group is `expanded` (10,000 iterations stay one row until opened).
 * A running activity's bar ends at `now`.
 */
export function layoutGantt(
  runs: readonly ApiActivityRun[],
  expanded: ReadonlySet<string>,
  now: number,
): GanttLayout {
  let min = Infinity;
  let max = -Infinity;
  const bar = (r: ApiActivityRun, index: number): GanttBar => {
    const start = Date.parse(r.start);
    const end = r.end === null ? Math.max(now, start) : Date.parse(r.end);
    if (start < min) min = start;
    if (end > max) max = end;
    const label = r.iteration === undefined ? r.activityName : `${r.activityName} ${r.iteration}`;
    return { index, start, end, status: r.status, label };
  };
  const top: { key: string; label: string; bars: GanttBar[] }[] = [];
  const topByName = new Map<string, { bars: GanttBar[] }>();
  const groups = new Map<string, Map<string, GanttBar[]>>();
  runs.forEach((r, i) => {
    const b = bar(r, i);
    if (r.iteration === undefined) {
      // Retries of an activity share its row.
      const row = topByName.get(r.activityName);
      if (row) row.bars.push(b);
      else {
        const created = { key: r.activityName, label: r.activityName, bars: [b] };
        top.push(created);
        topByName.set(r.activityName, created);
      }
      return;
    }
    const name = groupOf(r.iteration);
    let iterations = groups.get(name);
    if (!iterations) groups.set(name, (iterations = new Map<string, GanttBar[]>()));
    const it = iterationOf(r.iteration);
    const list = iterations.get(it);
    if (list) list.push(b);
    else iterations.set(it, [b]);
  });
  const rows: GanttRow[] = [];
  const emit = (key: string, label: string, bars: GanttBar[]) => {
    const iterations = groups.get(key);
    if (!iterations) {
      rows.push({ key, label, depth: 0, bars });
      return;
    }
    const open = expanded.has(key);
    rows.push({
      key,
      label,
      depth: 0,
      bars,
      group: { name: key, iterations: iterations.size, expanded: open },
    });
    if (open) {
      for (const [it, itBars] of iterations)
        rows.push({ key: `${key}/${it}`, label: it, depth: 1, bars: itBars });
    }
  };
  for (const row of top) emit(row.key, row.label, row.bars);
  // Groups whose container has no run of its own (a nested pipeline's shape we do not know): still shown.
  for (const name of groups.keys()) if (!topByName.has(name)) emit(name, name, []);
  if (min === Infinity) return { rows, min: now, max: now };
  return { rows, min, max: Math.max(max, min + 1) };
}
