import type { GraphLayout } from './pipeline-graph-layout.js';

/** Edge colour per dependency condition, as ADF Studio draws them (green, red, blue, grey). */
export const CONDITION_COLOURS: Record<string, string> = {
  Succeeded: 'var(--ok)',
  Failed: 'var(--bad)',
  Completed: 'var(--busy)',
  Skipped: 'var(--muted)',
};

function Graph(props: { readonly g: GraphLayout; readonly x: number; readonly y: number }) {
  const at = new Map(props.g.nodes.map((n) => [n.name, n]));
  return (
    <g transform={`translate(${props.x},${props.y})`}>
      {props.g.edges.map((e, i) => {
        const a = at.get(e.from)!;
        const b = at.get(e.to)!;
        const x1 = a.x + a.w;
        const y1 = a.y + Math.min(a.h, 44) / 2 + (i % 3) * 3;
        const x2 = b.x;
        const y2 = b.y + Math.min(b.h, 44) / 2;
        const mid = (x1 + x2) / 2;
        return (
          <path
            key={`${e.from}-${e.to}-${e.condition}`}
            d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2 - 6},${y2}`}
            fill="none"
            stroke={CONDITION_COLOURS[e.condition] ?? 'var(--fg)'}
            strokeWidth={2}
            markerEnd="url(#arrow)"
            data-condition={e.condition}
          >
            <title>
              {e.from} → {e.to} on {e.condition}
            </title>
          </path>
        );
      })}
      {props.g.nodes.map((n) => (
        <g key={n.name} transform={`translate(${n.x},${n.y})`} data-activity={n.name}>
          <rect
            width={n.w}
            height={n.h}
            rx={6}
            className={n.branches.length > 0 ? 'node container' : 'node'}
          />
          <text x={8} y={17} className="node-name">
            {n.name.length > 26 ? `${n.name.slice(0, 25)}…` : n.name}
          </text>
          <text x={8} y={33} className="node-type">
            {n.type}
          </text>
          {n.branches.map((b) => (
            <g key={b.label}>
              <text x={b.dx} y={b.dy - 6} className="node-type">
                {b.label}
              </text>
              <Graph g={b.graph} x={b.dx} y={b.dy} />
            </g>
          ))}
        </g>
      ))}
    </g>
  );
}

/** A pipeline's activities and dependency edges as SVG; containers are boxes holding their inner activities. */
export function PipelineGraph(props: { readonly layout: GraphLayout; readonly name: string }) {
  const { w, h } = props.layout;
  return (
    <figure className="graph">
      <svg
        role="img"
        aria-label={`Activity graph of ${props.name}`}
        width={w + 20}
        height={h + 20}
        viewBox={`-10 -10 ${w + 20} ${h + 20}`}
      >
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="6"
            refY="5"
            markerWidth="6"
            markerHeight="6"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" fill="var(--fg)" />
          </marker>
        </defs>
        <Graph g={props.layout} x={0} y={0} />
      </svg>
      <figcaption className="legend">
        {Object.entries(CONDITION_COLOURS).map(([c, colour]) => (
          <span key={c}>
            <i style={{ background: colour }} aria-hidden="true" /> {c}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
