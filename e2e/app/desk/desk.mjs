// Drives the Transfers view of Mesh Desk served by `wails dev` (real Go bindings over Wails'
// IPC) in headless Chromium. Run by desk_test.go, one phase per run:
//   node desk.mjs URL PHASE ARTIFACTS_DIR ARG
//   (ARG: the export file for small, the expected total text for million)
//   small:   Sync now on the Demo profile, find a transfer by a substring of its hash (Ctrl-K),
//            open it (Enter), read its refund address and reason, close it (Esc); the exact
//            look-up: its hash pasted in capitals and Enter at once opens it, a refund address
//            says how many transfers it is on, a value nothing has says so; export the failed
//            transfers as CSV; screenshots.
//   million: switch to the profile "Million", open Transfers with Ctrl-K from Accounts, then
//            scroll and jump through the table and count the rows in the DOM at several
//            positions; look up the address every transfer was sent to (the newest 50 and the
//            exact total), open the second with the arrows, then See all; screenshots.
//   dialog-save:   filter the failed transfers, press Export CSV; desk_test.go types a path into
//                  GTK's save dialog; report what the export returned and the view's notice.
//   dialog-cancel: press Export CSV; desk_test.go cancels the dialog; report the same.
// Prints one JSON line with what it saw.
import path from 'node:path';
import { launch } from '../../internal/e2eutil/chromium.mjs';

const [url, phase, art, arg] = process.argv.slice(2);
const exportPath = arg;
if (!url || !phase || !art) {
  console.error('usage: node desk.mjs URL small|million|dialog-save|dialog-cancel ARTIFACTS_DIR [ARG]');
  process.exit(2);
}
const T = 60_000;
const browser = await launch();
const out = { phase, errors: [] };
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.setDefaultTimeout(T);
page.on('pageerror', (e) => out.errors.push(String(e)));
const shot = (name) => page.screenshot({ path: path.join(art, `desk-${name}.png`) });
const body = () => page.getByTestId('vt-body');
const totalText = () => page.getByTestId('total').innerText();

async function openTransfers() {
  await page.getByRole('button', { name: 'Transfers', exact: true }).click();
  await page.locator('#view-title').filter({ hasText: 'Transfers' }).waitFor();
}

// The rows in the DOM now: how many, their index range, and whether all are loaded.
async function domRows() {
  return page.evaluate(() => {
    const rows = [...document.querySelectorAll('.vt-row')];
    const idx = rows.map((r) => Number(r.getAttribute('data-index')));
    const b = document.querySelector('[data-testid=vt-body]');
    return {
      count: rows.length,
      min: Math.min(...idx),
      max: Math.max(...idx),
      loading: rows.filter((r) => r.classList.contains('loading')).length,
      scrollTop: Math.round(b.scrollTop),
      scrollHeight: b.scrollHeight,
      domNodes: document.getElementsByTagName('*').length,
    };
  });
}

// settled waits until every row in the DOM is loaded and the rows stay the same across two
// animation frames: a scroll is handled a frame later, so rows that were loaded before it can
// look settled for a moment while the new window is still to come.
async function settled() {
  const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  for (let i = 0; ; i++) {
    await frames();
    await page.waitForFunction(() => document.querySelectorAll('.vt-row').length > 0 && document.querySelectorAll('.vt-row.loading').length === 0, null, { timeout: T });
    const before = await domRows();
    await frames();
    const after = await domRows();
    if ((after.loading === 0 && after.min === before.min && after.max === before.max) || i >= 50) return after;
  }
}

