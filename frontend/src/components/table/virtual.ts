// The windowing math of the virtual table. The scroll container holds one spacer whose height
// stands for every row (total × rowHeight), capped at maxSpacer because browsers cannot size
// an element past a few million pixels (Chromium ~33.5M, Firefox ~17.9M, WebKit less): when the
// list is taller than the cap, a scroll position maps linearly onto the list (scaled), so the
// scrollbar still reaches every row. Only the rows in view (plus an overscan) are in the DOM,
// positioned inside the spacer where the viewport shows them.

/** The tallest spacer the table makes (pixels); safely under every engine's limit. */
export const MAX_SPACER_PX = 8_000_000;

/** The geometry of one table: rows, their height, the viewport's height. */
export interface Geometry {
  total: number;
  rowHeight: number;
  viewport: number;
  /** The spacer cap (default MAX_SPACER_PX); tests use small caps. */
  maxSpacer?: number;
}

/** The spacer's height: every row, or the cap. */
export function spacerHeight(g: Geometry): number {
  return Math.min(Math.max(0, g.total) * g.rowHeight, g.maxSpacer ?? MAX_SPACER_PX);
}

/** How far the content and the scrollbar can move (never negative). */
function ranges(g: Geometry): { content: number; scroll: number } {
  const content = Math.max(0, g.total * g.rowHeight - g.viewport);
  const scroll = Math.max(0, spacerHeight(g) - g.viewport);
  return { content, scroll };
}

/** The content offset (pixels into the full, unscaled list) a scroll position shows. */
export function contentOffset(scrollTop: number, g: Geometry): number {
  const { content, scroll } = ranges(g);
  if (scroll <= 0) return 0;
  const top = Math.min(Math.max(0, scrollTop), scroll);
  return content === scroll ? top : (top / scroll) * content;
}

/** The scroll position that shows the content offset (the inverse of contentOffset). */
export function scrollTopFor(offset: number, g: Geometry): number {
  const { content, scroll } = ranges(g);
  if (content <= 0) return 0;
  const o = Math.min(Math.max(0, offset), content);
  return content === scroll ? o : (o / content) * scroll;
}

/** The rows to render and where: [first, last) and the y of row `first` inside the spacer. */
export interface VisibleRange {
  first: number;
  last: number;
  /** Where row `first` goes, in spacer pixels (its top). */
  top: number;
}

/** The rows in view at scrollTop, widened by overscan rows each side. */
export function visibleRange(scrollTop: number, g: Geometry, overscan = 10): VisibleRange {
  if (g.total <= 0 || g.rowHeight <= 0) return { first: 0, last: 0, top: 0 };
  const { scroll } = ranges(g);
  const top = Math.min(Math.max(0, scrollTop), scroll);
  const offset = contentOffset(top, g);
  const firstVisible = Math.min(g.total - 1, Math.floor(offset / g.rowHeight));
  const inView = Math.ceil(g.viewport / g.rowHeight) + 1;
  const first = Math.max(0, firstVisible - overscan);
  const last = Math.min(g.total, firstVisible + inView + overscan);
  // Row firstVisible's top is (firstVisible*rowHeight - offset) below the viewport's top,
  // which sits at `top` in spacer pixels.
  const y = top + (first * g.rowHeight - offset);
  return { first, last, top: y };
}

/** The scroll position that brings row `index` fully into view, moving as little as possible
 * from scrollTop (undefined when it is already in view). */
export function scrollToRow(index: number, scrollTop: number, g: Geometry): number | undefined {
  if (g.total <= 0) return undefined;
  const i = Math.min(Math.max(0, index), g.total - 1);
  const offset = contentOffset(scrollTop, g);
  const rowTop = i * g.rowHeight;
  if (rowTop < offset) return scrollTopFor(rowTop, g);
  if (rowTop + g.rowHeight > offset + g.viewport) return scrollTopFor(rowTop + g.rowHeight - g.viewport, g);
  return undefined;
}

/** The starts of the fixed-size windows that cover rows [first, last). */
export function windowsCovering(first: number, last: number, size: number): number[] {
  if (last <= first || size <= 0) return [];
  const out: number[] = [];
  for (let s = Math.floor(first / size) * size; s < last; s += size) out.push(s);
  return out;
}
