import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/common/ConfirmDialog';
import { ErrorBox } from '../../components/common/ErrorBox';
import { type Account, type AccountDetails, accountBalances, accounts, checkAccount, disconnect } from '../../link/desk';

const when = (s: string) => (s ? new Date(s).toLocaleString() : '—');
const statusClass = (s: string) => `status-${s.replace(/\s+/g, '-')}`;

/** The connected accounts: broker, account, user, when connected and last used, health. */
export function AccountsView() {
  const [list, setList] = useState<Account[]>();
  const [user, setUser] = useState('');
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  const [details, setDetails] = useState<AccountDetails>();
  const [confirm, setConfirm] = useState<Account>();

  const load = useCallback(() => {
    accounts(user).then(setList, (err: unknown) => setError(errorMessage(err)));
  }, [user]);
  useEffect(load, [load]);

  const run = <T,>(p: Promise<T>, then: (v: T) => void) => {
    setError(undefined);
    setNote(undefined);
    p.then(then, (err: unknown) => setError(errorMessage(err)));
  };

  return (
    <section className="view" aria-labelledby="view-title">
      <h1 id="view-title">Accounts</h1>
      <div className="row">
        <input aria-label="Filter by user id" placeholder="Filter by Mesh user id" value={user} onChange={(e) => setUser(e.target.value)} />
        <button type="button" onClick={load}>
          Refresh
        </button>
      </div>
      <ErrorBox message={error} testId="accounts-error" quiet={list === undefined} />
      {note && <div className="notice">{note}</div>}
      {list && list.length === 0 && <p className="muted">No connected accounts yet: connect one in Connect.</p>}
      {list && list.length > 0 && (
        <table className="simple" data-testid="accounts-table">
          <thead>
            <tr>
              <th>Broker</th>
              <th>Account</th>
              <th>User id</th>
              <th>Connected</th>
              <th>Last used</th>
              <th>Health</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr key={a.id} data-testid={`account-${a.id}`}>
                <td>{a.brokerName}</td>
                <td>
                  {a.accountName || '—'} <span className="muted">{a.accountId}</span>
                </td>
                <td>{a.userId}</td>
                <td>{when(a.connectedAt)}</td>
                <td>{when(a.lastUsedAt)}</td>
                <td className={statusClass(a.status)} title={a.healthDetail} data-testid="account-status">
                  {a.status}
                  {a.healthDetail && a.status !== 'waiting for the exchange' ? ` — ${a.healthDetail}` : ''}
                </td>
                <td className="row">
                  <button type="button" onClick={() => run(checkAccount(a.id), () => load())}>
                    Check
                  </button>
                  <button type="button" disabled={a.delayedAuth} onClick={() => run(accountBalances(a.id), setDetails)}>
                    Balances
                  </button>
                  <button type="button" onClick={() => setConfirm(a)} data-testid="disconnect">
                    Disconnect
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {details && <Details d={details} onClose={() => setDetails(undefined)} />}
      {confirm && (
        <ConfirmDialog
          title={`Disconnect ${confirm.brokerName}?`}
          confirmLabel="Disconnect"
          onCancel={() => setConfirm(undefined)}
          onConfirm={() => {
            const a = confirm;
            setConfirm(undefined);
            run(disconnect(a.id), (r) => {
              setNote(
                r.meshNotified
                  ? `${a.brokerName} disconnected; Mesh was told.`
                  : `${a.brokerName} removed from Mesh Desk; Mesh was not told: ${r.meshMessage ?? ''}`,
              );
              load();
            });
          }}
        >
          <p>Its tokens are deleted from the keychain and Mesh is asked to revoke them.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function Details({ d, onClose }: { d: AccountDetails; onClose: () => void }) {
  const positions = d.holdings?.cryptocurrencyPositions ?? [];
  return (
    <section className="card" aria-label="Balances and holdings" data-testid="account-details">
      <div className="row">
        <h3>
          {d.account.brokerName} {d.account.accountName}
        </h3>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <ErrorBox message={d.error} />
      {d.balance && (
        <p>
          Cash: {d.balance.totalCashUsdValue ?? '—'} USD · Buying power: {d.balance.totalBuyingPowerUsdValue ?? '—'} USD
        </p>
      )}
      <table className="simple">
        <thead>
          <tr>
            <th>Symbol</th>
            <th>Amount</th>
            <th>Value (USD)</th>
          </tr>
        </thead>
        <tbody>
          {positions.map((p, i) => (
            <tr key={i}>
              <td>{p.symbol}</td>
              <td>{p.amount}</td>
              <td>{p.marketValue ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
