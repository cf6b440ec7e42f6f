// The system-browser mode's page in headless Chromium: opens the loopback host page Go
// served, signs in to the emulator's Sandbox Exchange inside the real SDK's Link iframe, picks
// the accounts, presses Done, and waits for the page to report that Mesh Desk took the result.
// Usage: node browser.mjs URL SCREENSHOT_PREFIX   Env: CHROMIUM. Prints one JSON line.
import { launch } from '../internal/e2eutil/chromium.mjs';

const [url, shots] = process.argv.slice(2);
if (!url || !shots) {
  console.error('usage: node browser.mjs URL SCREENSHOT_PREFIX');
  process.exit(2);
}
const browser = await launch();
const out = { errors: [], requests: [], status: '', kind: '' };
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => out.errors.push(String(e)));
  page.on('request', (r) => out.requests.push(new URL(r.url()).origin));
  page.setDefaultTimeout(20000);
  await page.goto(url);
  const frame = page.frameLocator('#mesh-link-popup__iframe');
  await frame.getByTestId('username').fill('treasury');
  await frame.getByTestId('password').fill('sandbox');
  await page.screenshot({ path: `${shots}-1-link.png` });
  await frame.getByTestId('credentials-submit').click();
  const accounts = frame.getByTestId('accounts-submit');
  const done = frame.getByTestId('done');
  await Promise.race([accounts.waitFor(), done.waitFor()]);
  if (await accounts.isVisible()) await accounts.click();
  await done.click();
  // The exit reached Go ("…close this tab…"), or something failed.
  await page.locator('#status[data-kind=error], #status:has-text("close this tab")').waitFor();
  out.status = await page.locator('#status').textContent();
  out.kind = await page.locator('#status').getAttribute('data-kind');
  await page.screenshot({ path: `${shots}-2-done.png` });
} catch (e) {
  out.errors.push(String(e));
} finally {
  await browser.close();
}
out.requests = [...new Set(out.requests)];
console.log(JSON.stringify(out));
