import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../api/treasury', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../api/treasury')>();
  return {
    fieldErrors: real.fieldErrors,
    auditActions: vi.fn(),
    auditTrail: vi.fn(),
    exportAudit: vi.fn(),
    addressBook: vi.fn(),
    setAddressLabel: vi.fn(),
    removeAddressLabel: vi.fn(),
    refundQueue: vi.fn(),
    reconcile: vi.fn(),
    exportReconciliation: vi.fn(),
    alerts: vi.fn(),
    alertSettings: vi.fn(),
    onAlerts: vi.fn(() => () => {}),
  };
});
// The detail pane is tested on its own; here it only has to say which transfer is open.
vi.mock('../TransferDetail/TransferDetail', () => ({
  TransferDetail: ({ id, onClose }: { id: string; onClose: () => void }) => (
    <aside data-testid="transfer-detail" data-id={id}>
      <button type="button" onClick={onClose}>
        close
      </button>
    </aside>
  ),
}));

import * as T from '../../api/treasury';
import { AddressBookView } from './AddressBookView';
import { AuditView, toAuditQuery } from './AuditView';
import { ReconcileView } from './ReconcileView';
import { RefundsView } from './RefundsView';
import { TreasuryView } from './TreasuryView';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.resetAllMocks();
});

const entry = (id: number, action: string, target: string) =>
  ({ id, at: '2026-11-25T10:00:00Z', actor: 'ops', profileId: 'p1', profileName: 'Demo', action, target, details: '' }) as T.AuditEntry;

describe('fieldErrors', () => {
  it.each([
    ['amount: too many decimals', { amount: 'amount: too many decimals' }],
    ['transferId: no transfer id given\nhash: must be one line', { transferId: 'transferId: no transfer id given', hash: 'hash: must be one line' }],
    ['no stored transfer has the id x', { form: 'no stored transfer has the id x' }],
    ['refund QR code: too long', { form: 'refund QR code: too long' }],
    ['', {}],
  ])('%j', (message, want) => expect(T.fieldErrors(message)).toEqual(want));
});

