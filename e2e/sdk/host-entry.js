// The test host page's script: Mesh's real web Link SDK, bundled by esbuild, wired to a log
// the tests read (window.__meshLog). window.meshLinkShouldSkipPrewarm is set before this runs.
import { createLink } from '@meshconnect/web-link-sdk';

window.__meshLog = [];
const log = (kind, data) => window.__meshLog.push({ kind, data: data === undefined ? null : JSON.parse(JSON.stringify(data)) });

window.openMesh = (linkToken, options = {}) => {
  const link = createLink({
    accessTokens: options.accessTokens,
    language: options.language,
    onIntegrationConnected: (payload) => log('integrationConnected', payload),
    onTransferFinished: (payload) => log('transferFinished', payload),
    onEvent: (event) => log('event', event),
    onExit: (error, summary) => log('exit', { error: error ?? null, summary: summary ?? null }),
  });
  link.openLink(linkToken);
  return true;
};
