// Loads the app served by `wails dev` in headless Chromium and calls a bound Go method over
// Wails' real IPC. Usage: node ipc.mjs URL SCREENSHOT.png
// Env: CHROMIUM (the browser binary). Prints one JSON line: {appInfo, title}.
import { launch } from '../internal/e2eutil/chromium.mjs';

const [url, shot] = process.argv.slice(2);
if (!url || !shot) {
  console.error('usage: node ipc.mjs URL SCREENSHOT.png');
  process.exit(2);
}
const browser = await launch();
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
