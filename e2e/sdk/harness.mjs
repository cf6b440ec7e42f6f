// Shared set-up for the SDK tests: bundle the SDK into a host page served from its own
// loopback origin (cross-origin to the emulator, like a real app), launch Debian's
// Chromium through playwright-core, and talk to the emulator through @meshconnect/node-api.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { FrontApi } from '@meshconnect/node-api';

const here = path.dirname(fileURLToPath(import.meta.url));

export const env = {
  simURL: process.env.MESHSIM_URL,
  clientId: process.env.MESHSIM_CLIENT_ID,
  clientSecret: process.env.MESHSIM_CLIENT_SECRET,
  chromium: process.env.CHROMIUM || '/usr/bin/chromium',
};
if (!env.simURL || !env.clientId || !env.clientSecret) {
  throw new Error('MESHSIM_URL, MESHSIM_CLIENT_ID and MESHSIM_CLIENT_SECRET must be set (the Go test sets them)');
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function meshApi() {
  return new FrontApi({
    baseURL: env.simURL,
    headers: { 'X-Client-Id': env.clientId, 'X-Client-Secret': env.clientSecret },
    validateStatus: () => true,
  });
}

// linkToken asks the emulator for a link token through Mesh's own Node client.
export async function linkToken(api, body) {
  const res = await api.managedAccountAuthentication.v1LinktokenCreate(body);
  if (res.status !== 200 || !res.data?.content?.linkToken) {
    throw new Error(`linktoken: HTTP ${res.status} ${JSON.stringify(res.data)}`);
  }
  return res.data.content.linkToken;
}

async function bundle() {
  const out = await esbuild.build({
    entryPoints: [path.join(here, 'host-entry.js')],
    bundle: true, minify: true, write: false, format: 'iife', platform: 'browser', target: 'es2020',
    logLevel: 'silent', define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
  });
  return out.outputFiles[0].text;
}

const HOST_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>SDK host</title>
<script>window.meshLinkShouldSkipPrewarm = true;</script><script src="/sdk.js"></script></head>
<body><h1>Mesh Desk SDK test host</h1></body></html>`;

// startHost serves the host page and the bundle on 127.0.0.1:<random>.
export async function startHost() {
  const js = await bundle();
  const srv = http.createServer((req, res) => {
    if (req.url === '/sdk.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'max-age=3600' });
      return res.end(js);
    }
    if (req.url === '/' || req.url.startsWith('/?')) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(HOST_HTML);
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${srv.address().port}/`, close: () => new Promise((r) => srv.close(r)) };
}

// launch starts Chromium with one browser context for all scenarios (pages are cheap,
// contexts are not on a 2-core machine). Every request that leaves loopback is aborted and
// recorded in `offsite`: the whole journey must work offline (no prewarm, no CDN).
export async function launch() {
  const browser = await chromium.launch({ executablePath: env.chromium, args: CHROMIUM_ARGS, headless: true });
  const context = await browser.newContext();
  const offsite = [];
  await context.route(/^(?!http:\/\/(127\.0\.0\.1|localhost)[:/])/, (route) => {
    offsite.push(route.request().url());
    return route.abort();
  });
  return { browser, context, offsite };
}

// openLink loads the host page in a new page and opens Link with the token.
export async function openLink(context, hostURL, token, options = {}) {
  const page = await context.newPage();
  await page.goto(hostURL);
  await page.evaluate(([t, o]) => window.openMesh(t, o), [token, options]);
  const frame = page.frameLocator('#mesh-link-popup__iframe');
  return { page, frame };
}

export async function log(page) {
  return page.evaluate(() => window.__meshLog);
}

// waitFor polls the host page's log until pred finds an entry.
export async function waitFor(page, what, pred, timeout = 30000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const entries = await log(page);
    const hit = entries.find(pred);
    if (hit) return hit;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; log: ${JSON.stringify(entries.map((e) => e.kind === 'event' ? e.data.type : e.kind))}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function eventTypes(entries) {
  return entries.filter((e) => e.kind === 'event').map((e) => e.data.type);
}

// shot saves a PNG of the page to $E2E_SHOTS/<name>.png when E2E_SHOTS is set (for people
// reviewing the page; the tests do not depend on it).
export async function shot(page, name) {
  const dir = process.env.E2E_SHOTS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}
