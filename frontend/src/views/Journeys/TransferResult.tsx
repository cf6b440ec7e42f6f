import { useState } from 'react';
import { errorMessage } from '../../api';
import { ErrorBox } from '../../components/common/ErrorBox';
import { linkTransfer } from '../../link/desk';
import type { TransferFinishedPayload } from '../../link/meshLink';

/** onTransferFinished's result, shown the moment Link reports it, and its status at Mesh. */
export function TransferResult({ transfer }: { transfer: TransferFinishedPayload }) {
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<string>();
  const check = () => {
    if (!transfer.transferId) return;
    linkTransfer(transfer.transferId).then(
      (t) => setStatus(t.status ?? ''),
      (err: unknown) => setError(errorMessage(err)),
    );
  };
  return (
    <section className="card" data-testid="transfer-result" aria-label="Transfer result">
      <h3>Transfer {transfer.status === 'success' ? 'sent' : transfer.status}</h3>
      <dl className="form-grid">
        <dt>Amount</dt>
        <dd data-testid="result-amount">
          {transfer.amount} {transfer.symbol}
          {transfer.amountInFiat ? ` (≈ $${transfer.amountInFiat})` : ''}
        </dd>
        <dt>Network</dt>
        <dd>{transfer.networkName ?? transfer.networkId}</dd>
        <dt>To</dt>
        <dd>{transfer.toAddress}</dd>
        <dt>From</dt>
        <dd>{transfer.fromAddress}</dd>
        <dt>Transaction id</dt>
        <dd>{transfer.txId}</dd>
        <dt>Mesh transfer id</dt>
        <dd data-testid="result-transfer-id">{transfer.transferId ?? '—'}</dd>
        <dt>Refund address</dt>
        <dd>{transfer.refundAddress ?? '—'}</dd>
        <dt>Status at Mesh</dt>
        <dd data-testid="result-status">{status ?? 'pending until the history syncs'}</dd>
      </dl>
      {transfer.transferId && (
        <button type="button" onClick={check} data-testid="check-transfer">
          Check status now
        </button>
      )}
      <ErrorBox message={error} />
    </section>
  );
}
