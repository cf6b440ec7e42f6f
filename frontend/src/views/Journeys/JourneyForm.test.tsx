import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LinkOptions, LinkSession, NetworkView, Preset, Profile } from '../../link/desk';
import { JourneyForm } from './JourneyForm';
import { applyPreset, initialState, parseAmount, toOptions, unparsable } from './form';

const ETH = 'e3c7fdd8-b1fc-4e51-85ae-bb276e075611';
const networks = [
  { id: ETH, name: 'Ethereum', networkType: 'evm', symbols: ['ETH', 'USDC'] },
  { id: 'sol', name: 'Solana', networkType: 'solana', symbols: ['SOL'] },
] as NetworkView[];
const demo = { name: 'Demo', defaultUserId: 'md-user-1', production: false, demo: true } as Profile;
const prod = { name: 'Treasury', defaultUserId: 'ops', production: true, demo: false } as Profile;

afterEach(cleanup);

function mount(profile: Profile, createToken: (o: Partial<LinkOptions>) => Promise<LinkSession>, presets: Preset[] = []) {
  const onStarted = vi.fn();
  render(<JourneyForm profile={profile} networks={networks} presets={presets} createToken={createToken} onStarted={onStarted} />);
  return { onStarted };
}

const change = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('JourneyForm', () => {
  it('sends the typed journey to Go and opens Link with the token', async () => {
    const createToken = vi.fn().mockResolvedValue({ linkToken: 'tok', linkOrigin: 'http://127.0.0.1:1', userId: 'md-user-1', journey: 'payment' });
    const { onStarted } = mount(demo, createToken);
    change('Journey', 'payment');
    change('Network', ETH);
    change('Symbol', 'USDC');
    change('Address', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed');
    change('Amount (fixed)', '12.50');
    change('Transaction id', 'inv-7');
    fireEvent.click(screen.getByLabelText(/SmartFunding/));
    fireEvent.click(screen.getByTestId('open-link'));
    await waitFor(() => expect(onStarted).toHaveBeenCalledTimes(1));
    const sent = createToken.mock.calls[0]![0] as LinkOptions;
    expect(sent).toMatchObject({ journey: 'payment', userId: 'md-user-1', transactionId: 'inv-7', smartFunding: true, confirmProduction: false });
    expect(sent.destinations).toEqual([{ networkId: ETH, symbol: 'USDC', address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', addressTag: '', amount: 12.5 }]);
  });

  it('shows each field error Go returns beside its field and opens nothing', async () => {
    const createToken = vi.fn().mockResolvedValue({
      linkToken: '',
      fieldErrors: { 'destinations[0].address': 'not a valid Ethereum address: bad checksum', transactionId: 'a payment needs a transaction id' },
    });
    const { onStarted } = mount(demo, createToken);
    change('Journey', 'payment');
    change('Address', '0xdead');
    fireEvent.click(screen.getByTestId('open-link'));
    const addr = await screen.findByText(/bad checksum/);
    expect(addr.getAttribute('data-field')).toBe('destinations[0].address');
    expect(screen.getByText(/needs a transaction id/).getAttribute('data-field')).toBe('transactionId');
    expect(onStarted).not.toHaveBeenCalled();
  });

  it('says an amount is not a number without asking Go', async () => {
    const createToken = vi.fn();
    mount(demo, createToken);
    change('Amount (optional)', '12,5x');
    fireEvent.click(screen.getByTestId('open-link'));
    expect((await screen.findByText('not a number')).getAttribute('data-field')).toBe('destinations[0].amount');
    expect(createToken).not.toHaveBeenCalled();
  });

  it('asks before a transfer journey on production, and sends the confirmation', async () => {
    const createToken = vi.fn().mockResolvedValue({ linkToken: 't', linkOrigin: 'https://web.meshconnect.com', userId: 'ops', journey: 'deposit' });
    const { onStarted } = mount(prod, createToken);
    fireEvent.click(screen.getByTestId('open-link'));
    expect(await screen.findByRole('dialog')).toBeTruthy();
    expect(createToken).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText('Cancel'));
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.click(screen.getByTestId('open-link'));
    fireEvent.click(await screen.findByTestId('confirm'));
    await waitFor(() => expect(onStarted).toHaveBeenCalled());
    expect(createToken.mock.calls[0]![0]).toMatchObject({ confirmProduction: true, userId: 'ops' });
  });

  it('does not ask on production for a wallet verification', async () => {
    const createToken = vi.fn().mockResolvedValue({ linkToken: 't', userId: 'ops', journey: 'verify' });
    mount(prod, createToken);
    change('Journey', 'verify');
    fireEvent.click(screen.getByTestId('open-link'));
    await waitFor(() => expect(createToken).toHaveBeenCalled());
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it("shows Mesh's refusal as an error", async () => {
    mount(demo, vi.fn().mockRejectedValue('create a link token: mesh: POST /api/v1/linktoken: HTTP 400 (badRequest/invalidField): nope'));
    fireEvent.click(screen.getByTestId('open-link'));
    expect((await screen.findByTestId('journey-error')).textContent).toContain('invalidField');
  });

  it('fills the form from a preset in one click', async () => {
    const preset = { name: 'Daily USDC', journey: 'deposit', destinations: [{ networkId: ETH, symbol: 'USDC', address: '0xabc', addressTag: '', amount: 5 }], smartFunding: true, inclusiveFees: false } as Preset;
    const createToken = vi.fn().mockResolvedValue({ linkToken: 't', userId: 'md-user-1', journey: 'deposit' });
    mount(demo, createToken, [preset]);
    fireEvent.click(screen.getByTestId('preset-Daily USDC'));
    expect((screen.getByLabelText('Address') as HTMLInputElement).value).toBe('0xabc');
    fireEvent.click(screen.getByTestId('open-link'));
    await waitFor(() => expect(createToken).toHaveBeenCalled());
    expect(createToken.mock.calls[0]![0]).toMatchObject({ journey: 'deposit', smartFunding: true, destinations: [{ symbol: 'USDC', amount: 5 }] });
  });
});

describe('form helpers', () => {
  it.each<[string, number | undefined]>([
    ['', undefined],
    ['  ', undefined],
    ['25', 25],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['1,000.25', 1000.25],
    ['-3', -3],
    ['1e3', 1000],
  ])('parseAmount(%j) = %s', (s, want) => expect(parseAmount(s)).toBe(want));
  it.each(['abc', '1.2.3', '12,5x', '0x10'])('parseAmount(%j) is NaN', (s) => expect(parseAmount(s)).toBeNaN());

  it('sends only the fields of the chosen journey', () => {
    const s = { ...initialState('u'), verifyAddress: 'x', transactionId: 't', amountInFiat: '3' };
    expect(toOptions({ ...s, journey: 'withdrawal' }, false)).toMatchObject({ destinations: [], verifyAddress: '', transactionId: '', amountInFiat: undefined });
    expect(toOptions({ ...s, journey: 'verify' }, false)).toMatchObject({ destinations: [], verifyAddress: 'x' });
    expect(toOptions({ ...s, journey: 'verify-deposit' }, true)).toMatchObject({ verifyAddress: 'x', transactionId: 't', amountInFiat: 3, confirmProduction: true });
  });

  it('ignores unparsable amounts of journeys without destinations', () => {
    const s = initialState('u');
    s.destinations[0]!.amount = 'x';
    expect(unparsable({ ...s, journey: 'verify' })).toEqual({});
    expect(unparsable({ ...s, journey: 'deposit' })).toEqual({ 'destinations[0].amount': 'not a number' });
  });

  it('keeps the user id when a preset is applied', () => {
    const out = applyPreset(initialState('me'), { name: 'p', journey: 'bogus', destinations: [], smartFunding: false, inclusiveFees: true } as unknown as Preset);
    expect(out).toMatchObject({ userId: 'me', journey: 'deposit', inclusiveFees: true, destinations: [] });
  });
});