try {
  await page.goto(url, { waitUntil: 'load', timeout: T });
  await page.waitForFunction(() => typeof window.go?.main?.App?.SyncStatus === 'function', null, { timeout: T });

  if (phase === 'small') {
    await openTransfers();
    await page.getByTestId('sync-now').click();
    await page.getByTestId('last-synced').filter({ hasText: 'Last synced' }).waitFor({ timeout: 150_000 });
    await page.waitForFunction(() => !/^0 /.test(document.querySelector('[data-testid=total]')?.textContent ?? '0 '), null, { timeout: T });
    out.total = await totalText();
    out.rowsAfterSync = (await settled()).count;
    await shot('transfers');

    // A transfer with a hash and a refund address, as the table lists it.
    const w = await page.evaluate(() => window.go.main.App.QueryTransfers({ statuses: ['succeeded'] }, { sort: 'created', desc: true, offset: 0, limit: 200 }));
    const row = w.rows.find((r) => r.hash && r.hash.length > 30 && r.refundAddress);
    out.id = row.id;
    out.hash = row.hash;
    out.expectedRefund = row.refundAddress;
    out.substring = row.hash.slice(12, 26);

    await body().click();
    await page.keyboard.press('Control+K');
    out.searchFocused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'search');
    await page.keyboard.type(out.substring);
    await page.waitForFunction(() => /^1 transfers/.test(document.querySelector('[data-testid=total]')?.textContent ?? ''), null, { timeout: T });
    out.searchTotal = await totalText();
    await settled();
    await page.keyboard.press('Enter');
    await page.getByTestId('refund-address').waitFor();
    out.shownRefund = (await page.getByTestId('refund-address').innerText()).trim();
    out.reason = await page.getByTestId('refund-reason').innerText();
    out.qr = await page.getByTestId('refund-qr').evaluate((img) => img.complete && img.naturalWidth > 0);
    out.detailStatus = await page.getByTestId('detail-status').innerText();
    await shot('detail');
    await page.keyboard.press('Escape');
    await page.getByTestId('transfer-detail').waitFor({ state: 'detached' });
    out.detailClosed = true;

    // The exact look-up: the hash in capitals, inserted at once as a paste is, and Enter
    // without waiting opens its transfer; the panel says what the value is.
    await page.keyboard.press('Control+K');
    await page.keyboard.insertText(row.hash.toUpperCase());
    await page.keyboard.press('Enter');
    await page.getByTestId('transfer-detail').filter({ hasText: row.id }).waitFor();
    out.exactOpened = row.id;
    out.exactHeadline = await page.getByTestId('qf-headline').innerText();
    await page.keyboard.press('Escape'); // hides the panel
    await page.getByTestId('qf-panel').waitFor({ state: 'detached' });
    await page.keyboard.press('Escape'); // closes the detail
    await page.getByTestId('transfer-detail').waitFor({ state: 'detached' });
    // A refund address: as many as Go counts, said as such.
    out.refundWant = (await page.evaluate((a) => window.go.main.App.FindTransfers(a), row.refundAddress)).total;
    await page.getByTestId('search').fill(row.refundAddress);
    await page.getByTestId('qf-headline').waitFor();
    out.refundHeadline = await page.getByTestId('qf-headline').innerText();
    out.refundHits = await page.getByTestId('qf-hit').count();
    await shot('quickfind');
    // A value no transfer has.
    await page.getByTestId('search').fill('0xdeadbeef00000000');
    await page.getByTestId('qf-headline').filter({ hasText: 'No transfer' }).waitFor();
    out.noMatch = await page.getByTestId('qf-headline').innerText();

    // Keyboard: clear the search, arrows move the selection, Enter opens.
    await page.getByTestId('search').fill('');
    await page.waitForFunction((t) => document.querySelector('[data-testid=total]')?.textContent === t, out.total, { timeout: T });
    await settled();
    await body().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    out.selectedAfterArrows = await page.evaluate(() => Number(document.querySelector('.vt-row.selected')?.getAttribute('data-index') ?? -1));

    // Export the failed transfers of the view (the path-taking variant: no dialog here).
    const res = await page.evaluate((p) => window.go.main.App.ExportTransfersTo(p, { statuses: ['failed'] }, 'created', true, 'csv'), exportPath);
    out.exported = res.count;
  } else if (phase === 'dialog-save' || phase === 'dialog-cancel') {
    // Export through the Export CSV button: Go opens GTK's save dialog in the dev window,
    // which desk_test.go answers with xdotool (a path and Enter, or Esc). The bound method is
    // wrapped to see what it returned, then the view is read for its notice or error.
    await openTransfers();
    await settled();
    if (phase === 'dialog-save') {
      const all = await totalText();
      await page.getByTestId('status-failed').check();
      await page.waitForFunction((t) => document.querySelector('[data-testid=total]')?.textContent !== t, all, { timeout: T });
      await settled();
      out.total = await totalText();
    }
    await page.evaluate(() => {
      const app = window.go.main.App;
      const orig = app.ExportTransfers;
      window.__export = null;
      app.ExportTransfers = (...a) =>
        orig(...a).then(
          (r) => ((window.__export = { ok: true, path: r.path ?? '', count: r.count ?? 0 }), r),
          (e) => {
            window.__export = { ok: false, error: String(e) };
            throw e;
          },
        );
    });
    await page.getByTestId('export-csv').click();
    await page.waitForFunction(() => window.__export !== null, null, { timeout: 170_000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    out.exportResult = await page.evaluate(() => window.__export);
    out.notice = (await page.locator('.view.transfers .notice').allInnerTexts()).join(' ');
    out.viewError = (await page.locator('.view.transfers [role=alert]').allInnerTexts()).join(' ');
    await shot(phase);
  } else if (phase === 'million') {
    await page.evaluate(() => window.go.main.App.UseProfile('Million'));
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => typeof window.go?.main?.App?.SyncStatus === 'function', null, { timeout: T });
    // Ctrl-K from the first section (Accounts) opens Transfers with the search box focused.
    await page.locator('#view-title').filter({ hasText: 'Accounts' }).waitFor();
    await page.keyboard.press('Control+K');
    await page.locator('#view-title').filter({ hasText: 'Transfers' }).waitFor();
    out.searchFocused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'search');
    await page.waitForFunction((want) => document.querySelector('[data-testid=total]')?.textContent === want, arg, { timeout: 170_000 });
    out.total = await totalText();
    out.positions = [];
    const at = async (name, how) => {
      const t0 = Date.now();
      await how();
      const r = await settled();
      out.positions.push({ name, ms: Date.now() - t0, ...r });
    };
    await at('top', async () => {});
    await at('scroll 3 screens', async () => {
      await body().hover();
      for (let i = 0; i < 3; i++) await page.mouse.wheel(0, 850);
    });
    const jump = (f) => async () => {
      await body().evaluate((b, f) => {
        b.scrollTop = (b.scrollHeight - b.clientHeight) * f;
      }, f);
    };
    await at('jump 25%', jump(0.25));
    await at('jump 50%', jump(0.5));
    await shot('million');
    await at('jump 99.9%', jump(0.999));
    await at('End key', async () => {
      await body().focus();
      await page.keyboard.press('End');
    });
    await at('Home key', async () => {
      await page.keyboard.press('Home');
    });

    // The exact look-up of the address every transfer was sent to: the newest 50 and the
    // exact total; the arrows and Enter open the second newest; Enter with none chosen shows
    // them all in the table.
    const dest = '0x3148000000000000000000000000000000cF98';
    await page.keyboard.press('Control+K');
    const t0 = Date.now();
    await page.keyboard.insertText(dest);
    await page.getByTestId('qf-headline').waitFor({ timeout: 170_000 });
    out.bigLookupMs = Date.now() - t0; // paste to answer on screen: a figure, not a check
    out.bigFindMs = await page.evaluate(async (d) => {
      const t = performance.now(); // the bound call alone, over Wails' IPC
      await window.go.main.App.FindTransfers(d);
      return Math.round(performance.now() - t);
    }, dest);
    out.bigHeadline = await page.getByTestId('qf-headline').innerText();
    out.bigHits = await page.getByTestId('qf-hit').count();
    await shot('million-quickfind');
    out.bigSecondId = await page.evaluate(() => document.querySelectorAll('[data-testid=qf-hit] code')[1]?.getAttribute('title'));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByTestId('transfer-detail').filter({ hasText: out.bigSecondId }).waitFor();
    out.bigOpened = out.bigSecondId;
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.getByTestId('qf-exact').waitFor();
    await page.waitForFunction((want) => document.querySelector('[data-testid=total]')?.textContent === want, arg, { timeout: 170_000 });
    out.bigSeeAllTotal = await totalText();
    await settled();
    await shot('million-see-all');
  }
} catch (e) {
  out.errors.push(`driver: ${e?.stack ?? e}`);
  await shot(`${phase}-failure`).catch(() => {});
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
