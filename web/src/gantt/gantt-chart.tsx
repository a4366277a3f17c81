import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiActivityRun } from '../../../src/server/api-types.js';
import { formatDuration } from '../format.js';
import type { GanttRow } from './gantt-layout.js';
import { layoutGantt } from './gantt-layout.js';

const ROW = 22;
const LABEL = 220;
const AXIS = 24;

/** Bar colours per status, from the theme's CSS variables (so both themes keep their contrast). */
function palette(el: Element): Record<string, string> {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    Succeeded: v('--ok', '#2e7d32'),
    Failed: v('--bad', '#c62828'),
    InProgress: v('--busy', '#1565c0'),
    Queued: v('--muted', '#777'),
    Cancelled: v('--warn', '#b26a00'),
    Skipped: v('--muted', '#777'),
    text: v('--fg', '#111'),
    grid: v('--line', '#ddd'),
    bg: v('--bg', '#fff'),
    sel: v('--accent', '#6a1b9a'),
  };
}

/**
 * A Gantt chart of a run's activity runs on a canvas: only the rows in view are drawn, so 10,000 iterations
 * scroll smoothly. Container rows with iterations open and close on click (or Enter on the toggle list
 * below); Ctrl/⌘ + wheel or the buttons zoom the time axis; clicking a bar selects its activity run.
 */
export function GanttChart(props: {
  readonly runs: readonly ApiActivityRun[];
  readonly selected?: number;
  readonly onSelect: (index: number) => void;
  readonly now: number;
}) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const layout = useMemo(
    () => layoutGantt(props.runs, expanded, props.now),
    [props.runs, expanded, props.now],
  );
  const [zoom, setZoom] = useState({ from: 0, to: 1 }); // fraction of [min, max] in view
  const scroller = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [width, setWidth] = useState(900);
  const height = Math.min(480, AXIS + layout.rows.length * ROW + 4);
  const span = layout.max - layout.min;
  const t0 = layout.min + zoom.from * span;
  const t1 = layout.min + zoom.to * span;
  const x = useCallback((t: number) => LABEL + ((t - t0) / (t1 - t0)) * (width - LABEL - 8), [t0, t1, width]);

  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth || 900));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = width * dpr;
    c.height = height * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const colors = palette(c);
    ctx.fillStyle = colors['bg']!;
    ctx.fillRect(0, 0, width, height);
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    // Time axis: 6 ticks.
    ctx.strokeStyle = colors['grid']!;
    ctx.fillStyle = colors['text']!;
    for (let i = 0; i <= 5; i++) {
      const t = t0 + ((t1 - t0) * i) / 5;
      const px = x(t);
      ctx.beginPath();
      ctx.moveTo(px, AXIS - 4);
      ctx.lineTo(px, height);
      ctx.stroke();
      ctx.fillText(`+${formatDuration(t - layout.min)}`, Math.min(px + 2, width - 60), AXIS / 2);
    }
    const first = Math.floor(scrollTop / ROW);
    const last = Math.min(layout.rows.length, first + Math.ceil((height - AXIS) / ROW) + 1);
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, AXIS, width, height - AXIS);
    ctx.clip();
    for (let i = first; i < last; i++) {
      const row = layout.rows[i]!;
      const y = AXIS + i * ROW - scrollTop;
      ctx.fillStyle = colors['text']!;
      const mark = row.group ? (row.group.expanded ? '▾ ' : '▸ ') : '';
      const count = row.group ? ` (${row.group.iterations})` : '';
      ctx.fillText(`${' '.repeat(row.depth * 3)}${mark}${row.label}${count}`.slice(0, 34), 4, y + ROW / 2);
      for (const b of row.bars) {
        const bx = Math.max(LABEL, x(b.start));
        const bw = Math.max(2, x(b.end) - bx);
        if (bx > width) continue;
        ctx.fillStyle = colors[b.status] ?? colors['Queued']!;
        ctx.fillRect(bx, y + 4, Math.min(bw, width - bx), ROW - 8);
        if (b.index === props.selected) {
          ctx.strokeStyle = colors['sel']!;
          ctx.lineWidth = 2;
          ctx.strokeRect(bx - 1, y + 3, Math.min(bw, width - bx) + 2, ROW - 6);
          ctx.lineWidth = 1;
        }
      }
    }
    ctx.restore();
  }, [layout, scrollTop, width, height, t0, t1, x, props.selected]);

  const rowAt = (clientY: number): GanttRow | undefined => {
    const rect = canvas.current!.getBoundingClientRect();
    const i = Math.floor((clientY - rect.top - AXIS + scrollTop) / ROW);
    return i >= 0 ? layout.rows[i] : undefined;
  };
  const toggle = (name: string) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  const zoomBy = (factor: number, centre = 0.5) =>
    setZoom(({ from, to }) => {
      const w = Math.min(1, Math.max(0.001, (to - from) * factor));
      const c = from + (to - from) * centre;
      const f = Math.max(0, Math.min(1 - w, c - w * centre));
      return { from: f, to: f + w };
    });
  const groups = layout.rows.filter((r) => r.group);
  return (
    <figure className="gantt" aria-label="Gantt chart of activity runs">
      <div className="gantt-tools" role="toolbar" aria-label="Gantt zoom">
        <button type="button" onClick={() => zoomBy(0.5)}>
          Zoom in
        </button>
        <button type="button" onClick={() => zoomBy(2)}>
          Zoom out
        </button>
        <button type="button" onClick={() => setZoom({ from: 0, to: 1 })}>
          Fit
        </button>
        {groups.map((r) => (
          <button
            type="button"
            key={r.key}
            aria-expanded={r.group!.expanded}
            onClick={() => toggle(r.group!.name)}
          >
            {r.group!.expanded ? 'Collapse' : 'Expand'} {r.label} ({r.group!.iterations} iterations)
          </button>
        ))}
      </div>
      <div
        ref={scroller}
        className="gantt-scroll"
        style={{ height }}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onWheel={(e) => {
          if (!e.ctrlKey && !e.metaKey) return;
          e.preventDefault();
          const rect = e.currentTarget.getBoundingClientRect();
          zoomBy(e.deltaY < 0 ? 0.8 : 1.25, Math.max(0, (e.clientX - rect.left - LABEL) / (width - LABEL)));
        }}
      >
        <div style={{ height: AXIS + layout.rows.length * ROW, position: 'relative' }}>
          <canvas
            ref={canvas}
            data-testid="gantt-canvas"
            data-rows={layout.rows.length}
            style={{ position: 'sticky', top: 0, width, height, display: 'block' }}
            onClick={(e) => {
              const row = rowAt(e.clientY);
              if (!row) return;
              const rect = canvas.current!.getBoundingClientRect();
              const px = e.clientX - rect.left;
              if (px < LABEL) {
                if (row.group) toggle(row.group.name);
                else if (row.bars[0]) props.onSelect(row.bars[0].index);
                return;
              }
              const hit = row.bars.find(
                (b) => px >= x(b.start) - 2 && px <= Math.max(x(b.end), x(b.start) + 2) + 2,
              );
              if (hit) props.onSelect(hit.index);
            }}
          />
        </div>
      </div>
      <figcaption className="hint">
        {layout.rows.length.toLocaleString()} rows, {formatDuration(span)}. Ctrl + wheel zooms; click a bar to
        see its activity run.
      </figcaption>
    </figure>
  );
}
