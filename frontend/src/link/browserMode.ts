// The system-browser mode (Settings → Link → "In the system browser", or the fallback when
// the embedded Link does not load): Go serves a small Link host page from a loopback server
// (linkhost) and opens it in the user's browser; the SDK's callbacks come back to Go, which
// saves connections exactly as in the embedded mode and reports each step as a Wails event.
// useBrowserLink gives the Connect view the same state shape as useLinkSession.
import { useCallback, useEffect, useRef, useState } from 'react';
import * as App from '../../wailsjs/go/main/App';
import { main } from '../../wailsjs/go/models';
import { errorMessage, on } from '../api';
import type { Account, LinkSession } from './desk';
import type { LinkSessionState } from './useLinkSession';
// Vite bundles the host page's script on its own (the SDK inlined, no import of the app's
// chunks) and gives its URL; Go serves that file from the embedded frontend.
import hostScriptUrl from './browserModeHost.ts?worker&url';

/** The Wails event Go emits for each step of a system-browser Link session. */
export const BrowserLinkEvent = 'link:browser';

/** One step as Go reports it (never a token). */
export interface BrowserLinkStep {
  type: string;
  detail?: string;
  error?: string;
  accounts?: Account[];
  transfer?: LinkSessionState['transfer'];
}

/** The host script's path inside the built frontend ("assets/browserModeHost-….js"). */
export function hostScriptPath(url: string = hostScriptUrl): string {
  return url.replace(/^\.?\//, '').replace(/^.*?(assets\/)/, '$1');
}

const now = () => new Date().toLocaleTimeString();

/** Applies one step from Go to the session's state. */
export function applyStep(s: LinkSessionState, step: BrowserLinkStep): LinkSessionState {
  const activity = [...s.activity, { at: now(), type: step.type, detail: step.detail ?? '' }];
  switch (step.type) {
    case 'pageLoaded':
      return { ...s, activity, status: s.status === 'opening' ? 'open' : s.status };
    case 'connectionSaved':
      return { ...s, activity, saved: [...s.saved, ...(step.accounts ?? [])] };
    case 'saveFailed':
      return { ...s, activity, error: `The connection was not saved: ${step.error ?? ''}` };
    case 'transferFinished':
      return { ...s, activity, transfer: step.transfer };
    case 'exit':
      return { ...s, activity, status: 'closed', exitError: step.error || undefined };
    case 'expired':
      return { ...s, activity, status: 'closed', error: step.error || 'The browser Link session ended without an answer.' };
    default:
      return { ...s, activity };
  }
}

/** Runs Link in the system browser; same state as useLinkSession plus the page's URL. */
export function useBrowserLink() {
  const [state, setState] = useState<LinkSessionState & { url?: string }>({ status: 'idle', activity: [], saved: [] });
  const active = useRef(false);

  useEffect(
    () =>
      on(BrowserLinkEvent, (...data: unknown[]) => {
        if (!active.current) return;
        const step = data[0] as BrowserLinkStep;
        if (step.type === 'exit' || step.type === 'expired') active.current = false;
        setState((s) => applyStep(s, step));
      }),
    [],
  );

  const start = useCallback(async (session: LinkSession, integrationId = '') => {
    active.current = true;
    setState({ status: 'opening', activity: [{ at: now(), type: 'linkTokenCreated', detail: `user ${session.userId}, in the system browser` }], saved: [] });
    try {
      const r = await App.OpenLinkInBrowser(
        main.BrowserLinkRequest.createFrom({ linkToken: session.linkToken, userId: session.userId, integrationId, script: hostScriptPath() }),
      );
      setState((s) => ({ ...s, url: r.url, activity: [...s.activity, { at: now(), type: 'browserOpened', detail: `${r.origin} (allow-list this origin)` }] }));
    } catch (err) {
      active.current = false;
      setState((s) => ({ ...s, status: 'closed', error: errorMessage(err) }));
    }
  }, []);

  const reset = useCallback(() => {
    active.current = false;
    setState({ status: 'idle', activity: [], saved: [] });
  }, []);
  return { ...state, start, reset };
}
