import { Placeholder } from './Placeholder';

/** The transfer history: find any transfer, its status and refund address (placeholder). */
export function Transfers() {
  return <Placeholder title="Transfers">Every transfer, its status and its refund address, a keystroke away.</Placeholder>;
}
