import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../api/treasury', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../api/treasury')>();
  return { fieldErrors: real.fieldErrors, refundRequest: vi.fn(), setRefundState: vi.fn() };
});

import * as T from '../../api/treasury';
import { RefundPanel, stateLabel } from './RefundPanel';

afterEach(() => {
  cleanup();
  vi.resetAllMocks();
});

const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const TO = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
const HASH = `0x${'ab'.repeat(32)}`;

/** A refund view as Go answers it, for amount (base units: 6 decimals). */
function view(amount: string, over: Partial<T.RefundView> = {}): T.RefundView {
  const units = String(Math.round(Number(amount) * 1e6));
  return {
    transferId: 't1',
    standard: 'EIP-681',
    reason: 'Ethereum is an EVM network: an ERC-20 transfer call on the USDC contract',
    uri: `ethereum:${USDC}@1/transfer?address=${TO}&uint256=${units}`,
    qr: `data:image/png;base64,${units}`,
    address: TO,
    addressLabel: 'Customer wallet',
    amount,
    received: '125.5',
    edited: amount !== '125.5',
    asset: 'USDC',
    network: 'Ethereum',
    chainId: '1',
    contract: USDC,
    baseUnits: units,
    state: 'none',
    stateLabel: 'none',
    next: ['needed', 'not_needed'],
    hash: '',
    updatedAt: '',
    history: [],
    ...over,
  } as T.RefundView;
}

const $ = (id: string) => screen.getByTestId(id);
const qrSrc = () => ($('refund-request-qr') as HTMLImageElement).getAttribute('src');

