import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../../api';
import { type Column, VirtualTable } from '../../components/table/VirtualTable';
import { RowCache } from '../../components/table/rowCache';
import { TransferDetail } from '../TransferDetail/TransferDetail';
import {
  type SavedView,
  type SortField,
  type SyncProgress,
  type SyncStatus,
  type LookupHit,
  type TransferLookup,
  type TransferRow,
  type WebhookStatus,
  DeskEvents,
  applyView,
  deleteView,
  exportTransfers,
  onDesk,
  queryTransfers,
  saveView,
  savedViews,
  setSyncSettings,
  syncNow,
  syncStatus,
} from './deskApi';
import {
  type FilterState,
  type QueryFilter,
  STATUSES,
  emptyFilter,
  fromQueryFilter,
  isExact,
  queryKey,
  shorten,
  toQueryFilter,
  when,
} from './filters';
import { ExactMatches, optionId, useExactLookup } from './QuickFind';
import { looksExact } from './lookupWords';
import './transfers.css';

/** Rows per window fetched from Go; row height in pixels. */
export const WINDOW = 200;
export const ROW_HEIGHT = 30;

function CopyHash({ hash }: { hash: string }) {
  if (!hash) return null;
  return (
    <span className="hash">
      <code title={hash}>{shorten(hash)}</code>
      <button
        type="button"
        className="mini"
        aria-label="Copy hash"
        onClick={(e) => {
          e.stopPropagation();
          void navigator.clipboard?.writeText(hash);
        }}
      >
        copy
      </button>
    </span>
  );
}

const columns: Column<TransferRow>[] = [
  { id: 'status', label: 'Status', width: '104px', sortable: true, cell: (r) => <span className={`pill status-${r.status}`}>{r.status}</span> },
  { id: 'created', label: 'Created (UTC)', width: '142px', sortable: true, cell: (r) => when(r.createdTimestamp) },
  {
    id: 'amount',
    label: 'Amount',
    width: '190px',
    sortable: true,
    align: 'right',
    cell: (r) => (
      <span title={`${r.amount} ${r.symbol}`}>
        {r.amountInFiat.toLocaleString('en-US', { maximumFractionDigits: 2 })} {r.fiatCurrency || 'USD'}
        <small> · {r.amount.toLocaleString('en-US', { maximumFractionDigits: 6 })}</small>
      </span>
    ),
  },
  { id: 'symbol', label: 'Symbol', width: '70px', cell: (r) => r.symbol },
  { id: 'network', label: 'Network', width: '90px', cell: (r) => r.networkName },
  { id: 'source', label: 'Source', width: '110px', cell: (r) => r.fromName || r.fromType },
  { id: 'user', label: 'User', width: '120px', cell: (r) => <span title={r.userId}>{r.userId}</span> },
  { id: 'txn', label: 'Client txn id', width: '120px', cell: (r) => <span title={r.clientTransactionId}>{r.clientTransactionId}</span> },
  { id: 'hash', label: 'Hash', width: 'minmax(150px, 1fr)', cell: (r) => <CopyHash hash={r.hash} /> },
];

/** The transfer desk: sync, filters, saved views, export, the virtual table and the detail.
 * The search box is also the quick-find: its text is looked up exactly beside the substring
 * search (ExactMatches). focusSearch, when it changes, focuses the box (Ctrl-K from another
 * section). */
