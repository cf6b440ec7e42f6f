// Loads the app served by `wails dev` in headless Chromium and calls a bound Go method over
// Wails' real IPC. Usage: node ipc.mjs URL SCREENSHOT.png
// Env: CHROMIUM (the browser binary). Prints one JSON line: {appInfo, title}.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// playwright-core is a dependency of the frontend; resolve it from there.
const require = createRequire(path.join(here, '..', '..', 'frontend', 'package.json'));
const { chromium } = require('playwright-core');

const [url, shot] = process.argv.slice(2);
if (!url || !shot) {
  console.error('usage: node ipc.mjs URL SCREENSHOT.png');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  await page.waitForFunction(() => typeof window.go?.main?.App?.AppInfo === 'function', null, { timeout: 60_000 });
  const appInfo = await page.evaluate(() => window.go.main.App.AppInfo());
  await page.waitForFunction((t) => document.title === t, `Mesh Desk — ${appInfo.profile}`, { timeout: 30_000 });
  await page.screenshot({ path: shot });
  console.log(JSON.stringify({ appInfo, title: await page.title(), errors }));
} finally {
  await browser.close();
}