describe('RefundPanel', () => {
  it('shows the request Go built at the received amount: standard and why, URI, QR, address with its label', async () => {
    vi.mocked(T.refundRequest).mockResolvedValue(view('125.5'));
    render(<RefundPanel transferId="t1" />);
    expect((await screen.findByTestId('refund-uri')).textContent).toBe(`ethereum:${USDC}@1/transfer?address=${TO}&uint256=125500000`);
    expect(T.refundRequest).toHaveBeenCalledWith('t1', '');
    expect($('refund-standard').textContent).toMatch(/^EIP-681 — Ethereum is an EVM network/);
    expect(qrSrc()).toBe('data:image/png;base64,125500000');
    expect($('refund-address-label').textContent).toBe('Customer wallet');
    expect($('refund-panel-address').textContent).toBe(TO);
    expect(($('refund-amount') as HTMLInputElement).value).toBe('125.5');
    expect($('refund-state').textContent).toBe('Not recorded');
    expect(screen.getByRole('button', { name: 'Copy payment URI' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy amount' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy refund address' })).toBeTruthy();
    // Only the states Go allows next are offered.
    expect([...($('refund-next') as HTMLSelectElement).options].map((o) => o.value)).toEqual(['needed', 'not_needed']);
  });

  it('an edited amount asks Go again on Enter; "use the received amount" goes back', async () => {
    vi.mocked(T.refundRequest).mockResolvedValueOnce(view('125.5')).mockResolvedValueOnce(view('100.25')).mockResolvedValueOnce(view('125.5'));
    render(<RefundPanel transferId="t1" />);
    const amount = (await screen.findByTestId('refund-amount')) as HTMLInputElement;
    fireEvent.change(amount, { target: { value: ' 100.25 ' } });
    expect($('refund-received').textContent).toMatch(/press Enter/);
    fireEvent.submit(amount.form!);
    await waitFor(() => expect($('refund-uri').textContent).toMatch(/uint256=100250000$/));
    expect(T.refundRequest).toHaveBeenLastCalledWith('t1', '100.25');
    expect(qrSrc()).toBe('data:image/png;base64,100250000');
    fireEvent.click(screen.getByRole('button', { name: 'use the received amount' }));
    await waitFor(() => expect($('refund-uri').textContent).toMatch(/uint256=125500000$/));
    expect(T.refundRequest).toHaveBeenLastCalledWith('t1', '125.5');
    expect(amount.value).toBe('125.5');
  });

  it("offers the net amount (Mesh's amountToReceive) when it differs from what was received", async () => {
    vi.mocked(T.refundRequest)
      .mockResolvedValueOnce(view('125.5', { receivedNet: '124.75' }))
      .mockResolvedValueOnce(view('124.75', { receivedNet: '124.75' }));
    render(<RefundPanel transferId="t1" />);
    expect((await screen.findByTestId('refund-received')).textContent).toMatch(/Received 125.5 USDC \(124.75 net of fees\)/);
    fireEvent.click(screen.getByRole('button', { name: 'use the net amount' }));
    await waitFor(() => expect($('refund-uri').textContent).toMatch(/uint256=124750000$/));
    expect(T.refundRequest).toHaveBeenLastCalledWith('t1', '124.75');
    expect(screen.queryByRole('button', { name: 'use the net amount' })).toBeNull();
    expect(screen.getByRole('button', { name: 'use the received amount' })).toBeTruthy();
  });

  it.each([
    ['amount: USDC has 6 decimal places; 0.0000001 has 7', 'amount'],
    ['address: refund address 0x12 is not an Ethereum address', 'address'],
    ['refund QR code: data too long', 'amount'],
  ])('shows Go refusing a request (%s) beside the %s field', async (message, field) => {
    vi.mocked(T.refundRequest).mockResolvedValueOnce(view('125.5')).mockRejectedValueOnce(message);
    render(<RefundPanel transferId="t1" />);
    const amount = (await screen.findByTestId('refund-amount')) as HTMLInputElement;
    fireEvent.change(amount, { target: { value: '1' } });
    fireEvent.submit(amount.form!);
    expect((await screen.findByText(message)).getAttribute('data-field')).toBe(field);
  });

  it('shows Go refusing an amount beside the field and keeps the last good request', async () => {
    vi.mocked(T.refundRequest)
      .mockResolvedValueOnce(view('125.5'))
      .mockRejectedValueOnce('amount: USDC has 6 decimal places; 0.0000001 has 7');
    render(<RefundPanel transferId="t1" />);
    const amount = (await screen.findByTestId('refund-amount')) as HTMLInputElement;
    fireEvent.change(amount, { target: { value: '0.0000001' } });
    fireEvent.submit(amount.form!);
    const err = await screen.findByText(/6 decimal places/);
    expect(err.getAttribute('data-field')).toBe('amount');
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    expect($('refund-uri').textContent).toMatch(/uint256=125500000$/);
    expect(amount.value).toBe('0.0000001');
  });

  it('records needed, then sent with the hash and a note: state, hash and history from Go', async () => {
    const needed = view('125.5', {
      state: 'needed',
      stateLabel: 'needed',
      next: ['sent', 'not_needed'],
      history: [{ at: '2026-11-25T10:00:00Z', actor: 'ops', from: 'none', to: 'needed', hash: '', note: '' }] as T.RefundEntry[],
    });
    const sent = view('125.5', {
      state: 'sent',
      stateLabel: 'sent',
      next: ['done', 'needed'],
      hash: HASH,
      history: [
        ...needed.history,
        { at: '2026-11-25T10:05:00Z', actor: 'ops', from: 'needed', to: 'sent', hash: HASH, note: 'paid back' },
      ] as T.RefundEntry[],
    });
    vi.mocked(T.refundRequest).mockResolvedValue(view('125.5'));
    vi.mocked(T.setRefundState).mockResolvedValueOnce(needed).mockResolvedValueOnce(sent);
    const onChanged = vi.fn();
    render(<RefundPanel transferId="t1" onChanged={onChanged} />);
    fireEvent.click(await screen.findByTestId('refund-record'));
    await waitFor(() => expect($('refund-state').textContent).toBe('Needed'));
    expect(T.setRefundState).toHaveBeenLastCalledWith('t1', 'needed', '', '');
    expect(($('refund-next') as HTMLSelectElement).value).toBe('sent');
    // The hash field appears for "sent".
    fireEvent.change($('refund-hash-input'), { target: { value: ` ${HASH} ` } });
    fireEvent.change($('refund-note-input'), { target: { value: 'paid back' } });
    fireEvent.click($('refund-record'));
    await waitFor(() => expect($('refund-state').textContent).toBe('Sent'));
    expect(T.setRefundState).toHaveBeenLastCalledWith('t1', 'sent', HASH, 'paid back');
    expect($('refund-hash').textContent).toBe(HASH);
    expect($('refund-history').textContent).toMatch(/Needed → Sent.*paid back/);
    // Next is "done": no hash to type any more.
    expect(($('refund-next') as HTMLSelectElement).value).toBe('done');
    expect(screen.queryByTestId('refund-hash-input')).toBeNull();
    expect(onChanged).toHaveBeenCalledTimes(2);
  });

  it('keeps the edited request on screen after recording a state', async () => {
    vi.mocked(T.refundRequest).mockResolvedValueOnce(view('125.5')).mockResolvedValueOnce(view('100.25'));
    vi.mocked(T.setRefundState).mockResolvedValue(view('125.5', { state: 'needed', next: ['sent'] }));
    render(<RefundPanel transferId="t1" />);
    const amount = (await screen.findByTestId('refund-amount')) as HTMLInputElement;
    fireEvent.change(amount, { target: { value: '100.25' } });
    fireEvent.submit(amount.form!);
    await waitFor(() => expect($('refund-uri').textContent).toMatch(/100250000$/));
    fireEvent.click($('refund-record'));
    await waitFor(() => expect($('refund-state').textContent).toBe('Needed'));
    expect($('refund-uri').textContent).toMatch(/100250000$/);
    expect(amount.value).toBe('100.25');
  });

  it.each([
    ['hash: not an Ethereum transaction hash (0x and 64 hex digits)', 'hash'],
    ['state: a refund cannot become sent from none', 'state'],
    ['note: a note has at most 2000 characters', 'note'],
    ['the keychain is locked', 'form'],
  ])('shows Go refusing a state change (%s) beside the %s field and changes nothing', async (message, field) => {
    vi.mocked(T.refundRequest).mockResolvedValue(view('125.5', { state: 'needed', next: ['sent'] }));
    vi.mocked(T.setRefundState).mockRejectedValue(message);
    render(<RefundPanel transferId="t1" />);
    fireEvent.change(await screen.findByTestId('refund-hash-input'), { target: { value: '0x12' } });
    fireEvent.click($('refund-record'));
    const err = await screen.findByText(message);
    expect(err.getAttribute('data-field')).toBe(field);
    expect($('refund-state').textContent).toBe('Needed');
    expect(($('refund-hash-input') as HTMLInputElement).value).toBe('0x12');
  });

  it('offers nothing to record once the refund is done', async () => {
    vi.mocked(T.refundRequest).mockResolvedValue(view('125.5', { state: 'done', next: [] }));
    render(<RefundPanel transferId="t1" />);
    const sel = (await screen.findByTestId('refund-next')) as HTMLSelectElement;
    expect(sel.disabled).toBe(true);
    fireEvent.click($('refund-record'));
    expect(await screen.findByText('Nothing further to record: the refund is done.')).toBeTruthy();
    expect(T.setRefundState).not.toHaveBeenCalled();
  });

  it('explains a transfer without a refund address (no QR) and says why the panel cannot load', async () => {
    vi.mocked(T.refundRequest).mockResolvedValueOnce(
      view('125.5', { standard: '', uri: '', qr: '', address: '', addressLabel: '', reason: 'Mesh gave no refund address for this transfer: ask the sender where to refund' }),
    );
    const { unmount } = render(<RefundPanel transferId="t1" />);
    expect((await screen.findByTestId('refund-no-address')).textContent).toMatch(/no refund address/);
    expect(screen.queryByTestId('refund-request-qr')).toBeNull();
    unmount();
    vi.mocked(T.refundRequest).mockRejectedValueOnce('no stored transfer has the id t2 (sync, or check the profile)');
    render(<RefundPanel transferId="t2" />);
    expect((await screen.findByTestId('refund-error')).textContent).toMatch(/no stored transfer/);
  });

  it.each([
    ['none', 'Not recorded'],
    ['not_needed', 'Not needed'],
    ['later', 'later'],
  ])('state %s reads %s', (s, want) => expect(stateLabel(s)).toBe(want));
});
