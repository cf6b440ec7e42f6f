import { useEffect, useState } from 'react';
import { errorMessage } from '../../api';
import { addressLabels } from '../../api/treasury';
import { type TransferDetail as Detail, getTransfer } from '../Transfers/deskApi';
import { CopyButton } from './CopyButton';
import { NotesTags } from './NotesTags';
import { RefundPanel } from './RefundPanel';
import './detail.css';
import '../Treasury/treasury.css';

function fmtAmount(n: number | undefined | null, unit?: string): string {
  if (n === undefined || n === null) return '—';
  return `${n.toLocaleString('en-US', { maximumFractionDigits: 8 })}${unit ? ` ${unit}` : ''}`;
}

function Field({ label, children, mono }: { label: string; children: React.ReactNode; mono?: boolean }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined}>{children || '—'}</dd>
    </>
  );
}

/** The detail pane of one transfer: every field, fees, funding methods, explorer link, and the
 * refund address with copy, a QR code and why it is the address to refund to. Esc closes it. */
export function TransferDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const [d, setD] = useState<Detail>();
  const [error, setError] = useState<string>();
  const [refunding, setRefunding] = useState(false);
  // The address book's labels of the refund and destination addresses ("" = none).
  const [labels, setLabels] = useState<{ refund: string; destination: string }>({ refund: '', destination: '' });

  useEffect(() => {
    let live = true;
    setD(undefined);
    setRefunding(false);
    setError(undefined);
    setLabels({ refund: '', destination: '' });
    getTransfer(id).then(
      (x) => {
        if (!live) return;
        setD(x);
        const t = x.transfer;
        addressLabels([
          { address: x.refundAddress, network: t.networkName ?? '' },
          { address: t.destinationAddress ?? '', network: t.networkName ?? '' },
        ]).then(
          (l) => live && setLabels({ refund: l?.[0] ?? '', destination: l?.[1] ?? '' }),
          () => {}, // labels are a courtesy: the addresses are shown either way
        );
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [id]);

  const t = d?.transfer;
  return (
    <aside className="td" aria-label="Transfer detail" data-testid="transfer-detail">
      <div className="td-head">
        <h2>Transfer</h2>
        <button type="button" onClick={onClose} aria-label="Close the detail (Esc)">
          ✕
        </button>
      </div>
      {error ? <div className="error" role="alert">{error}</div> : null}
      {!d && !error ? <p className="muted">Loading…</p> : null}
      {d && t ? (
        <>
          <section className={`td-status status-${t.status}`} data-testid="detail-status">
            <strong>{t.status}</strong> — {d.statusText}
          </section>
          <section className="td-refund" data-testid="refund">
            <div className="td-refund-head">
              <h3>Refund address</h3>
              <button
                type="button"
                className="td-refund-toggle"
                aria-expanded={refunding}
                aria-controls="td-refund-panel"
                onClick={() => setRefunding((r) => !r)}
                data-testid="refund-open"
              >
                {refunding ? 'Hide refund' : 'Refund…'}
              </button>
            </div>
            {d.refundAddress ? (
              <div className="td-refund-row">
                {/* While the Refund panel shows the payment request's QR, the address-only one is hidden:
                    one code on screen, the one to scan. */}
                {refunding ? null : (
                  <img src={d.refundQr} alt={`QR code of ${d.refundAddress}`} width={132} height={132} data-testid="refund-qr" />
                )}
                <div>
                  {labels.refund ? (
                    <span className="rp-label" data-testid="refund-label">
                      {labels.refund}
                    </span>
                  ) : null}{' '}
                  <code data-testid="refund-address">{d.refundAddress}</code> <CopyButton text={d.refundAddress} label="refund address" />
                  <p data-testid="refund-reason">{d.refundText}</p>
                </div>
              </div>
            ) : (
              <p data-testid="refund-reason">{d.refundText}</p>
            )}
            {refunding ? (
              <div id="td-refund-panel">
                <RefundPanel transferId={t.id} />
              </div>
            ) : null}
          </section>
          <NotesTags transferId={t.id} />
          <dl className="td-fields">
            <Field label="Id" mono>
              {t.id} <CopyButton text={t.id} label="id" />
            </Field>
            <Field label="Client transaction id" mono>{t.clientTransactionId}</Field>
            <Field label="Institution transaction id" mono>{t.institutionTransactionId}</Field>
            <Field label="User id" mono>{t.userId}</Field>
            <Field label="Type">{t.transferType}</Field>
            <Field label="Created">{d.createdAt}</Field>
            <Field label="Executed">{d.executedAt}</Field>
            <Field label="Amount">{fmtAmount(t.amount, t.symbol)}</Field>
            <Field label="Amount to receive">{fmtAmount(t.amountToReceive, t.symbol)}</Field>
            <Field label="Amount in fiat">{fmtAmount(t.amountInFiat, t.amountInFiatCurrencyCode)}</Field>
            <Field label="Source amount">{fmtAmount(t.sourceAmount, t.symbol)}</Field>
            <Field label="Destination amount">{fmtAmount(t.destinationAmount, t.symbol)}</Field>
            <Field label="Total fees (fiat)">{fmtAmount(t.totalFeesAmountInFiat, t.amountInFiatCurrencyCode)}</Field>
            <Field label="Fees included">{t.isFeeIncluded ? 'yes' : 'no'}</Field>
            <Field label="Network">{t.networkName}</Field>
            <Field label="Token contract" mono>{t.tokenAddress}</Field>
            <Field label="Source">
              {t.from ? `${t.from.name || t.from.type} (${d.sourceKind})` : d.sourceKind}
            </Field>
            <Field label="Hash" mono>
              {t.hash ? (
                <>
                  {t.hash} <CopyButton text={t.hash} label="hash" />
                </>
              ) : null}
            </Field>
            <Field label="Explorer">
              {d.explorerUrl ? (
                <a href={d.explorerUrl} target="_blank" rel="noreferrer noopener" data-testid="explorer-link">
                  View on a block explorer
                </a>
              ) : null}
            </Field>
            <Field label="Destination" mono>
              {t.destinationAddress ? (
                <>
                  {labels.destination ? <span className="rp-label">{labels.destination}</span> : null} {t.destinationAddress}
                </>
              ) : null}
            </Field>
            <Field label="Sub-client" mono>{t.subClientId}</Field>
            <Field label="First seen">{d.firstSeen}</Field>
            <Field label="Last change">{`${d.updated} (${d.source})`}</Field>
          </dl>
          <h3>Fees</h3>
          {d.fees.length ? (
            <table className="td-table">
              <tbody>
                {d.fees.map((f) => (
                  <tr key={f.kind}>
                    <td>{f.kind}</td>
                    <td>{fmtAmount(f.fee, f.currency)}</td>
                    <td>{fmtAmount(f.inFiat, t.amountInFiatCurrencyCode)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">Mesh reported no fees.</p>
          )}
          <h3>Funding methods</h3>
          {t.fundingMethods?.length ? (
            <table className="td-table">
              <tbody>
                {t.fundingMethods.map((f, i) => (
                  <tr key={i}>
                    <td>{f.type}</td>
                    <td>
                      {fmtAmount(f.fromAmount, f.fromSymbol)} → {fmtAmount(f.amount, f.toSymbol)}
                    </td>
                    <td>{f.paymentMethodType}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">Paid from an existing balance (no SmartFunding steps).</p>
          )}
          {d.history.length ? (
            <>
              <h3>Status history</h3>
              <ul className="td-history">
                {d.history.map((h, i) => (
                  <li key={i}>
                    {h.at}: {h.from} → {h.to} ({h.source})
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </aside>
  );
}
