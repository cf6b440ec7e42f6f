import { describe, expect, it } from 'vitest';
import type { TransferLookup } from './deskApi';
import { headline, looksExact, matchedBy, moreNote, transfers } from './lookupWords';

const lookup = (p: Partial<TransferLookup>): TransferLookup =>
  ({ value: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', hits: [], total: 0, kind: '', filter: {}, ...p }) as TransferLookup;
const hits = (n: number) => Array.from({ length: n }, () => ({ row: {}, fields: ['refundAddress'] })) as TransferLookup['hits'];

describe('quick-find words', () => {
  it.each([
    ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', true],
    ['  order-000123 ', true],
    ['USDC', false],
    ['Coinbase', false],
    ['deFiWallet', false],
    ['24ee49e2-17e3-4dd7-8685-5988fd9e2a77', true],
    ['failed transfers', false],
    ['', false],
  ])('looksExact(%j) = %s', (text, want) => expect(looksExact(text)).toBe(want));

  it('says how many transfers carry the value and what it is in them', () => {
    expect(headline(lookup({ total: 1, kind: 'hash', hits: hits(1) }))).toBe('1 transfer with this hash');
    expect(headline(lookup({ total: 3, kind: 'refund address', hits: hits(3) }))).toBe('3 transfers with this refund address');
    expect(headline(lookup({ total: 1234567, kind: 'destination address', hits: hits(50) }))).toBe('1,234,567 transfers with this destination address');
    expect(headline(lookup({ total: 2, kind: 'value', hits: hits(2) }))).toBe('2 transfers match “0x5aAeb6053F3E…E7Ef1BeAed” exactly');
    expect(headline(lookup({}))).toBe('No transfer has the id, client transaction id, hash or address “0x5aAeb6053F3E…E7Ef1BeAed”');
  });

  it('says when only the newest are listed', () => {
    expect(moreNote(lookup({ total: 1234567, hits: hits(50) }))).toBe('the newest 50 are below');
    expect(moreNote(lookup({ total: 50, hits: hits(50) }))).toBe('');
    expect(moreNote(lookup({}))).toBe('');
  });

  it('names the fields a hit matched by, and counts', () => {
    expect(matchedBy(['destinationAddress', 'refundAddress'])).toBe('destination, refund address');
    expect(matchedBy(['clientTransactionId'])).toBe('txn id');
    expect(matchedBy(undefined)).toBe('');
    expect(transfers(1)).toBe('1 transfer');
    expect(transfers(0)).toBe('0 transfers');
    expect(transfers(1000000)).toBe('1,000,000 transfers');
  });
});
