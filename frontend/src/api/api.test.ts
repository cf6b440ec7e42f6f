import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../wailsjs/runtime/runtime', () => ({
  WindowSetTitle: vi.fn(),
  EventsEmit: vi.fn(),
  EventsOn: vi.fn(),
  EventsOff: vi.fn(),
}));

import * as Runtime from '../../wailsjs/runtime/runtime';
import { errorMessage, getAppInfo, on, windowTitle } from './index';

type GoWindow = { go?: unknown; runtime?: unknown };

afterEach(() => {
  delete (window as GoWindow).go;
  delete (window as GoWindow).runtime;
});

describe('windowTitle', () => {
  it.each([
    ['Demo', 'Mesh Desk — Demo'],
    ['Treasury EU', 'Mesh Desk — Treasury EU'],
    [undefined, 'Mesh Desk'],
    ['', 'Mesh Desk'],
  ])('%s → %s', (profile, want) => {
    expect(windowTitle(profile)).toBe(want);
  });
});

describe('errorMessage', () => {
  it.each<[unknown, string]>([
    [new Error('boom'), 'boom'],
    ['plain text from Go', 'plain text from Go'],
    [{ code: 7 }, '{"code":7}'],
    [42, '42'],
  ])('%o', (err, want) => {
    expect(errorMessage(err)).toBe(want);
  });
  it('survives values JSON cannot encode', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(errorMessage(cyclic)).toBe('[object Object]');
  });
});

describe('getAppInfo', () => {
  it('calls the bound Go method over window.go', async () => {
    const AppInfo = vi.fn().mockResolvedValue({ profile: 'Demo' });
    (window as GoWindow).go = { main: { App: { AppInfo } } };
    await expect(getAppInfo()).resolves.toEqual({ profile: 'Demo' });
    expect(AppInfo).toHaveBeenCalledTimes(1);
  });
  it('passes on Go’s rejection', async () => {
    (window as GoWindow).go = { main: { App: { AppInfo: vi.fn().mockRejectedValue('no data folder') } } };
    await expect(getAppInfo()).rejects.toBe('no data folder');
  });
});

describe('on', () => {
  it('is a no-op outside Wails', () => {
    const off = on('x', () => {});
    off();
    expect(Runtime.EventsOn).not.toHaveBeenCalled();
  });
  it('returns the runtime’s unsubscribe, or falls back to EventsOff', () => {
    (window as GoWindow).runtime = {};
    const unsub = vi.fn();
    vi.mocked(Runtime.EventsOn).mockReturnValueOnce(unsub as never);
    on('a', () => {})();
    expect(unsub).toHaveBeenCalledTimes(1);
    vi.mocked(Runtime.EventsOn).mockReturnValueOnce(undefined as never);
    on('b', () => {})();
    expect(Runtime.EventsOff).toHaveBeenCalledWith('b');
  });
});
