import { useVirtualizer } from '@tanstack/react-virtual';
import type { ReactNode } from 'react';
import { useRef } from 'react';

/** A column: header text, its CSS grid width, and how to draw a row's cell. */
export interface Column<T> {
  readonly header: string;
  readonly width: string;
  readonly cell: (row: T) => ReactNode;
}

/**
 * A table whose body draws only the rows in view (@tanstack/react-virtual), so a page of 1,000 runs or
 * 10,000 activity runs scrolls without building 10,000 DOM rows. ARIA grid roles keep it a table for
 * screen readers; rows are links or buttons inside cells, so Tab reaches them.
 */
export function VirtualTable<T>(props: {
  readonly label: string;
  readonly rows: readonly T[];
  readonly columns: readonly Column<T>[];
  readonly rowKey: (row: T) => string;
  readonly height?: number;
  readonly rowHeight?: number;
  readonly selected?: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const rowHeight = props.rowHeight ?? 34;
  const virtual = useVirtualizer({
    count: props.rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    // Before layout (first paint, tests without layout) draw a screenful rather than nothing.
    initialRect: { width: 1000, height: props.height ?? 560 },
  });
  const template = props.columns.map((c) => c.width).join(' ');
  return (
    <div className="vtable" role="table" aria-label={props.label} aria-rowcount={props.rows.length + 1}>
      <div className="vrow vhead" role="row" style={{ gridTemplateColumns: template }}>
        {props.columns.map((c) => (
          <span role="columnheader" key={c.header}>
            {c.header}
          </span>
        ))}
      </div>
      <div ref={scroller} className="vbody" style={{ maxHeight: props.height ?? 560 }}>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const row = props.rows[item.index]!;
            const key = props.rowKey(row);
            return (
              <div
                key={key}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={props.selected === undefined ? undefined : props.selected === key}
                className="vrow"
                style={{
                  gridTemplateColumns: template,
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: rowHeight,
                  transform: `translateY(${item.start}px)`,
                }}
              >
                {props.columns.map((c) => (
                  <span role="cell" key={c.header}>
                    {c.cell(row)}
                  </span>
                ))}
              </div>
            );
          })}
        </div>
      </div>
      {props.rows.length === 0 && <p className="empty">Nothing to show.</p>}
    </div>
  );
}
