// The quick-find's exact look-up beside the substring search: whatever is typed or pasted into
// the search box is also looked up exactly (FindTransfers), and the transfers whose id, txn id,
// hash or address it is are listed first, with the exact count and "See all N in Transfers".
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api';
import { type LookupHit, type TransferLookup, findTransfers } from './deskApi';
import { shorten, when } from './filters';
import { headline, matchedBy, moreNote, transfers } from './lookupWords';

/** The look-up of one value: pending, answered, or failed. */
export interface LookupState {
  /** The value looked up (trimmed); "" when the box is empty. */
  value: string;
  result?: TransferLookup;
  error?: string;
  loading: boolean;
  /** Still loading after SLOW_MS (the first look-up of a big profile loads its index). */
  slow?: boolean;
}

/** How long a look-up may take before the panel says it is under way. */
export const SLOW_MS = 400;

/** Looks text up exactly whenever it changes (and again when version does: after a sync or a
 * webhook, keeping the previous answer on screen meanwhile). run(value) looks a value up now — Enter on text the debounce has not sent yet —
 * and shares the request already under way for the same value. Only the latest request's
 * answer is kept, so a slow answer to an older text never replaces a newer one. */
export function useExactLookup(text: string, version: number) {
  const [state, setState] = useState<LookupState>({ value: '', loading: false });
  const last = useRef<{ value: string; version: number; p: Promise<TransferLookup> }>(undefined);

  const run = useCallback(
    (value: string): Promise<TransferLookup> => {
      const cur = last.current;
      if (cur && cur.value === value && cur.version === version) return cur.p;
      const p = findTransfers(value);
      last.current = { value, version, p };
      // Asked again for the same value (a sync or a webhook changed the data): the answer on
      // screen stays until the new one comes, so the list neither flickers nor loses its place.
      setState((s) => (s.value === value && s.result ? { ...s, loading: true } : { value, loading: true }));
      setTimeout(() => {
        if (last.current?.p === p) setState((s) => (s.loading && s.value === value ? { ...s, slow: true } : s));
      }, SLOW_MS);
      p.then(
        (result) => {
          if (last.current?.p === p) setState({ value, result, loading: false });
        },
        (e: unknown) => {
          if (last.current?.p !== p) return;
          last.current = undefined; // the next run asks again
          setState({ value, error: errorMessage(e), loading: false });
        },
      );
      return p;
    },
    [version],
  );

  useEffect(() => {
    if (!text) {
      last.current = undefined;
      setState({ value: '', loading: false });
      return;
    }
    run(text).catch(() => {}); // shown through state
  }, [text, run]);

  return { state, run };
}

/** The option ids of the panel's listbox (aria-activedescendant). */
export const optionId = (i: number) => `qf-opt-${i}`;

interface Props {
  state: LookupState;
  /** The active option: a hit's index, hits.length for "See all", -1 for none. */
  active: number;
  /** Whether the table below is searching for the text as a substring. */
  searching: boolean;
  onOpen: (hit: LookupHit) => void;
  onSeeAll: (r: TransferLookup) => void;
  onRetry: () => void;
  onActive: (i: number) => void;
}

/** The panel under the search box: the exact matches (status, amount, time, what matched),
 * the count, and "See all N in Transfers"; or a clear line that nothing matches exactly, or
 * the look-up's error with a retry. Options are picked with the mouse or, from the search box,
 * with the arrows and Enter; mouse-down keeps the focus in the box. */
export function ExactMatches({ state, active, searching, onOpen, onSeeAll, onRetry, onActive }: Props) {
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (active < 0) return;
    const el = listRef.current?.querySelector<HTMLElement>(`#${optionId(active)}`);
    el?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);

  if (state.error) {
    return (
      <div className="qf-panel qf-error" data-testid="qf-panel">
        <div role="alert" data-testid="qf-error">
          The exact look-up of “{shorten(state.value, 14, 10)}” failed: {state.error}
        </div>
        <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={onRetry}>
          Try again
        </button>
        {searching ? <span className="muted"> The table below still searches for it.</span> : null}
      </div>
    );
  }
  const r = state.result;
  if (!r) {
    return state.loading && state.slow ? (
      <div className="qf-panel" data-testid="qf-panel">
        <div className="qf-head muted" role="status" data-testid="qf-loading">
          Looking up “{shorten(state.value, 14, 10)}” exactly…
        </div>
      </div>
    ) : null;
  }
  const hits = r.hits ?? [];
  const more = moreNote(r);
  return (
    <div className="qf-panel" data-testid="qf-panel">
      <div className="qf-head" role="status" data-testid="qf-headline">
        <strong>{headline(r)}</strong>
        {more ? <span className="muted"> · {more}</span> : null}
        {r.total === 0 && searching ? <span className="muted"> — the table below shows the transfers that contain it, if any.</span> : null}
      </div>
      {r.total > 0 ? (
        <ul className="qf-list" role="listbox" id="qf-list" aria-label="Exact matches" ref={listRef}>
          {hits.map((h, i) => (
            <li
              key={h.row.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'qf-hit active' : 'qf-hit'}
              data-testid="qf-hit"
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => onActive(i)}
              onClick={() => onOpen(h)}
            >
              <span className={`pill status-${h.row.status}`}>{h.row.status}</span>
              <span className="qf-amount" title={`${h.row.amount} ${h.row.symbol}`}>
                {h.row.amount.toLocaleString('en-US', { maximumFractionDigits: 8 })} {h.row.symbol}
                <small className="muted">
                  {' '}
                  · {h.row.amountInFiat.toLocaleString('en-US', { maximumFractionDigits: 2 })} {h.row.fiatCurrency || 'USD'}
                </small>
              </span>
              <span className="qf-when">{when(h.row.createdTimestamp)} UTC</span>
              <span className="muted">{h.row.networkName}</span>
              <code title={h.row.id}>{shorten(h.row.id)}</code>
              <span className="qf-by muted">{matchedBy(h.fields)}</span>
            </li>
          ))}
          <li
            id={optionId(hits.length)}
            role="option"
            aria-selected={active === hits.length}
            className={active === hits.length ? 'qf-all active' : 'qf-all'}
            data-testid="qf-see-all"
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => onActive(hits.length)}
            onClick={() => onSeeAll(r)}
          >
            {r.total === 1 ? 'Show it in Transfers' : `See all ${transfers(r.total)} in Transfers`}
          </li>
        </ul>
      ) : null}
      {r.total > 0 ? (
        <div className="qf-keys muted">
          ↑↓ choose · Enter {r.total === 1 ? 'opens it' : 'opens the chosen one, or shows all'} · Esc hides this
        </div>
      ) : null}
    </div>
  );
}
