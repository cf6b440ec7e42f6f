import { describe, expect, it, vi } from 'vitest';
import { cspFor, installCSP } from './csp';
import { describeEvent } from './meshLink';
import { type Timers, stallMessage, watchLoaded } from './watchdog';
import { categoriesOf, filterCatalog, logoOf } from '../views/Connect/catalog';
import type { Integration } from './desk';

/** Fake timers the watchdog is given: fire() runs the pending callback. */
function fakeTimers() {
  let pending: (() => void) | undefined;
  const t: Timers & { fire: () => void; cleared: number } = {
    cleared: 0,
    set: (fn) => {
      pending = fn;
      return 1;
    },
    clear: () => {
      t.cleared++;
      pending = undefined;
    },
    fire: () => pending?.(),
  };
  return t;
}

describe('watchLoaded', () => {
  it('explains a Link that never loads', () => {
    const t = fakeTimers();
    const onStall = vi.fn();
    watchLoaded(5000, onStall, t);
    t.fire();
    expect(onStall).toHaveBeenCalledTimes(1);
  });
  it('stays quiet once Link loaded', () => {
    const t = fakeTimers();
    const onStall = vi.fn();
    const w = watchLoaded(5000, onStall, t);
    w.loaded();
    t.fire();
    w.cancel();
    expect(onStall).not.toHaveBeenCalled();
    expect(t.cleared).toBe(1);
  });
});

describe('stallMessage', () => {
  it('names the origin to allow-list and the system-browser mode for real Mesh', () => {
    const m = stallMessage({ demo: false, linkOrigin: 'https://web.meshconnect.com', pageOrigin: 'wails://wails', timeoutMs: 8000 });
    expect(m).toContain('8 s');
    expect(m).toContain('wails://wails');
    expect(m).toContain('http://wails.localhost');
    expect(m).toContain('system browser');
  });
  it('blames the emulator on the Demo profile', () => {
    expect(stallMessage({ demo: true, linkOrigin: 'http://127.0.0.1:5', pageOrigin: 'x', timeoutMs: 3000 })).toContain('Demo emulator at http://127.0.0.1:5');
  });
});

describe('CSP', () => {
  it('allows scripts from the app and frames from the Link origin only', () => {
    const p = cspFor('http://127.0.0.1:4321');
    expect(p).toContain("script-src 'self'");
    expect(p).toContain('frame-src http://127.0.0.1:4321;');
    expect(p).not.toContain('*');
    expect(cspFor('')).toContain("frame-src 'none'");
  });
  it('is installed once', () => {
    const doc = document.implementation.createHTMLDocument('t');
    installCSP('https://web.meshconnect.com', doc);
    installCSP('http://evil.example', doc);
    const metas = doc.head.querySelectorAll('meta[http-equiv="Content-Security-Policy"]');
    expect(metas).toHaveLength(1);
    expect((metas[0] as HTMLMetaElement).content).toContain('frame-src https://web.meshconnect.com');
  });
});

describe('describeEvent', () => {
  it('keeps plain fields and never an object (tokens travel in objects)', () => {
    const e = { type: 'integrationConnected', payload: { integrationName: 'Coinbase', accessToken: { accountTokens: [{ tokenId: 'secret' }] } } };
    const d = describeEvent(e as never);
    expect(d).toBe('integrationName: Coinbase');
    expect(d).not.toContain('secret');
  });
  it('is empty without a payload', () => expect(describeEvent({ type: 'pageLoaded' } as never)).toBe(''));
});

describe('catalog', () => {
  const all = [
    { id: '1', name: 'Kraken', type: 'kraken', categories: ['exchange'], logo: { logoLightUrl: 'http://x/k.png' } },
    { id: '2', name: 'MetaMask', type: 'deFiWallet', categories: ['wallet'], logo: { base64Logo: 'AAA' } },
    { id: '3', name: 'Coinbase', type: 'coinbase', categories: ['exchange'] },
  ] as unknown as Integration[];
  it('searches names and types and filters by category, sorted by name', () => {
    expect(filterCatalog(all, '', '').map((i) => i.name)).toEqual(['Coinbase', 'Kraken', 'MetaMask']);
    expect(filterCatalog(all, 'defi', '').map((i) => i.name)).toEqual(['MetaMask']);
    expect(filterCatalog(all, '', 'exchange').map((i) => i.name)).toEqual(['Coinbase', 'Kraken']);
    expect(filterCatalog(all, 'kra', 'wallet')).toEqual([]);
    expect(categoriesOf(all)).toEqual(['exchange', 'wallet']);
  });
  it('picks a logo', () => {
    expect(logoOf(all[0]!)).toBe('http://x/k.png');
    expect(logoOf(all[1]!)).toBe('data:image/png;base64,AAA');
    expect(logoOf(all[2]!)).toBeUndefined();
  });
});
