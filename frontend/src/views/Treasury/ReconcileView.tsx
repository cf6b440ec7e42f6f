import { useState } from 'react';
import { errorMessage } from '../../api';
import { type ReconcileReport, exportReconciliation, reconcile } from '../../api/treasury';
import { ErrorBox } from '../../components/common/ErrorBox';

/** The finding kinds of a report, with the words the view uses for them. */
export const KINDS: Record<string, string> = {
  status_mismatch: 'Status disagreements',
  unknown_transfer: 'Events for transfers the history lacks',
  no_event: 'Transfers that never got an event',
  duplicate: 'Duplicate deliveries',
};

/** YYYY-MM-DD of a date (UTC). */
export function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The reconciliation: over a date range, what the webhooks said against what the API's
 * history says; the findings grouped by kind, each opening its transfer; exportable as CSV. */
export function ReconcileView({ onOpen, now = () => new Date() }: { onOpen: (transferId: string) => void; now?: () => Date }) {
  const [from, setFrom] = useState(() => day(new Date(now().getTime() - 7 * 86400_000)));
  const [to, setTo] = useState(() => day(now()));
  const [report, setReport] = useState<ReconcileReport>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [offline, setOffline] = useState(false);

  const run = async () => {
    setBusy(true);
    setNotice(undefined);
    try {
      setReport(await reconcile(from, to, offline));
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const doExport = async () => {
    try {
      const r = await exportReconciliation(from, to, offline);
      if (r.path) setNotice(`Exported ${r.count.toLocaleString('en-US')} findings to ${r.path}.`);
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const items = report?.items ?? [];
  const groups = Object.keys(KINDS).concat([...new Set(items.map((c) => c.kind))].filter((k) => !(k in KINDS)));
  return (
    <div className="ty-list" data-testid="reconcile-view">
      <form
        className="ty-toolbar"
        aria-label="Reconciliation range"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label>
          From <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="rc-from" />
        </label>
        <label>
          To <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="rc-to" />
        </label>
        <label title="Compare with the last synced history instead of asking Mesh's API">
          <input type="checkbox" checked={offline} onChange={(e) => setOffline(e.target.checked)} data-testid="rc-offline" /> Offline (last sync)
        </label>
        <button type="submit" className="primary" disabled={busy} data-testid="rc-run">
          {busy ? 'Comparing…' : 'Reconcile'}
        </button>
        <button type="button" onClick={() => void doExport()} disabled={!report} data-testid="rc-export">
          Export CSV…
        </button>
      </form>
      <ErrorBox message={error} />
      {notice ? (
        <div className="notice" role="status">
          {notice}
        </div>
      ) : null}
      {report ? (
        <>
          <p className="muted" data-testid="rc-source">
            {report.from} – {report.to}, made {report.generatedAt}:{' '}
            {report.source === 'offline' ? `against the last synced history (synced ${report.syncedAt || 'never'})` : "against Mesh's live history"}.{' '}
            {report.webhooksSince ? `Webhooks received since ${report.webhooksSince}.` : 'No webhook has been received yet.'}
          </p>
          <p className="muted" data-testid="rc-summary">
            {report.summary.transfers} transfers, {report.summary.events} events, {report.summary.repeatedDeliveries} repeated deliveries
            {report.summary.beforeWebhooks ? `; ${report.summary.beforeWebhooks} transfers before the first webhook not flagged` : ''}
            {report.summary.tooRecent ? `; ${report.summary.tooRecent} too recent to expect an event` : ''}.
          </p>
          {!items.length ? <p data-testid="rc-clean">Webhooks and history agree: nothing to reconcile.</p> : null}
          {groups.map((k) => {
            const cases = items.filter((c) => c.kind === k);
            if (!cases.length) return null;
            return (
              <section key={k} className="ty-group" aria-label={KINDS[k] ?? k}>
                <h2>
                  {KINDS[k] ?? k} <span className="muted">({cases.length})</span>
                </h2>
                <table className="ty-table">
                  <thead>
                    <tr>
                      <th>Transfer</th>
                      <th>Webhook said</th>
                      <th>History says</th>
                      <th>Deliveries</th>
                      <th>Detail</th>
                    </tr>
                  </thead>
                  <tbody>
                    {cases.map((c, i) => (
                      <tr
                        key={`${c.transferId}-${i}`}
                        tabIndex={0}
                        className="ty-row"
                        onClick={() => onOpen(c.transferId)}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter') onOpen(c.transferId);
                        }}
                        data-testid="rc-case"
                      >
                        <td className="mono">{c.transferId}</td>
                        <td>{c.webhookStatus || '—'}</td>
                        <td>{c.historyStatus || '—'}</td>
                        <td>{c.count ?? ''}</td>
                        <td>{c.detail}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            );
          })}
        </>
      ) : null}
    </div>
  );
}
