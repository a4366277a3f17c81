/** One series of (step, value) points. */
export interface Series {
  readonly name: string;
  readonly points: readonly { readonly step: number; readonly value: number }[];
}

const W = 640;
const H = 240;
const PAD = 40;
const COLOURS = ['var(--busy)', 'var(--warn)', 'var(--ok)', 'var(--bad)', 'var(--accent)'];

/** A small SVG line chart (metric history by step), one line per series, with a legend. */
export function LineChart(props: { readonly title: string; readonly series: readonly Series[] }) {
  const all = props.series.flatMap((s) => s.points);
  if (all.length === 0) return <p className="hint">No values for {props.title}.</p>;
  const minX = Math.min(...all.map((p) => p.step));
  const maxX = Math.max(...all.map((p) => p.step), minX + 1);
  const minY = Math.min(...all.map((p) => p.value));
  const maxY = Math.max(...all.map((p) => p.value), minY + 1e-9);
  const x = (v: number) => PAD + ((v - minX) / (maxX - minX)) * (W - 2 * PAD);
  const y = (v: number) => H - PAD + ((minY - v) / (maxY - minY)) * (H - 2 * PAD);
  return (
    <figure className="chart">
      <svg role="img" aria-label={`${props.title} by step`} viewBox={`0 0 ${W} ${H}`} width={W} height={H}>
        <line x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} stroke="var(--line)" />
        <line x1={PAD} y1={PAD} x2={PAD} y2={H - PAD} stroke="var(--line)" />
        <text x={4} y={PAD} className="node-type">
          {maxY.toPrecision(4)}
        </text>
        <text x={4} y={H - PAD} className="node-type">
          {minY.toPrecision(4)}
        </text>
        <text x={W - PAD} y={H - 8} className="node-type" textAnchor="end">
          step {maxX}
        </text>
        {props.series.map((s, i) => (
          <polyline
            key={s.name}
            data-series={s.name}
            fill="none"
            stroke={COLOURS[i % COLOURS.length]}
            strokeWidth={2}
            points={[...s.points]
              .sort((a, b) => a.step - b.step)
              .map((p) => `${x(p.step)},${y(p.value)}`)
              .join(' ')}
          />
        ))}
      </svg>
      <figcaption className="legend">
        {props.series.map((s, i) => (
          <span key={s.name}>
            <i style={{ background: COLOURS[i % COLOURS.length] }} aria-hidden="true" /> {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
