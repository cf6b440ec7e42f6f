import { describe, expect, it } from 'vitest';
import { dayToUnix, emptyFilter, fromQueryFilter, isExact, queryKey, shorten, toQueryFilter, unixToDay, when } from './filters';

describe('toQueryFilter', () => {
  it('sends nothing for an empty form', () => {
    expect(toQueryFilter(emptyFilter)).toEqual({ filter: {}, errors: {} });
  });
  it('maps every field onto the store filter', () => {
    const { filter, errors } = toQueryFilter({
      search: '  0x7d4e ',
      statuses: ['failed', 'pending'],
      networks: 'Ethereum, Solana,,Ethereum',
      symbols: 'usdc, eth',
      sources: 'coinbase,deFiWallet',
      userId: ' md-user-1 ',
      subClientId: 'sc-1',
      from: '2026-11-01',
      to: '2026-11-02',
      minFiat: '1,000',
      maxFiat: '2500.5',
      tags: 'refund, chased,refund',
      match: '',
    });
    expect(errors).toEqual({});
    expect(filter).toEqual({
      search: '0x7d4e',
      statuses: ['failed', 'pending'],
      networks: ['Ethereum', 'Solana'],
      symbols: ['USDC', 'ETH'],
      brokerTypes: ['coinbase', 'deFiWallet'],
      userId: 'md-user-1',
      subClientId: 'sc-1',
      createdFrom: Date.UTC(2026, 10, 1) / 1000,
      createdTo: Date.UTC(2026, 10, 2) / 1000 + 86399,
      minFiat: 1000,
      maxFiat: 2500.5,
      tags: ['refund', 'chased'],
    });
  });
  it('drops a filter on every status (it selects all) and unknown statuses', () => {
    expect(toQueryFilter({ ...emptyFilter, statuses: ['pending', 'succeeded', 'failed'] }).filter).toEqual({});
    expect(toQueryFilter({ ...emptyFilter, statuses: ['weird'] }).filter).toEqual({});
  });
  it.each([
    [{ search: 'ab' }, 'search'],
    [{ from: '2026-13-01' }, 'from'],
    [{ from: '2026-02-30' }, 'from'],
    [{ to: 'yesterday' }, 'to'],
    [{ from: '2026-11-05', to: '2026-11-01' }, 'to'],
    [{ minFiat: '-1' }, 'minFiat'],
    [{ maxFiat: 'lots' }, 'maxFiat'],
    [{ minFiat: '10', maxFiat: '5' }, 'maxFiat'],
  ])('%j is refused at %s and left out of the query', (patch, field) => {
    const { filter, errors } = toQueryFilter({ ...emptyFilter, ...patch });
    expect(errors[field]).toBeTruthy();
    expect(JSON.stringify(filter)).not.toContain('"search":"ab"');
    if (field === 'to') expect(filter.createdTo).toBeUndefined();
    if (field === 'maxFiat') expect(filter.maxFiat).toBeUndefined();
  });
});

describe('the exact look-up (match)', () => {
  it('sends the search box as Match while it holds the matched text, and no substring search', () => {
    const f = { ...emptyFilter, search: ' 0xAbC ', match: '0xAbC', statuses: ['failed'] };
    expect(isExact(f)).toBe(true);
    expect(toQueryFilter(f).filter).toEqual({ match: '0xAbC', statuses: ['failed'] });
  });
  it('a short value is still looked up exactly (no "at least 3 characters")', () => {
    expect(toQueryFilter({ ...emptyFilter, search: '42', match: '42' })).toEqual({ filter: { match: '42' }, errors: {} });
  });
  it('edited text is searched as a substring again', () => {
    const f = { ...emptyFilter, search: '0xAbC1', match: '0xAbC' };
    expect(isExact(f)).toBe(false);
    expect(toQueryFilter(f).filter).toEqual({ search: '0xAbC1' });
    expect(isExact({ ...emptyFilter, search: '', match: '' })).toBe(false);
  });
  it('a saved view with a Match shows its value in the search box and maps back', () => {
    const q = { match: '0x3148cF98', symbols: ['USDC'] };
    expect(fromQueryFilter(q).search).toBe('0x3148cF98');
    expect(toQueryFilter(fromQueryFilter(q)).filter).toEqual(q);
  });
});

describe('round trips', () => {
  it('fromQueryFilter shows a query the form maps back to the same query', () => {
    const q = { statuses: ['failed'], symbols: ['USDC'], brokerTypes: ['coinbase'], createdFrom: dayToUnix('2026-11-18')!, minFiat: 5, tags: ['refund', 'chased'] };
    expect(toQueryFilter(fromQueryFilter(q)).filter).toEqual(q);
  });
  it('days and Unix seconds', () => {
    expect(unixToDay(dayToUnix('2026-02-28')!)).toBe('2026-02-28');
    expect(dayToUnix('2026-02-28', true)! - dayToUnix('2026-02-28')!).toBe(86399);
  });
  it('queryKey changes with the filter and the sort only', () => {
    expect(queryKey({ symbols: ['A'] }, 'created', true)).toBe(queryKey({ symbols: ['A'] }, 'created', true));
    expect(queryKey({ symbols: ['A'] }, 'created', true)).not.toBe(queryKey({ symbols: ['A'] }, 'created', false));
    expect(queryKey({}, 'amount', true)).not.toBe(queryKey({ userId: 'u' }, 'amount', true));
  });
  it('shorten keeps both ends of long values', () => {
    expect(shorten('0x1234567890abcdef1234567890')).toBe('0x123456…567890');
    expect(shorten('short')).toBe('short');
  });
});

describe('when', () => {
  it('formats Unix seconds as a UTC minute, nothing for 0', () => {
    expect(when(Date.UTC(2026, 10, 25, 9, 5, 59) / 1000)).toBe('2026-11-25 09:05');
    expect(when(0)).toBe('');
  });
});
