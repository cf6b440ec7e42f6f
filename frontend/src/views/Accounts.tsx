import { Placeholder } from './Placeholder';

/** Connected exchanges and wallets of the active profile (placeholder). */
export function Accounts() {
  return <Placeholder title="Accounts">Exchanges and wallets connected through Mesh Link will be listed here.</Placeholder>;
}
