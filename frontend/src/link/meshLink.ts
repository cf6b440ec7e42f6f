// Mesh's web Link SDK (@meshconnect/web-link-sdk), loaded on first use. On the Demo profile
// window.meshLinkShouldSkipPrewarm is set before the import, so the SDK loads nothing from
// Mesh's servers.
import type {
  IntegrationAccessToken,
  Link,
  LinkEventType,
  LinkPayload,
  TransferFinishedPayload,
} from '@meshconnect/web-link-sdk';

export type { IntegrationAccessToken, LinkEventType, LinkPayload, TransferFinishedPayload };

type Sdk = typeof import('@meshconnect/web-link-sdk');
let sdk: Promise<Sdk> | undefined;

/** Imports the SDK once; demo skips its prewarm iframe. */
export function loadSdk(demo: boolean): Promise<Sdk> {
  if (!sdk) {
    if (demo) window.meshLinkShouldSkipPrewarm = true;
    sdk = import('@meshconnect/web-link-sdk');
  }
  return sdk;
}

/** The callbacks of one Link session. */
export interface LinkCallbacks {
  onIntegrationConnected: (payload: LinkPayload) => void;
  onTransferFinished: (payload: TransferFinishedPayload) => void;
  onEvent: (event: LinkEventType) => void;
  onExit: (error?: string) => void;
}

/** Opens Link for a token; returns the SDK's Link (closeLink ends it). */
export async function openMeshLink(
  token: string,
  demo: boolean,
  accessTokens: IntegrationAccessToken[],
  cb: LinkCallbacks,
): Promise<Link> {
  const { createLink } = await loadSdk(demo);
  const link = createLink({
    accessTokens: accessTokens.length > 0 ? accessTokens : undefined,
    onIntegrationConnected: cb.onIntegrationConnected,
    onTransferFinished: cb.onTransferFinished,
    onEvent: cb.onEvent,
    onExit: (error) => cb.onExit(error),
  });
  link.openLink(token);
  return link;
}

/** What of an event is safe and useful to show in the activity log (never a token). */
export function describeEvent(e: LinkEventType): string {
  const p = (e as { payload?: Record<string, unknown> }).payload;
  if (!p || typeof p !== 'object') return '';
  const keep = ['integrationName', 'integrationType', 'brokerName', 'symbol', 'amount', 'networkName', 'status', 'errorMessage', 'page'];
  return keep
    .filter((k) => p[k] !== undefined && p[k] !== null && typeof p[k] !== 'object')
    .map((k) => `${k}: ${String(p[k])}`)
    .join(', ');
}
