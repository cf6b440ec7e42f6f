// The Link host page of the system-browser mode. Go's loopback server (linkhost) serves it at
// http://localhost:PORT/<one-time secret>/ and opens it in the user's browser; it runs the
// real Mesh web Link SDK there (bundled by Vite as a self-contained script: browserMode.ts
// imports it with ?worker&url) and relays every SDK callback to the loopback server, which
// hands them to the same Go code the embedded mode uses. Nothing here reaches the network
// except Link itself.
// The prewarm switch (window.meshLinkShouldSkipPrewarm) is set by the server's boot.js, which
// runs before this script, because the SDK reads it when it loads.
import { type LinkEventType, type LinkPayload, type TransferFinishedPayload, createLink } from '@meshconnect/web-link-sdk';

/** What GET ./session returns. */
interface HostSession {
  linkToken: string;
  accessTokens: unknown[];
}

/** Where this page was served: every call stays under the secret path. */
const base = window.location.pathname.endsWith('/') ? window.location.pathname : window.location.pathname + '/';

function status(text: string, kind: 'info' | 'error' | 'done' = 'info'): void {
  const el = document.getElementById('status');
  if (el) {
    el.textContent = text;
    el.setAttribute('data-kind', kind);
  }
}

/** Sends one callback to Go; resolves when Go has handled it. */
async function relay(kind: string, payload: unknown): Promise<void> {
  const r = await fetch(base + 'event', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind, payload }),
    cache: 'no-store',
  });
  if (!r.ok) throw new Error(`Mesh Desk did not accept ${kind} (${r.status}): ${(await r.text()).trim()}`);
}

async function main(): Promise<void> {
  const r = await fetch(base + 'session', { cache: 'no-store' });
  if (!r.ok) throw new Error(`This Link page has expired (${r.status}). Start again from Mesh Desk.`);
  const s = (await r.json()) as HostSession;
  let ended = false;
  const link = createLink({
    accessTokens: s.accessTokens.length > 0 ? (s.accessTokens as never) : undefined,
    onIntegrationConnected: (p: LinkPayload) => {
      status('Connected — saving in Mesh Desk…');
      relay('integrationConnected', p).then(
        () => status('Saved in Mesh Desk.', 'done'),
        (e: Error) => status(e.message, 'error'),
      );
    },
    onTransferFinished: (p: TransferFinishedPayload) => void relay('transferFinished', p).catch((e: Error) => status(e.message, 'error')),
    onEvent: (e: LinkEventType) => void relay('event', e).catch(() => {}),
    onExit: (error?: string) => {
      if (ended) return;
      ended = true;
      relay('exit', { error: error ?? '' }).then(
        () => status(error ? `Link ended: ${error}. You can close this tab.` : 'Done. You can close this tab and return to Mesh Desk.', error ? 'error' : 'done'),
        (e: Error) => status(e.message, 'error'),
      );
    },
  });
  status('Link is open.');
  link.openLink(s.linkToken);
}

main().catch((e: Error) => status(e.message, 'error'));
