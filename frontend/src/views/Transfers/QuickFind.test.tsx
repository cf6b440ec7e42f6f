import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../../wailsjs/go/main/App', () => ({
  QueryTransfers: vi.fn(),
  FindTransfers: vi.fn(),
  SyncStatus: vi.fn(),
  SavedViews: vi.fn(),
}));
// Runtime events (a webhook arriving), delivered by the test through `deliver`.
const listeners = new Map<string, (...data: unknown[]) => void>();
vi.mock('../../../wailsjs/runtime/runtime', () => ({
  EventsOn: (name: string, cb: (...data: unknown[]) => void) => {
    listeners.set(name, cb);
    return () => listeners.delete(name);
  },
  EventsOff: vi.fn(),
  EventsEmit: vi.fn(),
  WindowSetTitle: vi.fn(),
}));
const deliver = (name: string, data: unknown) => act(() => listeners.get(name)?.(data));
// The detail pane has tests of its own; here it only shows which transfer is open.
vi.mock('../TransferDetail/TransferDetail', async () => {
  const { createElement } = await import('react');
  return { TransferDetail: ({ id }: { id: string }) => createElement('div', { 'data-testid': 'transfer-detail' }, id) };
});

import * as Bound from '../../../wailsjs/go/main/App';
import type { main, store } from '../../../wailsjs/go/models';
import { TransfersView } from './TransfersView';

const T0 = Date.UTC(2026, 10, 25, 9, 30) / 1000;
const HASH = '0x7d4e0000000000000000000000000000000000000000000000000000000a3495';
const REFUND = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
const DEST = '0x3148000000000000000000000000000000cF98';

function row(i: number, p: Partial<store.TransferRow> = {}): store.TransferRow {
  return {
    tid: i, id: `tr-${String(i).padStart(4, '0')}-aaaa-bbbb`, clientTransactionId: `order-${i}`, userId: 'md-user-1',
    status: i % 3 === 0 ? 'failed' : 'succeeded', amountInFiat: 100 + i, fiatCurrency: 'USD', amount: 1.5 + i, symbol: 'USDC',
    networkName: 'Ethereum', fromId: '', fromType: 'coinbase', fromName: 'Coinbase', hash: `0x${i}`, destinationAddress: DEST,
    refundAddress: `0xr${i}`, subClientId: '', transferType: 'deposit', createdTimestamp: T0 - i * 60, firstSeen: '', updated: '', ...p,
  } as store.TransferRow;
}

function found(value: string, total: number, kind: string, rows: store.TransferRow[], fields: string[]): main.TransferLookup {
  return { value, total, kind, hits: rows.map((r) => ({ row: r, fields })), filter: { match: value } } as main.TransferLookup;
}

/** The table's answers: the matches for a Match filter, else three substring hits. */
let tableMatches: store.TransferRow[] = [];
let matchTotal = 0;
const substringRows = [row(7), row(8), row(9)];

beforeEach(() => {
  tableMatches = [];
  matchTotal = 0;
  vi.mocked(Bound.SyncStatus).mockResolvedValue({
    running: false, lastSynced: '', runs: 0, settings: { intervalMinutes: 0, onFocus: false, webhookOn: false, webhookAddr: '' },
    webhook: { on: false },
  } as unknown as main.SyncStatus);
  vi.mocked(Bound.SavedViews).mockResolvedValue([]);
  vi.mocked(Bound.QueryTransfers).mockImplementation(async (f: store.TransferFilter, w: main.TransferWindowRequest) => {
    const rows = f.match ? tableMatches : f.search ? substringRows : [...substringRows, row(10), row(11)];
    const total = f.match ? matchTotal : rows.length;
    return { rows: rows.slice(w.offset, w.offset + w.limit), total, offset: w.offset } as unknown as store.TransferWindow;
  });
});
afterEach(() => {
  cleanup();
  vi.resetAllMocks();
});

const box = () => screen.getByTestId('search') as HTMLInputElement;
const type = (v: string) => fireEvent.change(box(), { target: { value: v } });
const key = (k: string) => fireEvent.keyDown(box(), { key: k });
const headline = () => screen.getByTestId('qf-headline').textContent;
const lastFilter = () => vi.mocked(Bound.QueryTransfers).mock.calls.at(-1)?.[0];

