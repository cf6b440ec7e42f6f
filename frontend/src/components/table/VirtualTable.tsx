import { type ReactNode, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { type Geometry, scrollToRow, spacerHeight, visibleRange } from './virtual';
import './table.css';

/** One column of the virtual table. */
export interface Column<R> {
  id: string;
  label: string;
  /** CSS width (e.g. '120px' or '1fr'). */
  width: string;
  /** Sortable columns show a sort button in the header. */
  sortable?: boolean;
  align?: 'left' | 'right';
  cell: (row: R) => ReactNode;
}

interface VirtualTableProps<R> {
  columns: Column<R>[];
  total: number;
  rowHeight: number;
  /** The row at index, or undefined while its window loads. */
  rowAt: (index: number) => R | undefined;
  rowKey: (row: R, index: number) => string;
  /** Called with the rows [first, last) the table is about to show. */
  onRange: (first: number, last: number) => void;
  selected: number;
  onSelect: (index: number) => void;
  onOpen: (index: number) => void;
  sort?: { column: string; desc: boolean };
  onSort?: (column: string) => void;
  /** Bumped by the parent to scroll the selection into view (e.g. after a jump). */
  revealToken?: number;
  /** A new value scrolls back to the top (a new query). */
  resetKey?: string;
  overscan?: number;
  label: string;
}

/** A table that renders only the rows in view over any number of rows (see virtual.ts). It is
 * a focusable grid: arrows, Page Up/Down, Home/End move the selection, Enter opens it. */
export function VirtualTable<R>(p: VirtualTableProps<R>) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(480);
  const g: Geometry = { total: p.total, rowHeight: p.rowHeight, viewport };
  const range = visibleRange(scrollTop, g, p.overscan ?? 8);
  const { onRange } = p;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setViewport(Math.max(p.rowHeight, el.clientHeight));
    measure();
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : undefined;
    ro?.observe(el);
    return () => ro?.disconnect();
  }, [p.rowHeight]);

  useEffect(() => {
    onRange(range.first, range.last);
  }, [range.first, range.last, onRange]);

  const reveal = useCallback(
    (index: number) => {
      const el = scroller.current;
      if (!el) return;
      const to = scrollToRow(index, el.scrollTop, { total: p.total, rowHeight: p.rowHeight, viewport: el.clientHeight || viewport });
      if (to !== undefined) {
        el.scrollTop = to;
        setScrollTop(el.scrollTop);
      }
    },
    [p.total, p.rowHeight, viewport],
  );

  useEffect(() => {
    if (p.revealToken !== undefined && p.selected >= 0) reveal(p.selected);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.revealToken]);

  useEffect(() => {
    const el = scroller.current;
    if (el && el.scrollTop !== 0) {
      el.scrollTop = 0;
      setScrollTop(0);
    }
  }, [p.resetKey]);

  const move = (index: number) => {
    if (p.total <= 0) return;
    const i = Math.min(Math.max(0, index), p.total - 1);
    p.onSelect(i);
    reveal(i);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const page = Math.max(1, Math.floor(viewport / p.rowHeight) - 1);
    const cur = p.selected < 0 ? range.first : p.selected;
    switch (e.key) {
      case 'ArrowDown':
        move(p.selected < 0 ? cur : cur + 1);
        break;
      case 'ArrowUp':
        move(cur - 1);
        break;
      case 'PageDown':
        move(cur + page);
        break;
      case 'PageUp':
        move(cur - page);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(p.total - 1);
        break;
      case 'Enter':
        if (p.selected >= 0) p.onOpen(p.selected);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const template = p.columns.map((c) => c.width).join(' ');
  const rows: ReactNode[] = [];
  for (let i = range.first; i < range.last; i++) {
    const r = p.rowAt(i);
    const top = range.top + (i - range.first) * p.rowHeight;
    rows.push(
      <div
        key={r !== undefined ? p.rowKey(r, i) : `loading-${i}`}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={i === p.selected}
        data-index={i}
        className={`vt-row${i === p.selected ? ' selected' : ''}${r !== undefined ? '' : ' loading'}`}
        style={{ top, height: p.rowHeight, gridTemplateColumns: template }}
        onClick={() => p.onSelect(i)}
        onDoubleClick={() => p.onOpen(i)}
      >
        {p.columns.map((c) => (
          <div key={c.id} role="gridcell" className={`vt-cell${c.align === 'right' ? ' right' : ''}`}>
            {r !== undefined ? c.cell(r) : c.id === p.columns[0]?.id ? '…' : ''}
          </div>
        ))}
      </div>,
    );
  }

  return (
    <div className="vt" role="grid" aria-label={p.label} aria-rowcount={p.total + 1}>
      <div className="vt-head" role="row" style={{ gridTemplateColumns: template }}>
        {p.columns.map((c) => (
          <div key={c.id} role="columnheader" className={`vt-cell${c.align === 'right' ? ' right' : ''}`}
            aria-sort={p.sort?.column === c.id ? (p.sort.desc ? 'descending' : 'ascending') : undefined}>
            {c.sortable && p.onSort ? (
              <button type="button" className="vt-sort" onClick={() => p.onSort?.(c.id)} data-testid={`sort-${c.id}`}>
                {c.label}
                {p.sort?.column === c.id ? (p.sort.desc ? ' ▼' : ' ▲') : ''}
              </button>
            ) : (
              c.label
            )}
          </div>
        ))}
      </div>
      <div
        ref={scroller}
        className="vt-body"
        tabIndex={0}
        data-testid="vt-body"
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
      >
        <div className="vt-spacer" style={{ height: spacerHeight(g) }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
