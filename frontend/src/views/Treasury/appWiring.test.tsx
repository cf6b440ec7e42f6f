// The shell's treasury wiring (App.tsx): the alert badge in the header follows Go's alerts
// event and opens the Alerts tab; a clicked desktop notification (alerts:open) opens its
// transfer beside the alerts.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../../wailsjs/go/main/App', () => ({ AppInfo: vi.fn(async () => ({ profile: 'Demo', version: '1.0.0' })) }));
vi.mock('../../../wailsjs/runtime/runtime', () => ({ WindowSetTitle: vi.fn(), EventsEmit: vi.fn(), EventsOn: vi.fn(), EventsOff: vi.fn() }));
vi.mock('../../api/treasury', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../api/treasury')>();
  return {
    fieldErrors: real.fieldErrors,
    alertCount: vi.fn(),
    onAlerts: vi.fn(),
    onAlertOpen: vi.fn(),
    alerts: vi.fn(async () => []),
    alertSettings: vi.fn(async () => ({ failed: true, pending: true, pendingAfterMinutes: 1440, desktop: true })),
    refundQueue: vi.fn(async () => []),
    addressLabels: vi.fn(async () => []),
  };
});
vi.mock('../TransferDetail/TransferDetail', () => ({
  TransferDetail: ({ id }: { id: string }) => <aside data-testid="transfer-detail" data-id={id} />,
}));

import * as T from '../../api/treasury';
import App from '../../App';

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

/** Captures the listeners App and the badge subscribe, so a test can fire Go's events. */
function captureEvents() {
  const badge: ((b: T.AlertBadgeEvent) => void)[] = [];
  const open: ((id: string) => void)[] = [];
  vi.mocked(T.onAlerts).mockImplementation((cb) => (badge.push(cb), () => {}));
  vi.mocked(T.onAlertOpen).mockImplementation((cb) => (open.push(cb), () => {}));
  return {
    badge: (n: number) => act(() => badge.forEach((l) => l({ profileId: 'p1', open: n }))),
    open: (id: string) => act(() => open.forEach((l) => l(id))),
  };
}

const heading = () => screen.getByRole('heading', { level: 1 }).textContent;

describe('App treasury wiring', () => {
  it('the header badge counts open alerts, follows the event and opens the Alerts tab', async () => {
    vi.mocked(T.alertCount).mockResolvedValue(2);
    const ev = captureEvents();
    render(<App />);
    expect((await screen.findByTestId('alert-badge')).textContent).toContain('2 open alerts');
    ev.badge(5);
    expect(screen.getByTestId('alert-badge').textContent).toContain('5 open alerts');
    expect(heading()).toContain('Accounts');
    fireEvent.click(screen.getByTestId('alert-badge'));
    expect(heading()).toContain('Treasury');
    expect(screen.getByTestId('tab-alerts').getAttribute('aria-selected')).toBe('true');
  });

  it('a clicked notification opens its transfer beside the alerts; "" opens the list only', async () => {
    vi.mocked(T.alertCount).mockResolvedValue(0);
    const ev = captureEvents();
    render(<App />);
    ev.open('t-42');
    expect(heading()).toContain('Treasury');
    expect(screen.getByTestId('tab-alerts').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('transfer-detail').getAttribute('data-id')).toBe('t-42');
    fireEvent.click(screen.getByRole('button', { name: 'Transfers' }));
    ev.open('');
    expect(heading()).toContain('Treasury');
    expect(screen.queryByTestId('transfer-detail')).toBeNull();
    expect(screen.queryByTestId('alert-badge')).toBeNull();
  });
});
