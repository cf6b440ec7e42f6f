// The quick-find's words: what an exact look-up found, said the way the panel and the
// Transfers view show it. Go decides what matches and what the value is (hash, refund
// address…); this only phrases it.
import type { TransferLookup } from './deskApi';
import { shorten } from './filters';

/** Text that looks like one exact value (an id, hash, address or transaction id) rather than
 * words to search for: no spaces, long enough, and a digit in it (hashes, addresses and ids
 * have them; Coinbase or MetaMask do not). Such text is looked up without the search's pause
 * and gets a "no exact match" line when nothing matches; matches are shown whatever the text. */
export function looksExact(text: string): boolean {
  const t = text.trim();
  return t.length >= 8 && !/\s/.test(t) && /\d/.test(t);
}

/** `1 transfer`, `1,234 transfers`. */
export function transfers(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'transfer' : 'transfers'}`;
}

/** The panel's first line: how many transfers the value is on, and what it is in them. */
export function headline(r: TransferLookup): string {
  if (r.total === 0) return `No transfer has the id, client transaction id, hash or address “${shorten(r.value, 14, 10)}”`;
  if (r.kind === 'value' || !r.kind) return `${transfers(r.total)} match “${shorten(r.value, 14, 10)}” exactly`;
  return `${transfers(r.total)} with this ${r.kind}`;
}

/** Said when the panel shows fewer rows than match (Go returns the newest 50). */
export function moreNote(r: TransferLookup): string {
  const shown = r.hits?.length ?? 0;
  return r.total > shown ? `the newest ${shown.toLocaleString('en-US')} are below` : '';
}

/** The words of each field a hit can match by (Go's LookupHit.fields). */
export const fieldWords: Record<string, string> = {
  id: 'id',
  clientTransactionId: 'txn id',
  hash: 'hash',
  destinationAddress: 'destination',
  refundAddress: 'refund address',
};

/** What a hit matched by, in words (`destination, refund address`). */
export function matchedBy(fields: string[] | undefined): string {
  return (fields ?? []).map((f) => fieldWords[f] ?? f).join(', ');
}
