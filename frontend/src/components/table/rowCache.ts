// A cache of fixed-size windows of rows fetched from Go: the table asks for the windows its
// visible rows need, the cache fetches the missing ones once (never twice at a time) and
// forgets the least recently used beyond a bound, so memory stays flat over a million rows.

import { windowsCovering } from './virtual';

/** What a fetch of one window returns: its rows and the list's total at that moment. */
export interface WindowPage<R> {
  rows: R[];
  total: number;
}

/** Caches windows of rows of one query. Make a new cache when the query changes. */
export class RowCache<R> {
  private windows = new Map<number, R[]>();
  private inflight = new Set<number>();
  private failed = new Map<number, string>();

  constructor(
    readonly windowSize: number,
    private fetchWindow: (offset: number, limit: number) => Promise<WindowPage<R>>,
    private onChange: (total: number) => void,
    readonly maxWindows = 40,
  ) {}

  /** The row at index, when its window is loaded. */
  row(index: number): R | undefined {
    const start = Math.floor(index / this.windowSize) * this.windowSize;
    const w = this.windows.get(start);
    if (!w) return undefined;
    // Refresh recency: Maps keep insertion order.
    this.windows.delete(start);
    this.windows.set(start, w);
    return w[index - start];
  }

  /** Why the window holding index failed to load, if it did. */
  error(index: number): string | undefined {
    return this.failed.get(Math.floor(index / this.windowSize) * this.windowSize);
  }

  /** How many windows are held (for tests and diagnostics). */
  get size(): number {
    return this.windows.size;
  }

  /** Fetches the windows rows [first, last) need and are not held or on their way. */
  ensure(first: number, last: number): void {
    for (const start of windowsCovering(first, last, this.windowSize)) {
      if (this.windows.has(start) || this.inflight.has(start)) continue;
      this.inflight.add(start);
      this.fetchWindow(start, this.windowSize).then(
        (page) => {
          this.inflight.delete(start);
          this.failed.delete(start);
          this.windows.set(start, page.rows);
          while (this.windows.size > this.maxWindows) {
            const oldest = this.windows.keys().next().value as number;
            this.windows.delete(oldest);
          }
          this.onChange(page.total);
        },
        (err: unknown) => {
          this.inflight.delete(start);
          this.failed.set(start, err instanceof Error ? err.message : String(err));
          this.onChange(-1);
        },
      );
    }
  }
}
