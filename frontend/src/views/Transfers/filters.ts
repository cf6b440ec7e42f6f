// The Transfers view's filter form and its mapping onto the store's TransferFilter (Go checks
// the result again; this only turns what the user typed into the query's shape and says early
// what cannot work). Dates are whole UTC days.

/** Statuses the store knows, in lifecycle order. */
export const STATUSES = ['pending', 'succeeded', 'failed'] as const;

/** The shortest search Go accepts (store.MinSearchLen). */
export const MIN_SEARCH = 3;

/** What the filter form holds: text as typed. */
export interface FilterState {
  search: string;
  statuses: string[];
  /** Comma-separated lists. */
  networks: string;
  symbols: string;
  sources: string;
  userId: string;
  subClientId: string;
  /** YYYY-MM-DD (UTC), inclusive. */
  from: string;
  to: string;
  minFiat: string;
  maxFiat: string;
  /** Comma-separated tags (treasury; Go normalises them). */
  tags: string;
  /** The exact look-up the search box's text is sent as (see all of a quick-find's matches);
   * it applies only while the search box still holds the same text. */
  match: string;
}

/** The query filter sent to Go (the JSON shape of store.TransferFilter). */
export interface QueryFilter {
  statuses?: string[];
  networks?: string[];
  symbols?: string[];
  brokerTypes?: string[];
  userId?: string;
  subClientId?: string;
  createdFrom?: number;
  createdTo?: number;
  minFiat?: number;
  maxFiat?: number;
  search?: string;
  tags?: string[];
  /** Exact look-up (store.TransferFilter.Match): id, txn id, hash or an address equals it. */
  match?: string;
}

/** No filter at all. */
export const emptyFilter: FilterState = {
  search: '',
  statuses: [],
  networks: '',
  symbols: '',
  sources: '',
  userId: '',
  subClientId: '',
  from: '',
  to: '',
  minFiat: '',
  maxFiat: '',
  tags: '',
  match: '',
};

function list(s: string): string[] | undefined {
  const items = s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  return items.length ? [...new Set(items)] : undefined;
}

/** Unix seconds of a YYYY-MM-DD day's start (or, with end, its last second), UTC. */
export function dayToUnix(day: string, end = false): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(ms);
  if (d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return undefined;
  return ms / 1000 + (end ? 86399 : 0);
}

/** The YYYY-MM-DD (UTC) of Unix seconds. */
export function unixToDay(s: number): string {
  return new Date(s * 1000).toISOString().slice(0, 10);
}

function money(s: string): number | undefined | null {
  const t = s.trim().replace(/[,_\s]/g, '');
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Whether the form sends its search box's text as an exact look-up (Match) rather than a
 * substring search: after "See all" of a quick-find, until the text is edited. */
export function isExact(f: FilterState): boolean {
  const m = f.match.trim();
  return m !== '' && m === f.search.trim();
}

/** The query filter of a form, and messages per field for what cannot be sent. A search
 * shorter than MIN_SEARCH is left out (with a message) rather than refused by Go. */
export function toQueryFilter(f: FilterState): { filter: QueryFilter; errors: Record<string, string> } {
  const out: QueryFilter = {};
  const errors: Record<string, string> = {};
  const search = f.search.trim();
  if (isExact(f)) out.match = search;
  else if (search.length >= MIN_SEARCH) out.search = search;
  else if (search !== '') errors.search = `Type at least ${MIN_SEARCH} characters to search`;
  const statuses = f.statuses.filter((s) => (STATUSES as readonly string[]).includes(s));
  if (statuses.length && statuses.length < STATUSES.length) out.statuses = statuses;
  out.networks = list(f.networks);
  out.symbols = list(f.symbols)?.map((s) => s.toUpperCase());
  out.brokerTypes = list(f.sources);
  if (f.userId.trim()) out.userId = f.userId.trim();
  if (f.subClientId.trim()) out.subClientId = f.subClientId.trim();
  out.tags = list(f.tags);
  if (f.from.trim()) {
    const v = dayToUnix(f.from);
    if (v === undefined) errors.from = 'Use a date like 2026-11-25';
    else out.createdFrom = v;
  }
  if (f.to.trim()) {
    const v = dayToUnix(f.to, true);
    if (v === undefined) errors.to = 'Use a date like 2026-11-25';
    else out.createdTo = v;
  }
  if (out.createdFrom !== undefined && out.createdTo !== undefined && out.createdFrom > out.createdTo) {
    errors.to = 'The end is before the start';
    delete out.createdTo;
  }
  const min = money(f.minFiat);
  const max = money(f.maxFiat);
  if (min === null) errors.minFiat = 'A number of at least 0';
  else if (min !== undefined) out.minFiat = min;
  if (max === null) errors.maxFiat = 'A number of at least 0';
  else if (max !== undefined) out.maxFiat = max;
  if (out.minFiat !== undefined && out.maxFiat !== undefined && out.minFiat > out.maxFiat) {
    errors.maxFiat = 'The maximum is below the minimum';
    delete out.maxFiat;
  }
  for (const k of Object.keys(out) as (keyof QueryFilter)[]) if (out[k] === undefined) delete out[k];
  return { filter: out, errors };
}

/** The form that shows a query filter (applying a saved view). */
export function fromQueryFilter(q: QueryFilter): FilterState {
  return {
    search: q.match || q.search || '',
    statuses: q.statuses ? [...q.statuses] : [],
    networks: (q.networks ?? []).join(', '),
    symbols: (q.symbols ?? []).join(', '),
    sources: (q.brokerTypes ?? []).join(', '),
    userId: q.userId ?? '',
    subClientId: q.subClientId ?? '',
    from: q.createdFrom ? unixToDay(q.createdFrom) : '',
    to: q.createdTo ? unixToDay(q.createdTo) : '',
    minFiat: q.minFiat !== undefined && q.minFiat !== null ? String(q.minFiat) : '',
    maxFiat: q.maxFiat !== undefined && q.maxFiat !== null ? String(q.maxFiat) : '',
    tags: (q.tags ?? []).join(', '),
    match: q.match ?? '',
  };
}

/** A stable key of a query (filter and sort): the row cache is per key. */
export function queryKey(filter: QueryFilter, sort: string, desc: boolean): string {
  return JSON.stringify([filter, sort, desc]);
}

/** Unix seconds as `YYYY-MM-DD HH:MM` (UTC); "" for 0. */
export function when(unix: number): string {
  return unix ? new Date(unix * 1000).toISOString().replace('T', ' ').slice(0, 16) : '';
}

/** The first and last characters of a long value (hashes, addresses, ids). */
export function shorten(s: string, head = 8, tail = 6): string {
  return s.length <= head + tail + 1 ? s : `${s.slice(0, head)}…${s.slice(-tail)}`;
}
