import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../api/treasury', () => ({
  alerts: vi.fn(),
  alertCount: vi.fn(),
  ackAlert: vi.fn(),
  ackAllAlerts: vi.fn(),
  alertSettings: vi.fn(),
  setAlertSettings: vi.fn(),
  onAlerts: vi.fn(),
}));

import * as T from '../../api/treasury';
import { AlertBadge } from './AlertBadge';
import { AlertSettingsForm, AlertsView, hoursToMinutes, minutesToHours } from './AlertsView';

afterEach(() => {
  cleanup();
  vi.resetAllMocks();
});

/** Captures the alerts-changed listener so a test can fire Go's event. */
function captureAlertsEvent() {
  const listeners: ((b: T.AlertBadgeEvent) => void)[] = [];
  const off = vi.fn();
  vi.mocked(T.onAlerts).mockImplementation((cb) => {
    listeners.push(cb);
    return off;
  });
  return { fire: (open: number) => act(() => listeners.forEach((l) => l({ profileId: 'p1', open }))), off };
}

const alert = (id: string, kind: string, acked = false): T.Alert => ({
  id,
  transferId: `t-${id}`,
  kind,
  title: `Transfer ${id} ${kind}`,
  body: '12.5 USDC on Ethereum',
  raisedAt: '2026-11-25T10:00:00Z',
  status: kind,
  currentStatus: kind,
  summary: '',
  acked,
  ackedAt: '',
  notified: true,
  notifyError: '',
});

const settings: T.AlertSettings = { failed: true, pending: true, pendingAfterMinutes: 1440, desktop: true };

describe('AlertBadge', () => {
  it('shows the count Go gives, follows the alerts event, hides at zero and unsubscribes', async () => {
    vi.mocked(T.alertCount).mockResolvedValue(2);
    const ev = captureAlertsEvent();
    const onOpen = vi.fn();
    const { unmount } = render(<AlertBadge onOpen={onOpen} />);
    expect((await screen.findByTestId('alert-badge')).textContent).toContain('2 open alerts');
    ev.fire(1);
    expect(screen.getByTestId('alert-badge').textContent).toContain('1 open alert');
    fireEvent.click(screen.getByTestId('alert-badge'));
    expect(onOpen).toHaveBeenCalledTimes(1);
    ev.fire(0);
    expect(screen.queryByTestId('alert-badge')).toBeNull();
    unmount();
    expect(ev.off).toHaveBeenCalled();
  });

  it('shows nothing when the core cannot count', async () => {
    vi.mocked(T.alertCount).mockRejectedValue(new Error('no profile'));
    captureAlertsEvent();
    render(<AlertBadge onOpen={() => {}} />);
    await waitFor(() => expect(T.alertCount).toHaveBeenCalled());
    expect(screen.queryByTestId('alert-badge')).toBeNull();
  });
});