export function TransfersView({ focusSearch = 0 }: { focusSearch?: number }) {
  const [form, setForm] = useState<FilterState>(emptyFilter);
  const [pinned, setPinned] = useState<{ view: string; createdFrom?: number; createdTo?: number }>();
  const [sort, setSort] = useState<{ column: SortField; desc: boolean }>({ column: 'created', desc: true });
  const [total, setTotal] = useState(0);
  const [, setTick] = useState(0);
  const [selected, setSelected] = useState(-1);
  const [open, setOpen] = useState<string>();
  const [reveal, setReveal] = useState(0);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [views, setViews] = useState<SavedView[]>([]);
  const searchRef = useRef<HTMLInputElement>(null);

  // The search is sent once typing pauses (a query per keystroke is wasted over a million rows).
  const [search, setSearch] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setSearch(form.search), 250);
    return () => clearTimeout(t);
  }, [form.search]);
  const exact = isExact(form);
  const { filter, errors } = useMemo(() => {
    const r = toQueryFilter({ ...form, search });
    const f: QueryFilter = { ...r.filter };
    if (pinned?.createdFrom !== undefined && !form.from) f.createdFrom = pinned.createdFrom;
    if (pinned?.createdTo !== undefined && !form.to) f.createdTo = pinned.createdTo;
    return { filter: f, errors: r.errors };
  }, [form, search, pinned]);
  const key = queryKey(filter, sort.column, sort.desc);

  const [version, setVersion] = useState(0);
  useEffect(() => setSelected(-1), [key]);
  const cache = useMemo(() => {
    return new RowCache<TransferRow>(
      WINDOW,
      async (offset, limit) => {
        const w = await queryTransfers(filter, sort.column, sort.desc, offset, limit);
        return { rows: w.rows ?? [], total: w.total };
      },
      (t) => {
        if (t >= 0) {
          setTotal(t);
          setError(undefined);
        } else setError(cacheRef.current?.error(0) ?? 'A window of transfers could not be loaded');
        setTick((x) => x + 1);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, version]);
  const cacheRef = useRef(cache);
  cacheRef.current = cache;

  useEffect(() => {
    cache.ensure(0, WINDOW); // the first window brings the total
  }, [cache]);

  const onRange = useCallback((first: number, last: number) => cache.ensure(first, last), [cache]);
  const rowAt = useCallback((i: number) => cache.row(i), [cache]);

  const refresh = useCallback(() => {
    // Same query, fresh data (after a sync or a webhook).
    setVersion((v) => v + 1);
  }, []);

  // The exact look-up of the search box's text (not while the table shows one already). Text
  // that looks like one value (a pasted hash, address or id) is looked up at once, without the
  // search's pause: the look-up then reaches Go before the substring search, which over many
  // rows can hold the store's query index for a second, and answers in milliseconds.
  const typed = form.search.trim();
  const lookup = useExactLookup(exact ? '' : looksExact(typed) ? typed : search.trim(), version);
  // The chosen option of the panel (-1: none); the ref lets keys that come faster than
  // renders move from the latest choice.
  const [active, setActiveState] = useState(-1);
  const activeRef = useRef(-1);
  const setActive = useCallback((i: number) => {
    activeRef.current = i;
    setActiveState(i);
  }, []);
  const [dismissed, setDismissed] = useState<string>();
  const st = lookup.state;
  useEffect(() => setActive(-1), [st.value, setActive]);
  const panelShown =
    !exact &&
    st.value !== '' &&
    st.value === form.search.trim() &&
    dismissed !== st.value &&
    (!!st.error || (st.loading && !!st.slow) || (!!st.result && (st.result.total > 0 || looksExact(st.value))));
  const hits = (panelShown && st.result?.hits) || [];
  const options = panelShown && st.result && st.result.total > 0 ? hits.length + 1 : 0;

  useEffect(() => {
    if (!focusSearch) return;
    searchRef.current?.focus();
    searchRef.current?.select();
  }, [focusSearch]);

  useEffect(() => {
    savedViews().then(setViews, (e: unknown) => setError(errorMessage(e)));
  }, []);

  // Keyboard: Ctrl/Cmd-K focuses the search, Esc closes the detail.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (e.key === 'Escape' && open) {
        setOpen(undefined);
        document.querySelector<HTMLElement>('[data-testid=vt-body]')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  const set = (patch: Partial<FilterState>) => setForm((f) => ({ ...f, ...patch }));
  const onSort = (column: string) =>
    setSort((s) => ({ column: column as SortField, desc: s.column === column ? !s.desc : column !== 'status' }));

  const pickView = async (name: string) => {
    if (!name) {
      setForm(emptyFilter);
      setPinned(undefined);
      return;
    }
    try {
      const q = await applyView(name);
      const f = (q.filter ?? {}) as QueryFilter;
      setForm({ ...fromQueryFilter({ ...f, createdFrom: undefined, createdTo: undefined }) });
      setPinned({ view: q.name, createdFrom: f.createdFrom || undefined, createdTo: f.createdTo || undefined });
      setSort({ column: (q.sort || 'created') as SortField, desc: q.desc });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const saveCurrent = async () => {
    const name = window.prompt('Name of this view');
    if (!name) return;
    try {
      setViews(await saveView(name, { ...toQueryFilter(form).filter }, sort.column, sort.desc));
      setNotice(`Saved the view “${name.trim()}”.`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const doExport = async (format: 'csv' | 'json') => {
    try {
      const r = await exportTransfers(filter, sort.column, sort.desc, format);
      if (r.path) setNotice(`Exported ${r.count.toLocaleString()} transfers to ${r.path}.`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const openRow = (i: number) => {
    const r = cacheRef.current.row(i);
    if (r) setOpen(r.id);
  };

  // From the search box to the table's first row (opened with open).
  const toTable = (open: boolean) => {
    setSelected(0);
    setReveal((x) => x + 1);
    document.querySelector<HTMLElement>('[data-testid=vt-body]')?.focus();
    if (open) openRow(0);
  };

  const openHit = (h: LookupHit) => setOpen(h.row.id);

  // "See all N in Transfers": the table shows exactly the look-up's matches (its Match filter,
  // no other filter, so the total is the look-up's), the text staying in the search box.
  const seeAll = (r: TransferLookup) => {
    const value = r.filter?.match || r.value;
    setForm({ ...emptyFilter, search: value, match: value });
    setSearch(value);
    setPinned(undefined);
    setActive(-1);
  };

  // Enter in the search box: the chosen option; else one exact match opens, several are all
  // shown; else (nothing exact, or the look-up failed) the table's first row opens. Text the
  // debounce has not sent yet is looked up first, so a pasted hash and Enter open it at once.
  const onSearchEnter = async () => {
    const active = activeRef.current;
    if (active >= 0 && st.result && active < options) {
      const h = hits[active];
      if (h) openHit(h);
      else seeAll(st.result);
      return;
    }
    const text = form.search.trim();
    if (text && !exact) {
      const r = await lookup.run(text).catch(() => undefined);
      if (searchRef.current && searchRef.current.value.trim() !== text) return; // typed on meanwhile
      const only = r?.total === 1 ? r.hits?.[0] : undefined;
      if (only) return openHit(only);
      if (r && r.total > 1) return seeAll(r);
    }
    toTable(true);
  };

  const onSearchKey = (e: React.KeyboardEvent<HTMLInputElement>) => {
    const active = activeRef.current;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (active < options - 1) setActive(active + 1);
      else toTable(false);
    } else if (e.key === 'ArrowUp') {
      if (active >= 0) {
        e.preventDefault();
        setActive(active - 1);
      }
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void onSearchEnter();
    } else if (e.key === 'Escape' && panelShown) {
      // Hides the panel only; the next Esc closes the detail (the window's listener).
      e.preventDefault();
      e.stopPropagation();
      setDismissed(st.value);
      setActive(-1);
    }
  };

  return (
    <section className="view transfers" aria-labelledby="view-title">
      <div className="tr-top">
        <h1 id="view-title">Transfers</h1>
        <SyncBar onSynced={refresh} />
      </div>
      <div className="tr-filters" role="search">
        <label className="tr-search">
          <span className="sr">Search</span>
          <input
            ref={searchRef}
            type="search"
            placeholder="Search, or paste an id, hash or address… (Ctrl-K)"
            value={form.search}
            data-testid="search"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={options > 0}
            aria-controls={options > 0 ? 'qf-list' : undefined}
            aria-activedescendant={active >= 0 && active < options ? optionId(active) : undefined}
            onChange={(e) => set({ search: e.target.value })}
            onKeyDown={onSearchKey}
          />
          {errors.search && !panelShown ? <small className="field-error">{errors.search}</small> : null}
        </label>
        <fieldset className="tr-status">
          <legend className="sr">Status</legend>
          {STATUSES.map((s) => (
            <label key={s}>
              <input
                type="checkbox"
                checked={form.statuses.includes(s)}
                data-testid={`status-${s}`}
                onChange={(e) => set({ statuses: e.target.checked ? [...form.statuses, s] : form.statuses.filter((x) => x !== s) })}
              />
              {s}
            </label>
          ))}
        </fieldset>
        <FilterInput label="Network" value={form.networks} onChange={(v) => set({ networks: v })} placeholder="Ethereum, Solana" />
        <FilterInput label="Symbol" value={form.symbols} onChange={(v) => set({ symbols: v })} placeholder="USDC, ETH" />
        <FilterInput label="Source" value={form.sources} onChange={(v) => set({ sources: v })} placeholder="coinbase, deFiWallet" />
        <FilterInput label="User" value={form.userId} onChange={(v) => set({ userId: v })} />
        <FilterInput label="Sub-client" value={form.subClientId} onChange={(v) => set({ subClientId: v })} />
        <FilterInput label="Tags" value={form.tags} onChange={(v) => set({ tags: v })} placeholder="refund, chased" />
        <FilterInput label="From" value={form.from} onChange={(v) => set({ from: v })} placeholder="YYYY-MM-DD" error={errors.from} />
        <FilterInput label="To" value={form.to} onChange={(v) => set({ to: v })} placeholder="YYYY-MM-DD" error={errors.to} />
        <FilterInput label="Min fiat" value={form.minFiat} onChange={(v) => set({ minFiat: v })} error={errors.minFiat} />
        <FilterInput label="Max fiat" value={form.maxFiat} onChange={(v) => set({ maxFiat: v })} error={errors.maxFiat} />
      </div>
      {panelShown ? (
        <ExactMatches
          state={st}
          active={active}
          searching={!!filter.search}
          onOpen={openHit}
          onSeeAll={seeAll}
          onRetry={() => void lookup.run(st.value).catch(() => {})}
          onActive={setActive}
        />
      ) : null}
      {exact ? (
        <div className="qf-exact" data-testid="qf-exact">
          Every transfer whose id, client transaction id, hash or address is exactly <code title={form.match}>{shorten(form.match, 14, 10)}</code>
          <button type="button" onClick={() => set({ match: '' })}>
            Search for it as text instead
          </button>
        </div>
      ) : null}
      <div className="tr-actions">
        <label>
          View{' '}
          <select value={pinned?.view ?? ''} onChange={(e) => void pickView(e.target.value)} data-testid="views">
            <option value="">All transfers</option>
            {views.map((v) => (
              <option key={v.name} value={v.name}>
                {v.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void saveCurrent()}>
          Save view…
        </button>
        {pinned && !views.find((v) => v.name === pinned.view)?.builtIn ? (
          <button
            type="button"
            onClick={() =>
              deleteView(pinned.view).then(
                (vs) => {
                  setViews(vs);
                  setPinned(undefined);
                },
                (e: unknown) => setError(errorMessage(e)),
              )
            }
          >
            Delete view
          </button>
        ) : null}
        <button type="button" onClick={() => { setForm(emptyFilter); setPinned(undefined); }}>
          Clear filters
        </button>
        <span className="spacer" />
        <span data-testid="total" className="muted">
          {total.toLocaleString('en-US')} transfers
        </span>
        <button type="button" onClick={() => void doExport('csv')} data-testid="export-csv">
          Export CSV
        </button>
        <button type="button" onClick={() => void doExport('json')}>
          Export JSON
        </button>
      </div>
      {error ? <div className="error" role="alert">{error}</div> : null}
      {notice ? (
        <div className="notice" role="status" onClick={() => setNotice(undefined)}>
          {notice}
        </div>
      ) : null}
      <div className="tr-main">
        <VirtualTable
          label="Transfers"
          columns={columns}
          total={total}
          rowHeight={ROW_HEIGHT}
          rowAt={rowAt}
          rowKey={(r) => r.id}
          onRange={onRange}
          selected={selected}
          onSelect={setSelected}
          onOpen={openRow}
          sort={sort}
          onSort={onSort}
          revealToken={reveal}
          resetKey={key}
        />
        {open ? <TransferDetail id={open} onClose={() => setOpen(undefined)} /> : null}
      </div>
    </section>
  );
}

function FilterInput(p: { label: string; value: string; onChange: (v: string) => void; placeholder?: string; error?: string }) {
  return (
    <label className="tr-field">
      <span>{p.label}</span>
      <input value={p.value} placeholder={p.placeholder} onChange={(e) => p.onChange(e.target.value)} aria-invalid={!!p.error} />
      {p.error ? <small className="field-error">{p.error}</small> : null}
    </label>
  );
}

/** Sync now, the progress bar, the last-synced time, auto-sync and the webhook listener. */
function SyncBar({ onSynced }: { onSynced: () => void }) {
  const [st, setSt] = useState<SyncStatus>();
  const [progress, setProgress] = useState<SyncProgress>();
  const [hook, setHook] = useState<WebhookStatus>();
  const [addr, setAddr] = useState('');
  const [error, setError] = useState<string>();

  useEffect(() => {
    syncStatus().then(
      (s) => {
        setSt(s);
        setHook(s.webhook);
        setAddr(s.settings.webhookAddr);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
    const offs = [
      onDesk<SyncProgress>(DeskEvents.SyncProgress, (p) => {
        setProgress(p);
        setSt((s) => (s ? ({ ...s, running: true } as SyncStatus) : s));
      }),
      onDesk<SyncStatus>(DeskEvents.SyncDone, (s) => {
        setSt(s);
        setHook(s.webhook);
        setProgress(undefined);
        onSynced();
      }),
      onDesk<WebhookStatus>(DeskEvents.Webhook, (w) => {
        setHook(w);
        onSynced();
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [onSynced]);

  const change = async (patch: Partial<SyncStatus['settings']>) => {
    if (!st) return;
    try {
      const s = await setSyncSettings({ ...st.settings, ...patch });
      setSt(s);
      setHook(s.webhook);
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const pct = progress && progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : undefined;
  return (
    <div className="syncbar" data-testid="syncbar">
      <button
        type="button"
        data-testid="sync-now"
        disabled={st?.running}
        onClick={() =>
          syncNow().then(
            (s) => setSt(s),
            (e: unknown) => setError(errorMessage(e)),
          )
        }
      >
        {st?.running ? 'Syncing…' : 'Sync now'}
      </button>
      {st?.running ? (
        <progress max={100} value={pct} data-testid="sync-progress" aria-label="Sync progress">
          {pct ?? ''}
        </progress>
      ) : null}
      <span className="muted" data-testid="last-synced">
        {st?.lastSynced ? `Last synced ${st.lastSynced.replace('T', ' ').replace('Z', ' UTC')}` : 'Never synced'}
        {progress ? ` · ${progress.phase}: ${progress.transfers.toLocaleString()} transfers` : ''}
      </span>
      {st?.lastError ? <span className="field-error" title={st.lastError}>Last sync failed</span> : null}
      <label title="Minutes between background syncs (0: off)">
        Auto{' '}
        <select
          value={st?.settings.intervalMinutes ?? 15}
          onChange={(e) => void change({ intervalMinutes: Number(e.target.value) })}
          aria-label="Auto-sync interval"
        >
          {[0, 5, 15, 60, 240].map((m) => (
            <option key={m} value={m}>
              {m ? `every ${m} min` : 'off'}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={st?.settings.onFocus ?? true} onChange={(e) => void change({ onFocus: e.target.checked })} /> on focus
      </label>
      <span className="webhook" data-testid="webhook">
        <label>
          <input
            type="checkbox"
            checked={hook?.on ?? false}
            data-testid="webhook-on"
            onChange={(e) => void change({ webhookOn: e.target.checked, webhookAddr: addr })}
          />{' '}
          Webhooks
        </label>
        <input
          className="addr"
          value={addr}
          aria-label="Webhook listener address"
          onChange={(e) => setAddr(e.target.value)}
          onBlur={() => (hook?.on && addr !== st?.settings.webhookAddr ? void change({ webhookAddr: addr }) : undefined)}
        />
        {hook?.on ? (
          <span className="muted" data-testid="webhook-count" title={hook.url}>
            {hook.url} · {hook.received} received
          </span>
        ) : null}
      </span>
      {error || hook?.error ? <span className="field-error">{error || hook?.error}</span> : null}
    </div>
  );
}
