import { Placeholder } from './Placeholder';

/** Opens Mesh Link to connect an account or run a transfer journey (placeholder). */
export function Connect() {
  return <Placeholder title="Connect">Open Mesh Link to connect an exchange or wallet, or to run a deposit, payment or withdrawal.</Placeholder>;
}
