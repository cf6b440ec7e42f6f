import { useState } from 'react';
import { errorMessage } from '../../api';
import { ErrorBox } from '../../components/common/ErrorBox';
import { type Account, type DepositAddress, type NetworkView, depositAddress } from '../../link/desk';

/** After a withdrawal connect: where the user can send funds to the connected account. */
export function WithdrawalAddresses({ accounts, networks }: { accounts: Account[]; networks: NetworkView[] }) {
  return (
    <section className="card" aria-label="Deposit addresses">
      <h3>Deposit addresses of the connected account</h3>
      {accounts.map((a) => (
        <AccountAddress key={a.id} account={a} networks={networks} />
      ))}
    </section>
  );
}

function AccountAddress({ account, networks }: { account: Account; networks: NetworkView[] }) {
  const [networkId, setNetworkId] = useState('');
  const [symbol, setSymbol] = useState('');
  const [addr, setAddr] = useState<DepositAddress>();
  const [error, setError] = useState<string>();
  const net = networks.find((n) => n.id === networkId);
  const show = () => {
    setError(undefined);
    depositAddress(account.id, symbol, networkId).then(setAddr, (err: unknown) => setError(errorMessage(err)));
  };
  return (
    <div className="row" data-testid={`deposit-${account.id}`}>
      <strong>
        {account.brokerName} {account.accountName}
      </strong>
      <select aria-label="Network" value={networkId} onChange={(e) => setNetworkId(e.target.value)}>
        <option value="">Network…</option>
        {networks.map((n) => (
          <option key={n.id} value={n.id}>
            {n.name}
          </option>
        ))}
      </select>
      <select aria-label="Symbol" value={symbol} onChange={(e) => setSymbol(e.target.value)}>
        <option value="">Symbol…</option>
        {(net?.symbols ?? []).map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
      <button type="button" disabled={!symbol} onClick={show}>
        Show deposit address
      </button>
      {addr && (
        <code data-testid="deposit-address">
          {addr.address}
          {addr.memo ? ` (memo ${addr.memo})` : ''}
        </code>
      )}
      <ErrorBox message={error} />
    </div>
  );
}