async function renderView() {
  render(<TransfersView />);
  await waitFor(() => expect(screen.getByTestId('total').textContent).toBe('5 transfers'));
}

describe('quick-find: the exact look-up beside the search', () => {
  it('shows the one transfer a hash is on, with status, amount and time; Enter opens it', async () => {
    const t = row(42, { hash: HASH, status: 'pending', amount: 250, amountInFiat: 249.5, createdTimestamp: T0 });
    vi.mocked(Bound.FindTransfers).mockResolvedValue(found(HASH, 1, 'hash', [t], ['hash']));
    await renderView();
    type(`  ${HASH}  `);
    await waitFor(() => expect(headline()).toBe('1 transfer with this hash'));
    expect(Bound.FindTransfers).toHaveBeenCalledWith(HASH);
    const hit = screen.getByTestId('qf-hit');
    expect(within(hit).getByText('pending').className).toContain('status-pending');
    expect(hit.textContent).toContain('250 USDC');
    expect(hit.textContent).toContain('249.5 USD');
    expect(hit.textContent).toContain('2026-11-25 09:30 UTC');
    expect(hit.textContent).toContain('hash');
    expect(screen.getByTestId('qf-see-all').textContent).toBe('Show it in Transfers');
    key('Enter');
    await waitFor(() => expect(screen.getByTestId('transfer-detail').textContent).toBe(t.id));
  });

  it('a pasted value is looked up at once, before the substring search is sent', async () => {
    vi.mocked(Bound.FindTransfers).mockResolvedValue(found(REFUND, 1, 'refund address', [row(1)], ['refundAddress']));
    await renderView();
    const searches = () => vi.mocked(Bound.QueryTransfers).mock.calls.filter(([f]) => f.search === REFUND).length;
    type(REFUND);
    expect(Bound.FindTransfers).toHaveBeenCalledWith(REFUND); // no pause
    expect(searches()).toBe(0); // the substring search waits for typing to pause
    await waitFor(() => expect(headline()).toBe('1 transfer with this refund address'));
    await waitFor(() => expect(searches()).toBe(1));
  });

  it('Enter right after a paste opens the match without waiting for the search pause', async () => {
    const t = row(3, { hash: HASH });
    vi.mocked(Bound.FindTransfers).mockResolvedValue(found(HASH, 1, 'hash', [t], ['hash']));
    await renderView();
    type(HASH);
    key('Enter');
    await waitFor(() => expect(screen.getByTestId('transfer-detail').textContent).toBe(t.id));
    expect(Bound.FindTransfers).toHaveBeenCalledTimes(1); // the debounce's look-up shares it
  });

  it("lists a refund address's transfers; the arrows choose one, Enter opens it, Esc hides the list", async () => {
    const rows = [row(1), row(2), row(3)];
    vi.mocked(Bound.FindTransfers).mockResolvedValue(found(REFUND, 3, 'refund address', rows, ['refundAddress']));
    await renderView();
    box().focus();
    type(REFUND);
    await waitFor(() => expect(headline()).toBe('3 transfers with this refund address'));
    expect(screen.getAllByTestId('qf-hit')).toHaveLength(3);
    expect(box().getAttribute('aria-expanded')).toBe('true');
    key('ArrowDown');
    key('ArrowDown');
    expect(box().getAttribute('aria-activedescendant')).toBe('qf-opt-1');
    expect(screen.getAllByTestId('qf-hit')[1]!.getAttribute('aria-selected')).toBe('true');
    key('ArrowUp');
    key('ArrowDown');
    key('Enter');
    await waitFor(() => expect(screen.getByTestId('transfer-detail').textContent).toBe(rows[1]!.id));
    expect(document.activeElement).toBe(box()); // the next one is an arrow away
    key('Escape');
    expect(screen.queryByTestId('qf-panel')).toBeNull();
    expect(box().value).toBe(REFUND);
    expect(screen.getByTestId('transfer-detail')).toBeTruthy(); // Esc hid the list only
  });

  it('See all applies the Match filter alone: the table shows every match and the total', async () => {
    const rows = [row(1), row(2)];
    tableMatches = rows;
    matchTotal = 2;
    vi.mocked(Bound.FindTransfers).mockResolvedValue(found(REFUND, 2, 'refund address', rows, ['refundAddress']));
    await renderView();
    fireEvent.click(screen.getByTestId('status-failed'));
    type(REFUND);
    await waitFor(() => expect(screen.getByTestId('qf-see-all').textContent).toBe('See all 2 transfers in Transfers'));
    fireEvent.click(screen.getByTestId('qf-see-all'));
    await waitFor(() => expect(screen.getByTestId('total').textContent).toBe('2 transfers'));
    expect(lastFilter()).toEqual({ match: REFUND });
    expect((screen.getByTestId('status-failed') as HTMLInputElement).checked).toBe(false);
    expect(screen.getByTestId('qf-exact').textContent).toContain('exactly');
    expect(screen.queryByTestId('qf-panel')).toBeNull();
    expect(box().value).toBe(REFUND);
    // Back to a substring search of the same text.
    fireEvent.click(screen.getByRole('button', { name: 'Search for it as text instead' }));
    await waitFor(() => expect(lastFilter()).toEqual({ search: REFUND }));
    expect(screen.queryByTestId('qf-exact')).toBeNull();
  });

  it('over 50 matches: the newest 50 listed, the exact total said, Enter shows them all', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => row(i));
    tableMatches = rows;
    matchTotal = 1_234_567;
    vi.mocked(Bound.FindTransfers).mockResolvedValue(found(DEST, 1_234_567, 'destination address', rows, ['destinationAddress']));
    await renderView();
    type(DEST);
    await waitFor(() => expect(headline()).toBe('1,234,567 transfers with this destination address · the newest 50 are below'));
    expect(screen.getAllByTestId('qf-hit')).toHaveLength(50);
    expect(screen.getByTestId('qf-see-all').textContent).toBe('See all 1,234,567 transfers in Transfers');
    key('Enter');
    await waitFor(() => expect(screen.getByTestId('total').textContent).toBe('1,234,567 transfers'));
    expect(lastFilter()).toEqual({ match: DEST });
    expect(screen.queryByTestId('transfer-detail')).toBeNull(); // several: shown, none opened
  });

  it("says clearly when nothing matches exactly; Enter opens the substring search's first row", async () => {
    vi.mocked(Bound.FindTransfers).mockImplementation(async (v: string) => found(v, 0, '', [], []));
    await renderView();
    type('0x7d4e00000000');
    await waitFor(() =>
      expect(headline()).toBe('No transfer has the id, client transaction id, hash or address “0x7d4e00000000” — the table below shows the transfers that contain it, if any.'),
    );
    expect(screen.queryByTestId('qf-see-all')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('total').textContent).toBe('3 transfers'));
    key('Enter');
    await waitFor(() => expect(screen.getByTestId('transfer-detail').textContent).toBe(substringRows[0]!.id));
  });

  it('words that are no exact value get no "no match" line', async () => {
    vi.mocked(Bound.FindTransfers).mockImplementation(async (v: string) => found(v, 0, '', [], []));
    await renderView();
    type('Coinbase');
    await waitFor(() => expect(Bound.FindTransfers).toHaveBeenCalledWith('Coinbase'));
    await waitFor(() => expect(lastFilter()).toEqual({ search: 'Coinbase' }));
    expect(screen.queryByTestId('qf-panel')).toBeNull();
    type('USDC eth');
    await waitFor(() => expect(Bound.FindTransfers).toHaveBeenCalledWith('USDC eth'));
    expect(screen.queryByTestId('qf-panel')).toBeNull();
  });

  it("shows the look-up's error, keeps the text and the table's search, and retries", async () => {
    vi.mocked(Bound.FindTransfers).mockRejectedValueOnce('look up "0x5aAeb…": store: database is locked');
    await renderView();
    type(REFUND);
    await waitFor(() => expect(screen.getByTestId('qf-error').textContent).toContain('store: database is locked'));
    expect(box().value).toBe(REFUND);
    await waitFor(() => expect(lastFilter()).toEqual({ search: REFUND }));
    vi.mocked(Bound.FindTransfers).mockResolvedValue(found(REFUND, 1, 'refund address', [row(5)], ['refundAddress']));
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(headline()).toBe('1 transfer with this refund address'));
    expect(screen.queryByTestId('qf-error')).toBeNull();
  });

  it('says a slow look-up is under way, and Enter still opens its one match when it answers', async () => {
    let answer: (r: main.TransferLookup) => void = () => {};
    vi.mocked(Bound.FindTransfers).mockImplementation(() => new Promise((r) => (answer = r)));
    await renderView();
    box().focus();
    type(HASH);
    key('Enter');
    expect(screen.queryByTestId('qf-loading')).toBeNull(); // not for the first moments
    await waitFor(() => expect(screen.getByTestId('qf-loading').textContent).toBe('Looking up “0x7d4e00000000…00000a3495” exactly…'), {
      timeout: 3000,
    });
    const t = row(9, { hash: HASH });
    await act(async () => answer(found(HASH, 1, 'hash', [t], ['hash'])));
    await waitFor(() => expect(screen.getByTestId('transfer-detail').textContent).toBe(t.id));
    expect(screen.queryByTestId('qf-loading')).toBeNull();
    expect(headline()).toBe('1 transfer with this hash');
  });

  it('a webhook asks again; the list stays on screen and keeps the chosen row meanwhile', async () => {
    (window as { runtime?: object }).runtime = {};
    try {
      const rows = [row(1), row(2), row(3)];
      let again: (r: main.TransferLookup) => void = () => {};
      vi.mocked(Bound.FindTransfers)
        .mockResolvedValueOnce(found(REFUND, 3, 'refund address', rows, ['refundAddress']))
        .mockImplementationOnce(() => new Promise((r) => (again = r)));
      await renderView();
      box().focus();
      type(REFUND);
      await waitFor(() => expect(headline()).toBe('3 transfers with this refund address'));
      key('ArrowDown');
      key('ArrowDown');
      await deliver('webhook:event', { on: true, received: 1 });
      await waitFor(() => expect(Bound.FindTransfers).toHaveBeenCalledTimes(2));
      expect(headline()).toBe('3 transfers with this refund address'); // the old answer meanwhile
      expect(box().getAttribute('aria-activedescendant')).toBe('qf-opt-1');
      const newer = row(0, { refundAddress: REFUND });
      await act(async () => again(found(REFUND, 4, 'refund address', [newer, ...rows], ['refundAddress'])));
      expect(headline()).toBe('4 transfers with this refund address');
      expect(screen.getAllByTestId('qf-hit')).toHaveLength(4);
      expect(box().getAttribute('aria-activedescendant')).toBe('qf-opt-1');
    } finally {
      delete (window as { runtime?: object }).runtime;
    }
  });

  it('a slow answer to an earlier text never replaces the answer to the current one', async () => {
    let answerFirst: (r: main.TransferLookup) => void = () => {};
    vi.mocked(Bound.FindTransfers)
      .mockImplementationOnce(() => new Promise((r) => (answerFirst = r)))
      .mockResolvedValueOnce(found(HASH, 1, 'hash', [row(1)], ['hash']));
    await renderView();
    type(REFUND);
    await waitFor(() => expect(Bound.FindTransfers).toHaveBeenCalledWith(REFUND));
    type(HASH);
    await waitFor(() => expect(headline()).toBe('1 transfer with this hash'));
    await act(async () => answerFirst(found(REFUND, 3, 'refund address', [row(1), row(2), row(3)], ['refundAddress'])));
    expect(headline()).toBe('1 transfer with this hash');
  });

  it('Ctrl-K focuses the box and selects its text', async () => {
    await renderView();
    type('order-7');
    screen.getByTestId('vt-body').focus();
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    expect(document.activeElement).toBe(box());
    expect([box().selectionStart, box().selectionEnd]).toEqual([0, 7]);
  });
});