describe('AlertsView', () => {
  it('lists open alerts, opens a transfer, acknowledges one and reloads on the event', async () => {
    vi.mocked(T.alerts).mockResolvedValue([alert('1', 'failed'), alert('2', 'pending')]);
    vi.mocked(T.alertSettings).mockResolvedValue(settings);
    vi.mocked(T.ackAlert).mockResolvedValue(undefined);
    const ev = captureAlertsEvent();
    const onOpen = vi.fn();
    render(<AlertsView onOpen={onOpen} />);
    expect(await screen.findByText('Transfer 1 failed')).toBeTruthy();
    expect(screen.getByText('Pending too long')).toBeTruthy();
    expect(T.alerts).toHaveBeenLastCalledWith(false);
    fireEvent.click(screen.getByRole('button', { name: 'Open transfer t-2' }));
    expect(onOpen).toHaveBeenCalledWith('t-2');

    vi.mocked(T.alerts).mockResolvedValue([alert('2', 'pending')]);
    fireEvent.click(screen.getAllByTestId('alert-ack')[0]!);
    await waitFor(() => expect(screen.queryByText('Transfer 1 failed')).toBeNull());
    expect(T.ackAlert).toHaveBeenCalledWith('1');

    vi.mocked(T.alerts).mockResolvedValue([alert('2', 'pending'), alert('3', 'failed')]);
    ev.fire(2);
    expect(await screen.findByText('Transfer 3 failed')).toBeTruthy();
  });

  it('asks Go for acknowledged ones too when asked', async () => {
    vi.mocked(T.alerts).mockResolvedValue([alert('1', 'failed', true)]);
    vi.mocked(T.alertSettings).mockResolvedValue(settings);
    captureAlertsEvent();
    render(<AlertsView onOpen={() => {}} />);
    fireEvent.click(screen.getByTestId('alerts-show-acked'));
    await waitFor(() => expect(T.alerts).toHaveBeenLastCalledWith(true));
    expect(await screen.findByText('Acknowledged')).toBeTruthy();
  });

  it('shows why alerts cannot be listed or acknowledged', async () => {
    vi.mocked(T.alerts).mockResolvedValue([alert('1', 'failed')]);
    vi.mocked(T.alertSettings).mockResolvedValue(settings);
    vi.mocked(T.ackAlert).mockRejectedValue(new Error('alert 1: no such alert in this profile'));
    captureAlertsEvent();
    render(<AlertsView onOpen={() => {}} />);
    fireEvent.click(await screen.findByTestId('alert-ack'));
    expect((await screen.findByRole('alert')).textContent).toBe('alert 1: no such alert in this profile');
    expect(screen.getByText('Transfer 1 failed')).toBeTruthy();
  });
});

describe('AlertsView load error', () => {
  it('says the list could not be loaded', async () => {
    vi.mocked(T.alerts).mockRejectedValue(new Error('no active profile'));
    vi.mocked(T.alertSettings).mockResolvedValue(settings);
    captureAlertsEvent();
    render(<AlertsView onOpen={() => {}} />);
    expect((await screen.findByRole('alert')).textContent).toBe('no active profile');
  });
});

describe('alert settings', () => {
  it.each([
    ['24', 1440],
    ['0.5', 30],
    ['1,5', 90],
    [' 2 ', 120],
    ['', NaN],
    ['-1', NaN],
    ['1e3', NaN],
    ['two', NaN],
  ])('hours %j → %d minutes', (typed, want) => expect(hoursToMinutes(typed)).toBe(want));

  it.each([
    [1440, '24'],
    [30, '0.5'],
    [1, '0.02'],
  ])('%d minutes → %s hours', (m, want) => expect(minutesToHours(m)).toBe(want));

  it('saves a toggle at once and the threshold in minutes; shows Go refusing a threshold', async () => {
    vi.mocked(T.alertSettings).mockResolvedValue(settings);
    vi.mocked(T.setAlertSettings).mockImplementation(async (s) => s);
    render(<AlertSettingsForm />);
    fireEvent.click(await screen.findByTestId('alerts-failed'));
    await waitFor(() => expect(T.setAlertSettings).toHaveBeenLastCalledWith({ ...settings, failed: false }));
    fireEvent.change(screen.getByTestId('alerts-hours'), { target: { value: '0.5' } });
    fireEvent.click(screen.getByTestId('alerts-save'));
    await waitFor(() => expect(T.setAlertSettings).toHaveBeenLastCalledWith({ ...settings, failed: false, pendingAfterMinutes: 30 }));

    vi.mocked(T.setAlertSettings).mockRejectedValue(new Error('the pending threshold must be between 1 minute and 30 days (got 0 minutes)'));
    fireEvent.change(screen.getByTestId('alerts-hours'), { target: { value: '0' } });
    fireEvent.click(screen.getByTestId('alerts-save'));
    expect((await screen.findByTestId('alerts-settings-error')).textContent).toMatch(/between 1 minute and 30 days/);
  });

  it('does not send a threshold that is not a number', async () => {
    vi.mocked(T.alertSettings).mockResolvedValue(settings);
    render(<AlertSettingsForm />);
    fireEvent.change(await screen.findByTestId('alerts-hours'), { target: { value: 'soon' } });
    fireEvent.click(screen.getByTestId('alerts-save'));
    expect((await screen.findByTestId('alerts-settings-error')).textContent).toMatch(/number of hours/);
    expect(T.setAlertSettings).not.toHaveBeenCalled();
  });
});
