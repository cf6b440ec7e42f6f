// The Content-Security-Policy of the app's page: scripts from the app only, frames only from
// the Link origin in use (the Demo emulator's loopback origin, or web.meshconnect.com). It is
// installed as a <meta> policy once the active profile is known; switching profiles reloads
// the page, so a policy never has to widen.

/** The policy for a Link origin ("" allows no frames at all). */
export function cspFor(linkOrigin: string): string {
  const frames = linkOrigin ? linkOrigin : "'none'";
  // 'self' is the app's own origin (wails://wails, http://wails.localhost, or the dev server);
  // the scheme sources cover WebKit builds that do not match custom schemes with 'self'.
  return [
    "script-src 'self' wails: http://wails.localhost",
    "object-src 'none'",
    "base-uri 'self'",
    `frame-src ${frames}`,
    `child-src ${frames}`,
  ].join('; ');
}

const marker = 'data-meshdesk-csp';

/** Adds the policy to the document's head (once; later calls keep the first policy). Returns
 * the policy in force. */
export function installCSP(linkOrigin: string, doc: Document = document): string {
  const existing = doc.head.querySelector<HTMLMetaElement>(`meta[${marker}]`);
  if (existing) return existing.content;
  const meta = doc.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = cspFor(linkOrigin);
  meta.setAttribute(marker, linkOrigin);
  doc.head.appendChild(meta);
  return meta.content;
}
