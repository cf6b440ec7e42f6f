// Drives Mesh Desk's refund workflow, served by `wails dev` (real Go bindings over Wails' IPC),
// in headless Chromium. Run by treasury_test.go:
//   node treasury.mjs URL ARTIFACTS_DIR TRANSFER_ID HASH_SUBSTRING EDITED_AMOUNT REFUND_HASH NOTE DESTINATION LABEL
// Transfers → Ctrl-K, type a substring of the transfer's hash, Enter (opens the detail) →
// Refund… → the panel at the received amount (QR element screenshot, shown URI, Go's URI) →
// edit the amount, Enter → the same again → record Needed, then Sent with the hash and a note →
// a tag and a note → reload, open it again, read the state → the Transfers view's tag filter and
// its search finding the note → Treasury: the refunds queue's row, the Audit tab
// (reached with arrow keys) and its row → a label for the destination address through the
// Address book form → Alerts and Reconciliation (online) → the lowest text contrast of each view in
// light and dark.
// Prints one JSON line with what it saw.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', '..', 'frontend', 'package.json'));
const { chromium } = require('playwright-core');

const [url, art, id, hashPart, editedAmount, refundHash, note, destination, destLabel] = process.argv.slice(2);
// A word only the test's note holds, for the search.
const noteMark = 'zq7e2enote';
if (!destLabel) {
  console.error('usage: node treasury.mjs URL ARTIFACTS_DIR TRANSFER_ID HASH_SUBSTRING EDITED_AMOUNT REFUND_HASH NOTE DESTINATION LABEL');
  process.exit(2);
}
const T = 60_000;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const out = { errors: [], contrast: {} };
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.setDefaultTimeout(T);
page.on('pageerror', (e) => out.errors.push(String(e)));
const shot = (name) => page.screenshot({ path: path.join(art, `treasury-${name}.png`) });
const tid = (s) => page.getByTestId(s);
const text = async (s) => (await tid(s).innerText()).trim();

async function ready() {
  await page.waitForFunction(() => typeof window.go?.main?.App?.RefundRequest === 'function', null, { timeout: T });
}

async function nav(name) {
  await page.getByRole('button', { name, exact: true }).click();
  await page.locator('#view-title').filter({ hasText: name }).waitFor();
}

// Finds the transfer by a substring of its hash with the keyboard and opens it (Enter).
async function openTransfer() {
  await nav('Transfers');
  await tid('vt-body').click();
  await page.keyboard.press('Control+K');
  out.searchFocused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'search');
  await page.keyboard.type(hashPart);
  await page.waitForFunction(() => /^1 transfers/.test(document.querySelector('[data-testid=total]')?.textContent ?? ''), null, { timeout: T });
  await page.waitForFunction(() => document.querySelectorAll('.vt-row:not(.loading)').length === 1, null, { timeout: T });
  await page.keyboard.press('Enter');
  await tid('transfer-detail').waitFor();
  out.opened = true;
  // The Refund… button, pressed from the keyboard.
  await tid('refund-open').focus();
  await page.keyboard.press('Enter');
  await tid('refund-panel').waitFor();
}

// The panel as shown now, Go's URI for the same amount, and a screenshot of the QR element.
async function readPanel(name) {
  const qr = tid('refund-request-qr');
  await qr.evaluate((img) => (img.complete ? null : new Promise((r) => img.addEventListener('load', r, { once: true }))));
  const qrPath = path.join(art, `treasury-qr-${name}.png`);
  await qr.screenshot({ path: qrPath });
  const amount = await tid('refund-amount').inputValue();
  const go = await page.evaluate(([id, amount]) => window.go.main.App.RefundRequest(id, amount), [id, amount]);
  return {
    amount,
    standard: (await text('refund-standard')).split(' — ')[0],
    uriShown: await text('refund-uri'),
    uriGo: go.request?.uri ?? go.uri,
    label: await text('refund-address-label'),
    address: await text('refund-panel-address'),
    qrPath,
  };
}

// Records a refund state in the panel (keyboard: choose, type, Enter).
async function record(state, hash, note) {
  await tid('refund-next').selectOption(state);
  if (hash) await tid('refund-hash-input').fill(hash);
  await tid('refund-note-input').fill(note ?? '');
  await tid('refund-note-input').press('Enter');
}

// The lowest contrast between text and its (first opaque) background over the elements the
// treasury shows now.
async function lowestContrast() {
  return page.evaluate(() => {
    const rgb = (s) => {
      const m = s.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const lum = ({ r, g, b }) => {
      const f = (c) => {
        c /= 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const bg = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c && c.a > 0.5) return c;
      }
      return { r: 255, g: 255, b: 255 };
    };
    let worst = 99;
    let where = '';
    const sel = '.treasury, .treasury *, .td, .td *';
    for (const el of document.querySelectorAll(sel)) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own || el.closest('[hidden]') || el.offsetParent === null) continue;
      const fg = rgb(getComputedStyle(el).color);
      const b = bg(el);
      const [hi, lo] = [lum(fg), lum(b)].sort((x, y) => y - x);
      const c = (hi + 0.05) / (lo + 0.05);
      if (c < worst) {
        worst = c;
        where = `${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}"`;
      }
    }
    return { worst: Math.round(worst * 100) / 100, where };
  });
}