describe('AuditView', () => {
  it.each([
    [{ since: '7d', action: '', profile: ' Demo ', target: '' }, { since: '7d', actions: [], profile: 'Demo', target: '', limit: 0 }],
    [{ since: '', action: 'refund.state', profile: '', target: ' t1 ' }, { since: '', actions: ['refund.state'], profile: '', target: 't1', limit: 0 }],
  ])('form %j → query %j', (form, want) => expect(toAuditQuery(form)).toEqual(want));

  it('asks Go with each filter: time and action at once, text once typing pauses; exports the same query', async () => {
    vi.useFakeTimers();
    vi.mocked(T.auditActions).mockResolvedValue(['connect', 'refund.state']);
    vi.mocked(T.auditTrail).mockResolvedValue([entry(1, 'refund.state', 't1'), entry(2, 'connect', 'kraken')]);
    vi.mocked(T.exportAudit).mockResolvedValue({ path: '/tmp/audit.csv', count: 2 } as T.ExportResult);
    render(<AuditView />);
    await act(async () => {});
    expect(T.auditTrail).toHaveBeenLastCalledWith({ since: '7d', actions: [], profile: '', target: '', limit: 0 });
    expect(screen.getAllByTestId('audit-row')).toHaveLength(2);

    fireEvent.change(screen.getByTestId('audit-since'), { target: { value: '24h' } });
    await act(async () => {});
    expect(T.auditTrail).toHaveBeenLastCalledWith(expect.objectContaining({ since: '24h' }));
    fireEvent.change(screen.getByTestId('audit-action'), { target: { value: 'refund.state' } });
    await act(async () => {});
    expect(T.auditTrail).toHaveBeenLastCalledWith(expect.objectContaining({ since: '24h', actions: ['refund.state'] }));

    const calls = vi.mocked(T.auditTrail).mock.calls.length;
    fireEvent.change(screen.getByTestId('audit-target'), { target: { value: 't' } });
    fireEvent.change(screen.getByTestId('audit-target'), { target: { value: 't1' } });
    await act(async () => {});
    expect(T.auditTrail).toHaveBeenCalledTimes(calls); // still typing
    await act(async () => {
      vi.advanceTimersByTime(300);
    });
    expect(T.auditTrail).toHaveBeenCalledTimes(calls + 1);
    expect(T.auditTrail).toHaveBeenLastCalledWith({ since: '24h', actions: ['refund.state'], profile: '', target: 't1', limit: 0 });

    fireEvent.click(screen.getByTestId('audit-export'));
    await act(async () => {});
    expect(T.exportAudit).toHaveBeenCalledWith({ since: '24h', actions: ['refund.state'], profile: '', target: 't1', limit: 0 }, 'csv');
    expect(screen.getByRole('status').textContent).toBe('Exported 2 audit rows to /tmp/audit.csv.');
  });

  it('a transfer a row is about opens; other targets are plain text', async () => {
    vi.mocked(T.auditActions).mockResolvedValue([]);
    vi.mocked(T.auditTrail).mockResolvedValue([entry(1, 'refund.state', 't1'), entry(2, 'label.set', '0xabc'), entry(3, 'note.add', 't2')]);
    const onOpen = vi.fn();
    render(<AuditView onOpen={onOpen} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Open transfer t2' }));
    expect(onOpen).toHaveBeenCalledWith('t2');
    expect(screen.queryByRole('button', { name: 'Open transfer 0xabc' })).toBeNull();
    expect(screen.getByText('0xabc')).toBeTruthy();
  });

  it('a cancelled save dialog says nothing; Go refusing a filter is shown beside it', async () => {
    vi.mocked(T.auditActions).mockResolvedValue([]);
    vi.mocked(T.auditTrail).mockResolvedValue([]);
    vi.mocked(T.exportAudit).mockResolvedValue({ path: '', count: 0 } as T.ExportResult);
    render(<AuditView />);
    expect(await screen.findByText('No audit rows match.')).toBeTruthy();
    fireEvent.click(screen.getByTestId('audit-export'));
    await waitFor(() => expect(T.exportAudit).toHaveBeenCalled());
    expect(screen.queryByRole('status')).toBeNull();

    vi.mocked(T.auditTrail).mockRejectedValue('since: "3x" is not a duration like 24h, 7d or 2w, nor an RFC 3339 time');
    fireEvent.change(screen.getByTestId('audit-since'), { target: { value: '' } });
    const err = await screen.findByText(/is not a duration/);
    expect(err.getAttribute('data-field')).toBe('since');
  });
});

describe('AddressBookView', () => {
  const label = (address: string, network: string, l: string) => ({ address, network, label: l, updatedAt: '2026-11-25T10:00:00Z', actor: 'ops' }) as T.AddressLabel;

  it('saves a label, reloads the book, edits and removes one', async () => {
    vi.mocked(T.addressBook).mockResolvedValueOnce([]).mockResolvedValue([label('0xabc', 'Ethereum', 'Treasury')]);
    vi.mocked(T.setAddressLabel).mockResolvedValue(label('0xabc', 'Ethereum', 'Treasury'));
    vi.mocked(T.removeAddressLabel).mockResolvedValue(undefined);
    render(<AddressBookView />);
    expect(await screen.findByText('No labels yet.')).toBeTruthy();
    fireEvent.change(screen.getByTestId('ab-address'), { target: { value: '0xabc' } });
    fireEvent.change(screen.getByTestId('ab-network'), { target: { value: 'Ethereum' } });
    fireEvent.change(screen.getByTestId('ab-label'), { target: { value: 'Treasury' } });
    fireEvent.click(screen.getByTestId('ab-save'));
    expect(await screen.findByTestId('ab-row')).toBeTruthy();
    expect(T.setAddressLabel).toHaveBeenCalledWith('0xabc', 'Ethereum', 'Treasury');
    expect((screen.getByTestId('ab-address') as HTMLInputElement).value).toBe('');

    fireEvent.click(screen.getByRole('button', { name: 'Edit label Treasury' }));
    expect((screen.getByTestId('ab-label') as HTMLInputElement).value).toBe('Treasury');
    vi.mocked(T.addressBook).mockResolvedValue([]);
    fireEvent.click(screen.getByRole('button', { name: 'Remove label Treasury' }));
    await waitFor(() => expect(screen.queryByTestId('ab-row')).toBeNull());
    expect(T.removeAddressLabel).toHaveBeenCalledWith('0xabc', 'Ethereum');
  });

  it.each([
    ['address: not a valid Ethereum address: bad checksum', 'address'],
    ['label: the label is empty', 'label'],
    ['database is locked', 'form'],
  ])('shows Go refusing a label (%s) beside %s', async (message, field) => {
    vi.mocked(T.addressBook).mockResolvedValue([]);
    vi.mocked(T.setAddressLabel).mockRejectedValue(message);
    render(<AddressBookView />);
    fireEvent.change(await screen.findByTestId('ab-address'), { target: { value: '0xAbc' } });
    fireEvent.click(screen.getByTestId('ab-save'));
    expect((await screen.findByText(message)).getAttribute('data-field')).toBe(field);
    expect((screen.getByTestId('ab-address') as HTMLInputElement).value).toBe('0xAbc');
  });
});

describe('RefundsView', () => {
  it('asks Go for the open refunds first, then the chosen state; a row opens with Enter', async () => {
    const item = { transferId: 't1', state: 'sent', stateLabel: 'sent', hash: '0x1', updatedAt: '', status: 'succeeded', asset: 'USDC', network: 'Ethereum', received: '12.5', refundAddress: '0xabc', addressLabel: 'Customer' } as T.RefundItem;
    vi.mocked(T.refundQueue).mockResolvedValue([item]);
    const onOpen = vi.fn();
    render(<RefundsView onOpen={onOpen} />);
    const row = await screen.findByTestId('refund-row');
    expect(T.refundQueue).toHaveBeenLastCalledWith(['needed', 'sent']);
    expect(row.textContent).toContain('Customer');
    fireEvent.keyDown(row, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith('t1');
    fireEvent.change(screen.getByTestId('refunds-state'), { target: { value: 'all' } });
    await waitFor(() => expect(T.refundQueue).toHaveBeenLastCalledWith([]));
    vi.mocked(T.refundQueue).mockRejectedValue('state: "x" is not one of needed, sent, done, not-needed');
    fireEvent.change(screen.getByTestId('refunds-state'), { target: { value: 'done' } });
    expect((await screen.findByRole('alert')).textContent).toMatch(/is not one of/);
  });
});

describe('ReconcileView', () => {
  const report = (items: T.ReconcileItem[]) =>
    ({
      profileId: 'p1',
      from: '2026-11-18T00:00:00Z',
      to: '2026-11-26T00:00:00Z',
      generatedAt: '2026-11-25T12:00:00Z',
      source: 'offline',
      syncedAt: '2026-11-25T11:00:00Z',
      webhooksSince: '2026-11-01T00:00:00Z',
      summary: { transfers: 10, events: 9, repeatedDeliveries: 1, statusMismatches: 1, unknownTransfers: 0, noEvent: 1, duplicates: 1, beforeWebhooks: 0, tooRecent: 0 },
      items,
    }) as unknown as T.ReconcileReport;

  it('runs over the chosen range (offline when asked), groups the findings, opens one, exports', async () => {
    vi.mocked(T.reconcile).mockResolvedValue(
      report([
        { kind: 'status_mismatch', transferId: 'a', webhookStatus: 'succeeded', historyStatus: 'failed', detail: 'webhook said succeeded' },
        { kind: 'no_event', transferId: 'b', historyStatus: 'pending', detail: 'never got an event' },
        { kind: 'duplicate', transferId: 'c', eventId: 'e1', count: 2, detail: 'delivered 3 times' },
      ] as T.ReconcileItem[]),
    );
    vi.mocked(T.exportReconciliation).mockResolvedValue({ path: '/tmp/r.csv', count: 3 } as T.ExportResult);
    const onOpen = vi.fn();
    render(<ReconcileView onOpen={onOpen} now={() => new Date('2026-11-25T12:00:00Z')} />);
    expect((screen.getByTestId('rc-from') as HTMLInputElement).value).toBe('2026-11-18');
    expect((screen.getByTestId('rc-to') as HTMLInputElement).value).toBe('2026-11-25');
    fireEvent.click(screen.getByTestId('rc-offline'));
    fireEvent.click(screen.getByTestId('rc-run'));
    await screen.findAllByTestId('rc-case');
    expect(T.reconcile).toHaveBeenCalledWith('2026-11-18', '2026-11-25', true);
    expect(screen.getByRole('region', { name: 'Status disagreements' }).textContent).toContain('webhook said succeeded');
    expect(screen.getByRole('region', { name: 'Transfers that never got an event' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Duplicate deliveries' }).textContent).toContain('delivered 3 times');
    expect(screen.queryByRole('region', { name: 'Events for transfers the history lacks' })).toBeNull();
    expect(screen.getByTestId('rc-source').textContent).toMatch(/last synced history \(synced 2026-11-25T11:00:00Z\)/);
    fireEvent.click(screen.getAllByTestId('rc-case')[1]!);
    expect(onOpen).toHaveBeenCalledWith('b');
    fireEvent.click(screen.getByTestId('rc-export'));
    expect(await screen.findByText('Exported 3 findings to /tmp/r.csv.')).toBeTruthy();
    expect(T.exportReconciliation).toHaveBeenCalledWith('2026-11-18', '2026-11-25', true);
  });

  it('says when all agree, and shows an unreachable API as an error', async () => {
    vi.mocked(T.reconcile).mockResolvedValueOnce(report([]));
    render(<ReconcileView onOpen={() => {}} />);
    fireEvent.click(screen.getByTestId('rc-run'));
    expect(await screen.findByTestId('rc-clean')).toBeTruthy();
    vi.mocked(T.reconcile).mockRejectedValueOnce('the Mesh API could not be reached: dial tcp: connection refused (try offline)');
    fireEvent.click(screen.getByTestId('rc-run'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/could not be reached/);
  });
});

describe('TreasuryView', () => {
  it('moves between tabs with the arrow keys, opens a transfer beside the list and closes it with Esc', async () => {
    vi.mocked(T.refundQueue).mockResolvedValue([
      { transferId: 't1', state: 'needed', stateLabel: 'needed', hash: '', updatedAt: '', status: '', asset: '', network: '', received: '', refundAddress: '', addressLabel: '' } as T.RefundItem,
    ]);
    vi.mocked(T.auditActions).mockResolvedValue([]);
    vi.mocked(T.auditTrail).mockResolvedValue([]);
    vi.mocked(T.addressBook).mockResolvedValue([]);
    vi.mocked(T.alerts).mockResolvedValue([]);
    vi.mocked(T.alertSettings).mockResolvedValue({ failed: true, pending: true, pendingAfterMinutes: 1440, desktop: true } as T.AlertSettings);
    render(<TreasuryView />);
    const first = screen.getByTestId('tab-refunds');
    expect(first.getAttribute('aria-selected')).toBe('true');
    fireEvent.click(await screen.findByTestId('refund-row'));
    expect(screen.getByTestId('transfer-detail').getAttribute('data-id')).toBe('t1');
    fireEvent.keyDown(screen.getByTestId('refund-row'), { key: 'Escape' });
    expect(screen.queryByTestId('transfer-detail')).toBeNull();

    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(screen.getByTestId('tab-alerts'));
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(screen.getByTestId('tab-reconcile').getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' }); // wraps
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first, { key: 'ArrowLeft' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    expect(screen.getByTestId('tab-audit').getAttribute('aria-selected')).toBe('true');
    expect(await screen.findByTestId('audit-view')).toBeTruthy();
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe('tab-audit');
  });

  it('opens on the tab and transfer it is given (a clicked notification)', () => {
    vi.mocked(T.alerts).mockResolvedValue([]);
    vi.mocked(T.alertSettings).mockResolvedValue({ failed: true, pending: true, pendingAfterMinutes: 1440, desktop: true } as T.AlertSettings);
    render(<TreasuryView initialTab="alerts" initialOpen="t9" />);
    expect(screen.getByTestId('tab-alerts').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('transfer-detail').getAttribute('data-id')).toBe('t9');
  });
});
