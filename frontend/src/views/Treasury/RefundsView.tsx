import { useEffect, useState } from 'react';
import { errorMessage } from '../../api';
import { type RefundItem, refundQueue } from '../../api/treasury';
import { ErrorBox } from '../../components/common/ErrorBox';
import { stateLabel } from '../TransferDetail/RefundPanel';

/** The queue's state filter: each choice is the states Go is asked for. */
export const QUEUE_FILTERS = [
  { id: 'open', label: 'Open (needed or sent)', states: ['needed', 'sent'] },
  { id: 'needed', label: 'Needed', states: ['needed'] },
  { id: 'sent', label: 'Sent', states: ['sent'] },
  { id: 'done', label: 'Done', states: ['done'] },
  { id: 'not_needed', label: 'Not needed', states: ['not_needed'] },
  { id: 'all', label: 'Any state', states: [] },
] as const;

/** The refunds queue: transfers with a recorded refund state (open ones first by default),
 * each opening its detail (click or Enter). */
export function RefundsView({ onOpen }: { onOpen: (transferId: string) => void }) {
  const [filter, setFilter] = useState<string>('open');
  const [rows, setRows] = useState<RefundItem[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    setRows(undefined);
    refundQueue([...(QUEUE_FILTERS.find((f) => f.id === filter)?.states ?? [])]).then(
      (r) => {
        if (!live) return;
        setRows(r ?? []);
        setError(undefined);
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [filter]);

  return (
    <div className="ty-list" data-testid="refunds-view">
      <div className="ty-toolbar">
        <label>
          State{' '}
          <select value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="refunds-state">
            {QUEUE_FILTERS.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        {rows ? <span className="muted">{rows.length} transfers</span> : null}
      </div>
      <ErrorBox message={error} />
      {rows && !rows.length ? <p className="muted">No transfer has this refund state. Record one from a transfer's detail (Refund…).</p> : null}
      {rows?.length ? (
        <table className="ty-table">
          <thead>
            <tr>
              <th>State</th>
              <th>Transfer</th>
              <th>Received</th>
              <th>Refund to</th>
              <th>Changed</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.transferId}
                tabIndex={0}
                className="ty-row"
                onClick={() => onOpen(r.transferId)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') onOpen(r.transferId);
                }}
                data-testid="refund-row"
              >
                <td>
                  <span className={`rp-badge rp-${r.state}`}>{r.stateLabel || stateLabel(r.state)}</span>
                </td>
                <td className="mono" title={r.transferId}>
                  {r.transferId}
                </td>
                <td>
                  {r.received} {r.asset} <span className="muted">{r.network}</span>
                </td>
                <td className="mono">
                  {r.addressLabel ? <span className="rp-label">{r.addressLabel}</span> : null} {r.refundAddress}
                  {r.hash ? <div className="muted">refund {r.hash}</div> : null}
                </td>
                <td>{r.updatedAt}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