try {
  await page.goto(url, { waitUntil: 'load', timeout: T });
  await ready();
  await openTransfer();
  out.default = await readPanel('received');
  await shot('refund-panel');

  // Edit the amount; Enter asks Go for the new request.
  await tid('refund-amount').fill(editedAmount);
  await tid('refund-amount').press('Enter');
  await page.waitForFunction((a) => document.querySelector('[data-testid=refund-uri]')?.textContent?.includes(a.replace('.', '')) ||
    document.querySelector('.rp-for')?.textContent?.includes(a), editedAmount, { timeout: T });
  out.edited = await readPanel('edited');

  // needed → sent (with the refund's hash and a note).
  await record('needed');
  await tid('refund-state').filter({ hasText: 'Needed' }).waitFor();
  await record('sent', refundHash, note);
  await tid('refund-state').filter({ hasText: 'Sent' }).waitFor();
  out.stateShown = await text('refund-state');
  out.hashShown = await text('refund-hash');
  out.historyShown = await text('refund-history');
  await shot('refund-sent');

  // A tag and a note on the transfer, from the detail (Go normalises the tag).
  await tid('tag-input').fill('Refund-E2E');
  await tid('tag-input').press('Enter');
  await tid('tags').filter({ hasText: 'refund-e2e' }).waitFor();
  out.tagsShown = (await tid('tags').innerText()).replace(/\s+/g, ' ');
  await tid('note-input').fill(`customer emailed on Monday ${noteMark}`);
  await tid('note-input').press('Control+Enter');
  await tid('notes').filter({ hasText: noteMark }).waitFor();

  // A fresh page: the detail reads the state back from Go.
  await page.reload({ waitUntil: 'load' });
  await ready();
  await openTransfer();
  await tid('refund-state').filter({ hasText: 'Sent' }).waitFor();
  out.stateAfterReload = await text('refund-state');
  out.hashAfterReload = await text('refund-hash');
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    out.contrast[`detail-${scheme}`] = await lowestContrast();
    await shot(`detail-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.keyboard.press('Escape');
  await tid('transfer-detail').waitFor({ state: 'detached' });

  // The Transfers filters see them: the tag filter, and the search finding the note's words.
  const total = (want) => page.waitForFunction((w) => document.querySelector('[data-testid=total]')?.textContent?.startsWith(w), want, { timeout: T });
  await tid('search').fill('');
  await page.getByLabel('Tags', { exact: true }).fill('refund-e2e');
  await total('1 transfers');
  out.tagFilterTotal = (await tid('total').innerText()).trim();
  await page.getByLabel('Tags', { exact: true }).fill('no-such-tag');
  await total('0 transfers');
  out.otherTagTotal = (await tid('total').innerText()).trim();
  await page.getByLabel('Tags', { exact: true }).fill('');
  await tid('search').fill(noteMark);
  await total('1 transfers');
  out.noteSearchTotal = (await tid('total').innerText()).trim();
  await tid('search').fill('');

  // The Treasury section: the refunds queue, then the Audit tab by arrow keys.
  await nav('Treasury');
  await tid('refunds-state').selectOption('sent');
  const row = tid('refund-row').filter({ hasText: id });
  await row.waitFor();
  out.queueRow = (await row.innerText()).replace(/\s+/g, ' ');
  await tid('tab-refunds').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  out.auditTabByKeys = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'tab-audit');
  await tid('audit-view').waitFor();
  const audit = tid('audit-row').filter({ hasText: id }).filter({ hasText: /sent/i });
  await audit.first().waitFor();
  out.auditRow = (await audit.first().innerText()).replace(/\s+/g, ' ');
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    const c = await lowestContrast();
    out.contrast[`audit-${scheme}`] = c;
    await shot(`audit-${scheme}`);
  }

  // The other tabs, by keyboard, in both themes: Address book (label the destination address
  // through the form), Alerts, Reconciliation (against the emulator's history, over the default
  // week).
  await page.emulateMedia({ colorScheme: 'light' });
  await tid('tab-audit').focus();
  await page.keyboard.press('ArrowLeft');
  await tid('addressbook-view').waitFor();
  await tid('ab-address').fill(destination);
  await tid('ab-network').fill('Ethereum');
  await tid('ab-label').fill(destLabel);
  await tid('ab-label').press('Enter');
  const labelRow = tid('ab-row').filter({ hasText: destLabel });
  await labelRow.waitFor();
  out.labelRow = (await labelRow.innerText()).replace(/\s+/g, ' ');
  out.labelsFromGo = await page.evaluate((refs) => window.go.main.App.AddressLabels(refs), [{ address: destination, network: 'Ethereum' }]);
  for (const [tab, ready] of [['addresses', 'addressbook-view'], ['alerts', 'alerts-view'], ['reconcile', 'reconcile-view']]) {
    await tid(`tab-${tab}`).click();
    await tid(ready).waitFor();
    if (tab === 'reconcile') {
      await tid('rc-run').click(); // online: the Demo emulator's history
      await page.locator('[data-testid=rc-source], .treasury [role=alert]').first().waitFor();
    }
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      out.contrast[`${tab}-${scheme}`] = await lowestContrast();
      await shot(`${tab}-${scheme}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }
} catch (e) {
  out.errors.push(`driver: ${e?.stack ?? e}`);
  await shot('failure').catch(() => {});
} finally {
  await browser.close();
}
// The lowest contrast per scheme over the views measured.
for (const scheme of ['light', 'dark']) {
  const vals = Object.entries(out.contrast).filter(([k]) => k.endsWith(scheme));
  if (vals.length) {
    const [k, v] = vals.sort((a, b) => a[1].worst - b[1].worst)[0];
    out[`worst-${scheme}`] = `${k}: ${v.where}`;
    out.contrast[scheme] = v.worst;
  }
}
for (const k of Object.keys(out.contrast)) if (k.includes('-')) delete out.contrast[k];
console.log(JSON.stringify(out));
