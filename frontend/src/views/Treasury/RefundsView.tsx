import { useEffect, useState } from 'react';
import { errorMessage } from '../../api';
import { type RefundItem, type RefundState, refundQueue } from '../../api/treasury';
import { ErrorBox } from '../../components/common/ErrorBox';
import { REFUND_STATES, stateLabel } from '../TransferDetail/RefundPanel';

/** The refunds queue: transfers with a recorded refund state (open ones first by default),
 * each opening its detail (click or Enter). */
export function RefundsView({ onOpen }: { onOpen: (transferId: string) => void }) {
  const [state, setState] = useState<RefundState>('needed');
  const [rows, setRows] = useState<RefundItem[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    setRows(undefined);
    refundQueue(state).then(
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
  }, [state]);

  return (
    <div className="ty-list" data-testid="refunds-view">
      <div className="ty-toolbar">
        <label>
          State{' '}
          <select value={state} onChange={(e) => setState(e.target.value as RefundState)} data-testid="refunds-state">
            {REFUND_STATES.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
            <option value="">Any state</option>
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
              <th>Amount</th>
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
                  <span className={`rp-badge rp-${r.state}`}>{stateLabel(r.state)}</span>
                </td>
                <td className="mono" title={r.transferId}>
                  {r.transferId}
                </td>
                <td>
                  {r.amount} {r.asset} <span className="muted">{r.network}</span>
                </td>
                <td className="mono">
                  {r.addressLabel ? <span className="rp-label">{r.addressLabel}</span> : null} {r.address}
                </td>
                <td>
                  {r.updatedAt} <span className="muted">{r.user}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
