import { describe, expect, it } from 'vitest';
import { applyStep, hostScriptPath } from './browserMode';
import type { LinkSessionState } from './useLinkSession';

const opening: LinkSessionState = { status: 'opening', activity: [], saved: [] };

describe('hostScriptPath', () => {
  it.each([
    ['/assets/browserModeHost-abc.js', 'assets/browserModeHost-abc.js'],
    ['./assets/browserModeHost-abc.js', 'assets/browserModeHost-abc.js'],
    ['assets/browserModeHost-abc.js', 'assets/browserModeHost-abc.js'],
    ['wails://wails/assets/browserModeHost-abc.js', 'assets/browserModeHost-abc.js'],
  ])('%s → %s', (url, want) => expect(hostScriptPath(url)).toBe(want));
});

describe('applyStep', () => {
  it('opens on pageLoaded and logs every step', () => {
    const s = applyStep(opening, { type: 'pageLoaded' });
    expect(s.status).toBe('open');
    expect(s.activity.map((a) => a.type)).toEqual(['pageLoaded']);
    expect(applyStep(s, { type: 'integrationSelected', detail: 'integrationName: Coinbase' }).status).toBe('open');
  });
  it('adds saved accounts, keeps save failures and exit errors', () => {
    let s = applyStep(opening, { type: 'connectionSaved', accounts: [{ id: 'c1' } as never] });
    expect(s.saved).toHaveLength(1);
    s = applyStep(s, { type: 'saveFailed', error: 'keychain locked' });
    expect(s.error).toContain('keychain locked');
    s = applyStep(s, { type: 'exit', error: 'user closed' });
    expect(s.status).toBe('closed');
    expect(s.exitError).toBe('user closed');
  });
  it('explains a session that expired', () => {
    const s = applyStep(opening, { type: 'expired' });
    expect(s.status).toBe('closed');
    expect(s.error).toMatch(/ended without an answer/);
  });
  it('an exit without error is no error', () => expect(applyStep(opening, { type: 'exit', error: '' }).exitError).toBeUndefined());
});
