import { describe, expect, it } from 'vitest';
import { RowCache } from './rowCache';
import { MAX_SPACER_PX, contentOffset, scrollToRow, scrollTopFor, spacerHeight, visibleRange, windowsCovering } from './virtual';

const small = { total: 100, rowHeight: 30, viewport: 300 };
const million = { total: 1_000_000, rowHeight: 30, viewport: 600 };

describe('spacerHeight', () => {
  it.each([
    [{ total: 0, rowHeight: 30, viewport: 300 }, 0],
    [small, 3000],
    [million, MAX_SPACER_PX],
    [{ ...small, maxSpacer: 1000 }, 1000],
  ])('%j → %d', (g, want) => expect(spacerHeight(g)).toBe(want));
});

describe('visibleRange', () => {
  it('keeps the DOM to a viewport and the overscan, anywhere in a million rows', () => {
    for (const top of [0, 1234, MAX_SPACER_PX / 2, MAX_SPACER_PX - 600, MAX_SPACER_PX * 2]) {
      const r = visibleRange(top, million, 10);
      expect(r.last - r.first).toBeLessThanOrEqual(Math.ceil(600 / 30) + 1 + 20);
      expect(r.first).toBeGreaterThanOrEqual(0);
      expect(r.last).toBeLessThanOrEqual(1_000_000);
    }
  });
  it('reaches the first and the last row with the scrollbar at its ends', () => {
    expect(visibleRange(0, million, 0).first).toBe(0);
    const end = visibleRange(MAX_SPACER_PX - 600, million, 0);
    expect(end.last).toBe(1_000_000);
    // The last row's bottom is the viewport's bottom.
    expect(end.top + (end.last - end.first) * 30).toBeCloseTo(MAX_SPACER_PX, 0);
  });
  it('maps the middle of the scrollbar to the middle of the list', () => {
    const mid = visibleRange((MAX_SPACER_PX - 600) / 2, million, 0);
    expect(Math.abs(mid.first - (1_000_000 - 20) / 2)).toBeLessThan(2);
  });
  it('is unscaled when the list fits: a row is where its index says', () => {
    const r = visibleRange(95, small, 2);
    expect(r.first).toBe(1); // row 3 is first visible, minus 2 overscan
    expect(r.top).toBe(30);
    expect(r.last).toBe(Math.min(100, 3 + 11 + 2));
  });
  it('handles an empty list and clamps a scroll past the end', () => {
    expect(visibleRange(50, { total: 0, rowHeight: 30, viewport: 300 })).toEqual({ first: 0, last: 0, top: 0 });
    expect(visibleRange(1e9, small, 0).last).toBe(100);
  });
});

describe('scroll ↔ content offset', () => {
  it('are inverses, scaled and unscaled', () => {
    for (const g of [small, million]) {
      for (const off of [0, 1000, 2000]) expect(contentOffset(scrollTopFor(off, g), g)).toBeCloseTo(off, 3);
    }
  });
  it('scrollToRow moves only when the row is out of view', () => {
    expect(scrollToRow(5, 0, small)).toBeUndefined();
    expect(scrollToRow(10, 0, small)).toBe(30); // row 10's bottom at the viewport's bottom
    expect(scrollToRow(2, 300, small)).toBe(60);
    const far = scrollToRow(999_999, 0, million)!;
    expect(visibleRange(far, million, 0).last).toBe(1_000_000);
    const mid = scrollToRow(500_000, 0, million)!;
    const r = visibleRange(mid, million, 0);
    expect(r.first).toBeLessThanOrEqual(500_000);
    expect(r.last).toBeGreaterThan(500_000);
  });
});

describe('windowsCovering', () => {
  it.each([
    [0, 10, 200, [0]],
    [190, 230, 200, [0, 200]],
    [400, 400, 200, []],
    [999_990, 1_000_000, 200, [999_800]],
  ])('[%d,%d) size %d → %j', (a, b, size, want) => expect(windowsCovering(a, b, size)).toEqual(want));
});

describe('RowCache', () => {
  it('fetches each window once, serves rows, and forgets the oldest beyond its bound', async () => {
    const calls: number[] = [];
    const totals: number[] = [];
    const cache = new RowCache<number>(
      10,
      async (offset, limit) => {
        calls.push(offset);
        return { rows: Array.from({ length: limit }, (_, i) => offset + i), total: 1000 };
      },
      (t) => totals.push(t),
      3,
    );
    cache.ensure(0, 25);
    cache.ensure(5, 15); // in flight: not fetched again
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual([0, 10, 20]);
    expect(cache.row(12)).toBe(12);
    expect(totals).toEqual([1000, 1000, 1000]);
    cache.ensure(500, 505);
    await new Promise((r) => setTimeout(r, 0));
    expect(cache.size).toBe(3);
    expect(cache.row(0)).toBeUndefined(); // the least recently used went
    expect(cache.row(503)).toBe(503);
  });
  it('reports a failed window and tries it again later', async () => {
    let fail = true;
    const changes: number[] = [];
    const cache = new RowCache<number>(
      10,
      async () => {
        if (fail) throw new Error('database busy');
        return { rows: [1], total: 1 };
      },
      (t) => changes.push(t),
    );
    cache.ensure(0, 1);
    await new Promise((r) => setTimeout(r, 0));
    expect(changes).toEqual([-1]);
    expect(cache.error(0)).toBe('database busy');
    fail = false;
    cache.ensure(0, 1);
    await new Promise((r) => setTimeout(r, 0));
    expect(cache.row(0)).toBe(1);
    expect(cache.error(0)).toBeUndefined();
  });
});
