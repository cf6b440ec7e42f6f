// Drives Mesh Desk served by `wails dev` (the real Go bindings over Wails' IPC) in headless
// Chromium on the Demo profile. Run by connect_test.go; one phase per run:
//   node connect.mjs URL PHASE ARTIFACTS_DIR USER_DATA_DIR
//   connect:    connect Sandbox Exchange through the real Link SDK and the emulator's Link page,
//               relaunch Link (authentication skipped), run a deposit, try a payment to a bad
//               address; screenshots of every view.
//   disconnect: disconnect the account.
// Prints one JSON line with what it saw.
import path from 'node:path';
import { launchPersistent } from '../internal/e2eutil/chromium.mjs';

const [url, phase, art, userData] = process.argv.slice(2);
if (!url || !phase || !art || !userData) {
  console.error('usage: node connect.mjs URL connect|disconnect ARTIFACTS_DIR USER_DATA_DIR');
  process.exit(2);
}
const ETHEREUM = 'e3c7fdd8-b1fc-4e51-85ae-bb276e075611';
const DEST = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
const T = 60_000;

const ctx = await launchPersistent(userData, {
  viewport: { width: 1280, height: 860 },
});
const out = { phase, errors: [], csp: '', cspViolations: [] };
const page = ctx.pages()[0] ?? (await ctx.newPage());
page.setDefaultTimeout(T);
page.on('pageerror', (e) => out.errors.push(String(e)));
const shot = (name) => page.screenshot({ path: path.join(art, `app-${name}.png`) });
const section = async (label) => {
  await page.getByRole('button', { name: label, exact: true }).click();
  await page.locator('#view-title').filter({ hasText: label === 'New transfer' ? 'New transfer' : label }).waitFor();
};
const linkFrame = () => page.frameLocator('#mesh-link-popup__iframe');
const activityTypes = () => page.locator('[data-testid=activity-log] li').evaluateAll((ls) => ls.map((l) => l.dataset.type));
const waitActivity = (type) => page.locator(`[data-testid=activity-log] li[data-type=${type}]`).first().waitFor({ timeout: T });

try {
  await page.goto(url, { waitUntil: 'load', timeout: T });
  await page.waitForFunction(() => typeof window.go?.main?.App?.ActiveProfile === 'function', null, { timeout: T });
  await page.getByTestId('demo-banner').waitFor();
  out.csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '');
  out.profile = await page.evaluate(() => window.go.main.App.ActiveProfile());

  if (phase === 'connect') {
    // The CSP refuses a frame from anywhere but the Link origin.
    out.cspViolations = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const seen = [];
          document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
          const f = document.createElement('iframe');
          f.src = 'http://127.0.0.2:9/not-link';
          document.body.appendChild(f);
          setTimeout(() => {
            f.remove();
            resolve(seen);
          }, 1500);
        }),
    );

    await section('Settings');
    await page.getByTestId('test-connection').click();
    await page.getByTestId('test-result').waitFor();
    out.testOk = (await page.getByTestId('test-result').getAttribute('data-ok')) === 'true';
    await shot('settings');

    // Connect Sandbox Exchange through Link.
    await section('Connect');
    await page.getByTestId('catalog-sandbox').waitFor();
    await shot('connect-catalog');
    await page.getByTestId('open-link').click();
    const f = linkFrame();
    await f.getByTestId('catalog-title').waitFor();
    await f.getByTestId('integration-sandbox-exchange').click();
    await f.getByTestId('username').fill('sandbox-user');
    await f.getByTestId('password').fill('any-password');
    await f.getByTestId('credentials-submit').click();
    await f.getByTestId('connected-title').waitFor();
    await waitActivity('connectionSaved');
    await shot('connect-connected');
    await f.getByTestId('done').click();
    await page.locator('[data-testid=link-status][data-status=closed]').waitFor();
    out.connectEvents = await activityTypes();
    out.connected = await page.getByTestId('connected-accounts').textContent();

    // Relaunch Link for the same user: the stored tokenId skips authentication.
    await page.getByTestId('open-link').click();
    await linkFrame().getByTestId('returning-title').waitFor();
    await linkFrame().getByTestId('known-account-sandbox-exchange').click();
    await linkFrame().getByTestId('connected-title').waitFor();
    await waitActivity('connectionSaved');
    out.returnEvents = await activityTypes();
    await shot('connect-returning');
    await linkFrame().getByTestId('done').click();
    await page.locator('[data-testid=link-status][data-status=closed]').waitFor();

    // Accounts list.
    await section('Accounts');
    await page.getByTestId('accounts-table').waitFor();
    out.accounts = await page.locator('[data-testid=account-status]').allTextContents();
    await shot('accounts');

    // A deposit: the form, Link, and the result at once.
    await section('New transfer');
    await page.getByLabel('Journey').selectOption('deposit');
    await page.getByLabel('Network').selectOption(ETHEREUM);
    await page.getByLabel('Symbol').selectOption('USDC');
    await page.getByLabel('Address').fill(DEST);
    await page.getByLabel('Amount (optional)').fill('25');
    await page.getByLabel('Transaction id').fill(`e2e-app-dep-${Date.now()}`);
    await shot('journey-form');
    await page.getByTestId('open-link').click();
    const d = linkFrame();
    await d.getByTestId('known-account-sandbox-exchange').click();
    await d.getByTestId('amount-submit').click();
    await d.getByTestId('preview-confirm').click();
    await page.getByTestId('transfer-result').waitFor();
    out.transferId = await page.getByTestId('result-transfer-id').textContent();
    out.transferStatusAtOnce = await page.getByTestId('result-status').textContent();
    await shot('journey-result');
    await d.getByTestId('done').click();
    await page.locator('[data-testid=link-status][data-status=closed]').waitFor();
    await page.getByTestId('check-transfer').click();
    await page.getByTestId('result-status').filter({ hasNotText: 'until' }).waitFor();
    out.transferStatus = await page.getByTestId('result-status').textContent();
    out.depositEvents = await activityTypes();

    // A payment to a bad address: Go's field error, no Link.
    const before = (await activityTypes()).length;
    await page.getByLabel('Journey').selectOption('payment');
    await page.getByLabel('Address').fill('0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed');
    await page.getByLabel('Amount (fixed)').fill('10');
    await page.getByTestId('open-link').click();
    const fe = page.locator('[data-field="destinations[0].address"]');
    await fe.waitFor();
    out.badAddressError = await fe.textContent();
    await page.waitForTimeout(500);
    out.linkOpenedForBadPayment = (await page.locator('#mesh-link-popup__iframe').count()) > 0 || (await activityTypes()).length !== before;
    await shot('journey-field-error');
  } else if (phase === 'disconnect') {
    await section('Accounts');
    const n = await page.getByTestId('disconnect').count();
    for (let i = 0; i < n; i++) {
      await page.getByTestId('disconnect').first().click();
      await page.getByTestId('confirm').click();
      await page.locator('.notice').waitFor();
    }
    out.note = await page.locator('.notice').textContent();
    out.remaining = await page.getByTestId('disconnect').count();
    await shot('accounts-disconnected');
  }
  out.storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
} catch (e) {
  out.errors.push(String(e));
  await shot(`failure-${phase}`).catch(() => {});
} finally {
  await ctx.close();
}
console.log(JSON.stringify(out));
