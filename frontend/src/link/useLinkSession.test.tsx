import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

// The SDK and Go are replaced: the test drives the callbacks Link would call.
const sdk = vi.hoisted(() => ({ options: undefined as undefined | Record<string, (...a: unknown[]) => void>, closed: 0, opened: '' }));
vi.mock('@meshconnect/web-link-sdk', () => ({
  createLink: (o: Record<string, (...a: unknown[]) => void>) => {
    sdk.options = o;
    return { openLink: (t: string) => (sdk.opened = t), closeLink: () => sdk.closed++, closeLinkRequested: () => {} };
  },
}));
vi.mock('./desk', () => ({
  linkAccessTokens: vi.fn().mockResolvedValue([{ accountId: 'a', accountName: 'A', accessToken: 'tok-1', brokerType: 'sandbox', brokerName: 'S' }]),
  saveConnection: vi.fn().mockResolvedValue([{ id: 'c1', brokerName: 'Sandbox Exchange', accountName: 'acct', status: 'valid', userId: 'u1' }]),
}));

import { LinkPanel } from '../components/common/LinkPanel';
import type { LinkSession, Profile } from './desk';
import { saveConnection } from './desk';
import { useLinkSession } from './useLinkSession';
import type { Timers } from './watchdog';

afterEach(cleanup);

const session = { linkToken: 'TOKEN', linkOrigin: 'http://127.0.0.1:7', userId: 'u1', journey: 'connect' } as LinkSession;
const demo = { name: 'Demo', demo: true, production: false, linkOrigin: 'http://127.0.0.1:7' } as Profile;

function harness(timers: Timers) {
  let api: ReturnType<typeof useLinkSession> | undefined;
  function H() {
    const l = useLinkSession({ loadTimeoutMs: 4000, timers });
    api = l;
    return <LinkPanel {...l} />;
  }
  render(<H />);
  return () => api!;
}

function fakeTimers() {
  const pending: (() => void)[] = [];
  return { set: (fn: () => void) => pending.push(fn), clear: () => pending.splice(0), fire: () => pending.splice(0).forEach((f) => f()) };
}

describe('useLinkSession', () => {
  it('explains a Link that never loads and closes the blank overlay', async () => {
    const t = fakeTimers();
    const get = harness(t);
    await act(() => get().start(session, demo));
    expect(sdk.opened).toBe('TOKEN');
    expect(window.meshLinkShouldSkipPrewarm).toBe(true); // set before the SDK was imported (demo)
    act(() => t.fire());
    expect(screen.getByTestId('link-stalled').textContent).toContain('did not load from the Demo emulator at http://127.0.0.1:7 within 4 s');
    expect(screen.getByTestId('link-status').dataset.status).toBe('stalled');
    expect(sdk.closed).toBe(1);
  });

  it('passes stored tokens to Link, saves connections through Go and logs events', async () => {
    const t = fakeTimers();
    const get = harness(t);
    await act(() => get().start(session, demo));
    const o = sdk.options!;
    expect((o as unknown as { accessTokens: unknown[] }).accessTokens).toHaveLength(1);
    await act(async () => {
      o.onEvent!({ type: 'pageLoaded' });
      t.fire(); // too late: loaded came first
      o.onIntegrationConnected!({ accessToken: { brokerName: 'Sandbox Exchange', brokerType: 'sandbox', accountTokens: [{ tokenId: 'secret-token' }] } });
      await Promise.resolve();
    });
    expect(vi.mocked(saveConnection)).toHaveBeenCalledWith('u1', expect.objectContaining({ accessToken: expect.anything() }));
    expect(screen.queryByTestId('link-stalled')).toBeNull();
    expect((await screen.findByTestId('connected-accounts')).textContent).toContain('Sandbox Exchange');
    await act(async () => o.onExit!('connectionDeclined'));
    expect(screen.getByTestId('link-exit-error').textContent).toContain('connectionDeclined');
    const log = screen.getByTestId('activity-log').textContent ?? '';
    expect(log).toContain('pageLoaded');
    expect(log).toContain('returningUser');
    expect(log).not.toContain('secret-token');
  });

  it('refuses a token for another origin than the profile allows', async () => {
    const get = harness(fakeTimers());
    await act(() => get().start({ ...session, linkOrigin: 'https://elsewhere.example' } as LinkSession, demo));
    expect(screen.getByTestId('link-error').textContent).toContain('https://elsewhere.example');
  });
});
