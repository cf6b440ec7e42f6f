// One Link session as the Connect and New transfer views run it: opens Link with a token from
// Go, sends each connection to Go (tokens go to the keychain there; nothing secret is kept
// here), keeps an activity log of onEvent, shows onExit's error and onTransferFinished's result
// at once, and explains a Link that never loads.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api';
import { type Account, type LinkSession, type Profile, linkAccessTokens, saveConnection } from './desk';
import { type LinkEventType, type TransferFinishedPayload, describeEvent, openMeshLink } from './meshLink';
import { type LoadWatch, type Timers, defaultLoadTimeoutMs, realTimers, stallMessage, watchLoaded } from './watchdog';

export type LinkStatus = 'idle' | 'opening' | 'open' | 'stalled' | 'closed';

/** One line of the activity log. */
export interface ActivityEntry {
  at: string;
  type: string;
  detail: string;
}

export interface LinkSessionState {
  status: LinkStatus;
  activity: ActivityEntry[];
  exitError?: string;
  stall?: string;
  error?: string;
  saved: Account[];
  transfer?: TransferFinishedPayload;
}

export interface UseLinkOptions {
  loadTimeoutMs?: number;
  timers?: Timers;
  /** Runs after Go stored the connected accounts (withdrawal shows their deposit addresses). */
  onSaved?: (accounts: Account[]) => void;
}

const now = () => new Date().toLocaleTimeString();

export function useLinkSession(opts: UseLinkOptions = {}) {
  const [state, setState] = useState<LinkSessionState>({ status: 'idle', activity: [], saved: [] });
  const watch = useRef<LoadWatch | undefined>(undefined);
  const link = useRef<{ closeLink: () => void } | undefined>(undefined);
  const onSaved = useRef(opts.onSaved);
  onSaved.current = opts.onSaved;

  useEffect(() => () => watch.current?.cancel(), []);

  const log = useCallback((type: string, detail = '') => {
    setState((s) => ({ ...s, activity: [...s.activity, { at: now(), type, detail }] }));
  }, []);

  const start = useCallback(
    async (session: LinkSession, profile: Profile, returning = true) => {
      const timeout = opts.loadTimeoutMs ?? defaultLoadTimeoutMs;
      setState({ status: 'opening', activity: [{ at: now(), type: 'linkTokenCreated', detail: `user ${session.userId}` }], saved: [] });
      if (profile.linkOrigin && session.linkOrigin !== profile.linkOrigin) {
        setState((s) => ({
          ...s,
          status: 'closed',
          error: `The link token opens ${session.linkOrigin}, but this profile's Link origin is ${profile.linkOrigin}: the window's security policy only allows frames from the latter.`,
        }));
        return;
      }
      try {
        const tokens = returning ? await linkAccessTokens(session.userId) : [];
        if (tokens.length > 0) log('returningUser', `${tokens.length} stored account(s) passed to Link`);
        watch.current?.cancel();
        watch.current = watchLoaded(
          timeout,
          () => {
            link.current?.closeLink();
            setState((s) => ({
              ...s,
              status: 'stalled',
              stall: stallMessage({ demo: profile.demo, linkOrigin: session.linkOrigin, pageOrigin: window.location.origin, timeoutMs: timeout }),
            }));
          },
          opts.timers ?? realTimers,
        );
        link.current = await openMeshLink(session.linkToken, profile.demo, tokens as never, {
          onEvent: (e: LinkEventType) => {
            if (e.type === 'pageLoaded') {
              watch.current?.loaded();
              setState((s) => (s.status === 'opening' ? { ...s, status: 'open' } : s));
            }
            log(e.type, describeEvent(e));
          },
          onIntegrationConnected: (payload) => {
            const names = payload.accessToken?.brokerName ?? payload.delayedAuth?.brokerName ?? '';
            log('accountsReceived', names);
            saveConnection(session.userId, payload).then(
              (accts) => {
                setState((s) => ({ ...s, saved: [...s.saved, ...accts] }));
                log('connectionSaved', accts.map((a) => `${a.brokerName} ${a.accountName || ''} (${a.status})`).join(', '));
                onSaved.current?.(accts);
              },
              (err: unknown) => setState((s) => ({ ...s, error: `The connection was not saved: ${errorMessage(err)}` })),
            );
          },
          onTransferFinished: (p) => {
            log('transferFinished', `${p.amount} ${p.symbol}`);
            setState((s) => ({ ...s, transfer: p }));
          },
          onExit: (error) => {
            watch.current?.cancel();
            log('exit', error ?? '');
            setState((s) => ({ ...s, status: s.status === 'stalled' ? 'stalled' : 'closed', exitError: error || undefined }));
          },
        });
      } catch (err) {
        watch.current?.cancel();
        setState((s) => ({ ...s, status: 'closed', error: errorMessage(err) }));
      }
    },
    [log, opts.loadTimeoutMs, opts.timers],
  );

  const reset = useCallback(() => setState({ status: 'idle', activity: [], saved: [] }), []);
  return { ...state, start, reset };
}
