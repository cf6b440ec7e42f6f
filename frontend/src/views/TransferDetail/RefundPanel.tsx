import { useEffect, useState } from 'react';
import { errorMessage } from '../../api';
import { type RefundView, fieldErrors, refundRequest, setRefundState } from '../../api/treasury';
import { ErrorBox } from '../../components/common/ErrorBox';
import { FieldError } from '../../components/common/FieldError';
import { CopyButton } from './CopyButton';

/** Words for the refund states Go names. */
export const STATE_LABEL: Record<string, string> = {
  none: 'Not recorded',
  needed: 'Needed',
  sent: 'Sent',
  done: 'Done',
  not_needed: 'Not needed',
};

/** The words for a state. */
export function stateLabel(s: string): string {
  return STATE_LABEL[s] ?? s;
}

/** The Refund panel of a transfer: the payment request Go builds (standard and why, URI, QR,
 * address with its label, amount defaulting to what was received and editable), copy buttons,
 * the refund's state with its hash and note, a form to record the next state, and the state's
 * history. Every rule (URI, amount, hash format, transitions) is Go's; this shows its answers. */
export function RefundPanel({ transferId, onChanged }: { transferId: string; onChanged?: (v: RefundView) => void }) {
  const [view, setView] = useState<RefundView>();
  const [amount, setAmount] = useState('');
  const [amountError, setAmountError] = useState<Record<string, string>>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [next, setNext] = useState('');
  const [hash, setHash] = useState('');
  const [note, setNote] = useState('');
  const [markErrors, setMarkErrors] = useState<Record<string, string>>();
  const [saved, setSaved] = useState<string>();

  useEffect(() => {
    let live = true;
    setView(undefined);
    setError(undefined);
    refundRequest(transferId, '').then(
      (v) => {
        if (!live) return;
        setView(v);
        setAmount(v.amount);
        setNext(v.next?.[0] ?? '');
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [transferId]);

  /** Asks Go for the request at the typed amount; a field error keeps the last good request. */
  const applyAmount = async (value: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const v = await refundRequest(transferId, value.trim());
      setAmountError(undefined);
      setView(v);
      setAmount(v.amount);
    } catch (e) {
      const fe = fieldErrors(errorMessage(e));
      setAmountError(fe.amount || fe.address ? fe : { amount: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const record = async () => {
    if (!next) {
      setMarkErrors({ state: view?.next?.length ? 'Choose the refund state to record.' : `Nothing further to record: the refund is ${stateLabel(view?.state ?? 'none').toLowerCase()}.` });
      return;
    }
    setBusy(true);
    setSaved(undefined);
    try {
      const v = await setRefundState(transferId, next, hash.trim(), note.trim());
      setMarkErrors(undefined);
      // Keep the request the user is looking at (Go answers with the received amount's).
      setView((old) =>
        old ? { ...v, uri: old.uri, qr: old.qr, amount: old.amount, baseUnits: old.baseUnits, edited: old.edited, convertValues: v.convertValues } : v,
      );
      setHash('');
      setNote('');
      setNext(v.next?.[0] ?? '');
      setSaved(`Recorded: ${stateLabel(v.state)}.`);
      onChanged?.(v);
    } catch (e) {
      setMarkErrors(fieldErrors(errorMessage(e)));
    } finally {
      setBusy(false);
    }
  };

  if (error) return <ErrorBox message={error} testId="refund-error" />;
  if (!view) return <p className="muted">Building the payment request…</p>;
  const edited = amount.trim() !== view.amount;
  // Mesh's amountToReceive as sent ("" when absent): a refund net of fees.
  const net = view.receivedNet ?? '';
  return (
    <div className="rp" data-testid="refund-panel">
      <dl className="td-fields rp-facts">
        <dt>Asset</dt>
        <dd data-testid="refund-asset">{view.asset || '—'}</dd>
        <dt>Network</dt>
        <dd data-testid="refund-network">{view.network || '—'}</dd>
        {view.contract ? (
          <>
            <dt>Token contract</dt>
            <dd className="mono">{view.contract}</dd>
          </>
        ) : null}
        {view.chainId ? (
          <>
            <dt>Chain id</dt>
            <dd>{view.chainId}</dd>
          </>
        ) : null}
        <dt>To</dt>
        <dd className="mono">
          {view.addressLabel ? (
            <span className="rp-label" data-testid="refund-address-label">
              {view.addressLabel}
            </span>
          ) : null}{' '}
          <span data-testid="refund-panel-address">{view.address || '—'}</span>{' '}
          {view.address ? <CopyButton text={view.address} label="refund address" testId="copy-address" /> : null}
        </dd>
      </dl>
      <form
        className="rp-amount"
        onSubmit={(e) => {
          e.preventDefault();
          void applyAmount(amount);
        }}
      >
        <label htmlFor="rp-amount">Amount ({view.asset})</label>
        <div className="rp-row">
          <input
            id="rp-amount"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            aria-invalid={amountError?.amount ? true : undefined}
            data-testid="refund-amount"
          />
          <button type="submit" disabled={busy || !edited}>
            Update QR
          </button>
          <CopyButton text={view.amount} label="amount" testId="copy-amount" />
        </div>
        <FieldError errors={amountError} field="amount" />
        <FieldError errors={amountError} field="address" />
        <small className="muted" data-testid="refund-received">
          Received {view.received || '—'} {view.asset}
          {net && net !== view.received ? ` (${net} net of fees)` : null}
          {view.edited && view.received ? (
            <>
              {' · '}
              <button type="button" className="linklike" onClick={() => void applyAmount(view.received)}>
                use the received amount
              </button>
            </>
          ) : null}
          {net && net !== view.received && net !== view.amount ? (
            <>
              {' · '}
              <button type="button" className="linklike" onClick={() => void applyAmount(net)}>
                use the net amount
              </button>
            </>
          ) : null}
          {edited ? ' · press Enter to update the request' : null}
        </small>
      </form>
      {view.uri ? (
        <div className="rp-qr">
          <img src={view.qr} alt={`QR code of the payment request ${view.uri}`} width={196} height={196} data-testid="refund-request-qr" />
          <div>
            <p className="rp-standard" data-testid="refund-standard">
              <strong>{view.standard}</strong> — {view.reason}
            </p>
            <code className="rp-uri" data-testid="refund-uri">
              {view.uri}
            </code>{' '}
            <CopyButton text={view.uri} label="payment URI" testId="copy-uri" />
            <p className="muted rp-for">
              Requests {view.amount} {view.asset}.
            </p>
          </div>
        </div>
      ) : (
        <p className="rp-standard" data-testid="refund-no-address">
          {view.reason}
        </p>
      )}
      <section className="rp-state" aria-label="Refund state">
        <h4>
          State: <span className={`rp-badge rp-${view.state || 'none'}`} data-testid="refund-state">{stateLabel(view.state)}</span>
        </h4>
        {view.hash ? (
          <p className="mono">
            Refund hash <span data-testid="refund-hash">{view.hash}</span> <CopyButton text={view.hash} label="refund hash" />
          </p>
        ) : null}
        <form
          className="rp-mark"
          onSubmit={(e) => {
            e.preventDefault();
            void record();
          }}
        >
          <label>
            Record
            <select value={next} onChange={(e) => setNext(e.target.value)} data-testid="refund-next" disabled={!view.next?.length}>
              {view.next?.length ? null : <option value="">No further state</option>}
              {(view.next ?? []).map((s) => (
                <option key={s} value={s}>
                  {stateLabel(s)}
                </option>
              ))}
            </select>
          </label>
          <FieldError errors={markErrors} field="state" />
          {next === 'sent' || hash ? (
            <label>
              Refund transaction hash
              <input value={hash} onChange={(e) => setHash(e.target.value)} className="mono" spellCheck={false} data-testid="refund-hash-input" />
            </label>
          ) : null}
          <FieldError errors={markErrors} field="hash" />
          <label>
            Note (optional)
            <input value={note} onChange={(e) => setNote(e.target.value)} data-testid="refund-note-input" />
          </label>
          <FieldError errors={markErrors} field="note" />
          <FieldError errors={markErrors} field="form" />
          <div className="rp-row">
            <button type="submit" className="primary" disabled={busy} data-testid="refund-record">
              Record state
            </button>
            {saved ? (
              <span role="status" className="muted">
                {saved}
              </span>
            ) : null}
          </div>
        </form>
        {view.history.length ? (
          <ol className="rp-history" data-testid="refund-history" aria-label="Refund state history">
            {view.history.map((h, i) => (
              <li key={i}>
                <time>{h.at}</time> {h.actor}: {stateLabel(h.from)} → <strong>{stateLabel(h.to)}</strong>
                {h.hash ? <span className="mono"> {h.hash}</span> : null}
                {h.note ? <> — “{h.note}”</> : null}
              </li>
            ))}
          </ol>
        ) : null}
      </section>
    </div>
  );
}
