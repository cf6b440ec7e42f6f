// Mesh's own web Link SDK (3.13.0) in headless Chromium against the emulator's Link page.
// Run by meshsim's TestLinkSDK (go test ./meshsim/), which starts the emulator and sets MESHSIM_*.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { meshApi, linkToken, startHost, launch, openLink, waitFor, log, eventTypes, shot } from './harness.mjs';

const ETHEREUM = 'e3c7fdd8-b1fc-4e51-85ae-bb276e075611';
const DEST = '0x3148a6a1c0e0d5f0b0d4c3e2f1a0b9c8d7e6cF98';
const VERIFY_ADDR = '0x8ba1f109551bd432803012645ac136ddd64dba72';

let host, chrome, api;
before(async () => {
  api = meshApi();
  [host, chrome] = await Promise.all([startHost(), launch()]);
});
after(async () => {
  await chrome?.browser.close();
  await host?.close();
});

// session opens Link for a fresh token and closes the browser context afterwards.
async function session(t, body, options) {
  const token = await linkToken(api, body);
  const s = await openLink(chrome.context, host.url, token, options);
  t.after(() => s.page.close());
  await waitFor(s.page, 'pageLoaded', (e) => e.kind === 'event' && e.data.type === 'pageLoaded');
  return { ...s, token };
}

/** Clicks a popup's button that closes it, listening for the close from before the click: a
 * popup that closes while the click is still settling (a loaded machine) was otherwise
 * waited for until the timeout. */
async function clickClosing(popup, testId) {
  const closed = popup.waitForEvent('close', { timeout: 30000 });
  await popup
    .getByTestId(testId)
    .click()
    .catch((e) => {
      if (!popup.isClosed()) throw e;
    });
  await closed;
}

async function signIn(frame, integration) {
  await frame.getByTestId(`integration-${integration}`).click();
  await frame.getByTestId('username').fill('sandbox-user');
  await frame.getByTestId('password').fill('any-password');
  await frame.getByTestId('credentials-submit').click();
}

const connected = (e) => e.kind === 'integrationConnected';
const exited = (e) => e.kind === 'exit';
const finished = (e) => e.kind === 'transferFinished';
const event = (type) => (e) => e.kind === 'event' && e.data.type === type;

let returning; // the connect test's account, reused by the return-user test

test('connect journey ends in onIntegrationConnected with a tokenId, then onExit', async (t) => {
  const { page, frame } = await session(t, { userId: 'e2e-connect' });
  await frame.getByTestId('catalog-title').waitFor();
  await shot(page, '01-catalog');
  await signIn(frame, 'sandbox-exchange');
  const c = await waitFor(page, 'onIntegrationConnected', connected);
  const p = c.data.accessToken;
  assert.equal(p.brokerType, 'sandbox');
  assert.equal(p.brokerName, 'Sandbox Exchange');
  assert.equal(p.accountTokens.length, 1);
  const at = p.accountTokens[0];
  assert.match(at.tokenId, /^[0-9a-f-]{36}$/);
  assert.ok(at.accessToken);
  assert.ok(at.account.accountId && at.account.accountName && at.account.meshAccountId);
  assert.equal(typeof p.expiresInSeconds, 'number');
  await frame.getByTestId('connected-title').waitFor();
  assert.equal(await frame.getByTestId('connect-another').count(), 1, '"Link another account" is offered by default');
  await frame.getByTestId('done').click();
  const x = await waitFor(page, 'onExit', exited);
  assert.equal(x.data.error, null);
  assert.equal(x.data.summary.page, 'integrationConnectedPage');
  assert.equal(x.data.summary.selectedIntegration.integrationType, 'sandbox');
  const types = eventTypes(await log(page));
  for (const want of ['pageLoaded', 'integrationSelected', 'credentialsEntered', 'integrationConnected']) {
    assert.ok(types.includes(want), `event ${want} missing from ${types}`);
  }
  returning = { accountId: at.account.accountId, accountName: at.account.accountName, accessToken: at.tokenId, brokerType: p.brokerType, brokerName: p.brokerName };
});

test('return user: a tokenId passed as accessTokens skips authentication and keeps its tokenId', async (t) => {
  assert.ok(returning, 'needs the connect test');
  const { page, frame } = await session(t, { userId: 'e2e-connect', restrictMultipleAccounts: true },
    { accessTokens: [{ ...returning, integrationId: 'extra fields a host app may add', extra: 42 }] });
  await frame.getByTestId('known-account-sandbox-exchange').click();
  const c = await waitFor(page, 'onIntegrationConnected', connected);
  await frame.getByTestId('connected-title').waitFor();
  assert.equal(await frame.getByTestId('connect-another').count(), 0, 'restrictMultipleAccounts hides "Link another account"');
  assert.equal(c.data.accessToken.accountTokens[0].tokenId, returning.accessToken);
  assert.equal(c.data.accessToken.accountTokens[0].account.isReconnected, true);
  const types = eventTypes(await log(page));
  assert.ok(!types.includes('credentialsEntered'), `credentials were asked for: ${types}`);
  assert.ok(!types.includes('integrationSelected'), `catalog was shown: ${types}`);
});

test('return user with an unknown token sees the catalog', async (t) => {
  const { frame } = await session(t, { userId: 'e2e-connect' }, { accessTokens: [{ ...returning, accessToken: 'not-a-token' }] });
  await frame.getByTestId('catalog-title').waitFor();
});

test('deposit journey (MFA exchange) ends in onTransferFinished with transferId and refundAddress, then onExit', async (t) => {
  const body = { userId: 'e2e-deposit', transferOptions: { transferType: 'deposit', transactionId: 'e2e-dep-1',
    toAddresses: [{ networkId: ETHEREUM, symbol: 'USDC', address: DEST, amount: 25 }] } };
  const { page, frame } = await session(t, body);
  await signIn(frame, 'binance');
  await frame.getByTestId('mfa-code').fill('123456');
  await frame.getByTestId('mfa-submit').click();
  await waitFor(page, 'onIntegrationConnected', connected);
  assert.equal(await frame.getByTestId('amount').inputValue(), '25');
  await shot(page, '02-deposit-amount');
  await frame.getByTestId('amount-submit').click();
  await frame.getByTestId('preview-confirm').waitFor();
  await shot(page, '03-deposit-preview');
  await frame.getByTestId('preview-confirm').click();
  await frame.getByTestId('transfer-mfa-code').fill('654321');
  await frame.getByTestId('transfer-mfa-submit').click();
  const f = (await waitFor(page, 'onTransferFinished', finished)).data;
  assert.equal(f.status, 'success');
  assert.equal(f.txId, 'e2e-dep-1');
  assert.equal(f.symbol, 'USDC');
  assert.equal(f.amount, 25);
  assert.equal(f.networkId, ETHEREUM);
  assert.equal(f.toAddress, DEST);
  assert.match(f.transferId, /^[0-9a-f-]{36}$/);
  assert.match(f.refundAddress, /^0x[0-9a-f]{40}$/);
  assert.notEqual(f.refundAddress, f.fromAddress, 'an exchange refunds to the user deposit address, not its hot wallet');
  await frame.getByTestId('transfer-id').waitFor();
  await shot(page, '04-deposit-executed');
  await frame.getByTestId('done').click();
  const x = (await waitFor(page, 'onExit', exited)).data;
  assert.equal(x.error, null);
  assert.equal(x.summary.page, 'transferExecutedPage');
  assert.equal(x.summary.transfer.transactionId, 'e2e-dep-1');
  assert.equal(x.summary.transfer.symbol, 'USDC');
  assert.ok(x.summary.transfer.previewId);
  const types = eventTypes(await log(page));
  for (const want of ['integrationMfaRequired', 'integrationMfaEntered', 'transferStarted', 'transferAssetSelected',
    'transferPreviewed', 'transferMfaRequired', 'transferMfaEntered', 'transferExecuted', 'transferCompleted']) {
    assert.ok(types.includes(want), `event ${want} missing from ${types}`);
  }
  assert.ok(types.indexOf('transferExecuted') < types.indexOf('transferCompleted'));
  // The transfer is in Mesh's history, pending, with the same ids.
  const h = await api.managedTransfers.v1TransfersManagedMeshList({ ClientTransactionId: 'e2e-dep-1' });
  assert.equal(h.status, 200, JSON.stringify(h.data));
  assert.equal(h.data.content.items.length, 1);
  const tr = h.data.content.items[0];
  assert.equal(tr.id, f.transferId);
  assert.equal(tr.status, 'pending');
  assert.equal(tr.refundAddress, f.refundAddress);
  assert.equal(tr.userId, 'e2e-deposit');
});

test('payment with SmartFunding: fixed amount, the chosen source is explained', async (t) => {
  const body = { userId: 'e2e-payment', transferOptions: { transferType: 'payment', transactionId: 'e2e-pay-1',
    fundingOptions: { enabled: true }, toAddresses: [{ networkId: ETHEREUM, symbol: 'USDT', address: DEST, amount: 99.99 }] } };
  const { page, frame } = await session(t, body);
  await signIn(frame, 'kraken');
  await waitFor(page, 'onIntegrationConnected', connected);
  assert.match(await frame.getByTestId('smartfunding-choice').textContent(), /^Pays with [A-Z]+: .+/);
  await shot(page, '05-payment-smartfunding');
  assert.equal(await frame.getByTestId('amount').getAttribute('readonly'), '');
  await frame.getByTestId('amount-submit').click();
  const pv = await waitFor(page, 'transferPreviewed', event('transferPreviewed'));
  assert.equal(pv.data.payload.amount, 99.99);
  assert.ok(pv.data.payload.cryptocurrencyFundingOptions?.length === 1);
  await frame.getByTestId('preview-confirm').click();
  const f = (await waitFor(page, 'onTransferFinished', finished)).data;
  assert.equal(f.amount, 99.99);
  assert.equal(f.symbol, 'USDT');
  assert.equal(f.txId, 'e2e-pay-1');
});

test('verify journey ends in walletMessageSigned and verifyDonePage', async (t) => {
  const body = { userId: 'e2e-verify', verifyWalletOptions: { message: 'Mesh Desk e2e: prove you own this wallet',
    verificationMethods: ['signedMessage'], addresses: [VERIFY_ADDR], networkId: ETHEREUM } };
  const { page, frame } = await session(t, body);
  assert.equal(await frame.getByTestId('integration-sandbox-exchange').count(), 0, 'verify lists wallets only');
  await frame.getByTestId('integration-metamask').click();
  await frame.getByTestId('wallet-connect').click();
  const c = await waitFor(page, 'onIntegrationConnected', connected);
  assert.equal(c.data.accessToken.brokerType, 'deFiWallet');
  await frame.getByTestId('verify-sign').waitFor();
  await shot(page, '06-verify-sign');
  await frame.getByTestId('verify-sign').click();
  const s = (await waitFor(page, 'walletMessageSigned', event('walletMessageSigned'))).data.payload;
  assert.equal(s.message, 'Mesh Desk e2e: prove you own this wallet');
  assert.equal(s.address, VERIFY_ADDR);
  assert.equal(s.isVerified, true);
  assert.match(s.signedMessageHash, /^0x[0-9a-f]{130}$/);
  assert.equal(typeof s.timeStamp, 'number');
  await waitFor(page, 'verifyDonePage', event('verifyDonePage'));
  await frame.getByTestId('done').click();
  const x = (await waitFor(page, 'onExit', exited)).data;
  assert.equal(x.error, null);
  assert.equal(x.summary.page, 'verifyDonePage');
});

test('verify combined with a deposit from a wallet: signed, then sent; the refund address is the wallet', async (t) => {
  const body = { userId: 'e2e-verify-deposit',
    verifyWalletOptions: { message: 'Verify, then deposit', verificationMethods: ['signedMessage'], networkId: ETHEREUM },
    transferOptions: { transferType: 'deposit', transactionId: 'e2e-vd-1', toAddresses: [{ networkId: ETHEREUM, symbol: 'ETH', address: DEST }] } };
  const { page, frame } = await session(t, body);
  await frame.getByTestId('integration-phantom').click();
  await frame.getByTestId('wallet-connect').click();
  await frame.getByTestId('verify-sign').click();
  const s = (await waitFor(page, 'walletMessageSigned', event('walletMessageSigned'))).data.payload;
  assert.equal(s.isVerified, true);
  await frame.getByTestId('amount').fill('0.01');
  await frame.getByTestId('amount-submit').click();
  await frame.getByTestId('preview-confirm').click();
  const f = (await waitFor(page, 'onTransferFinished', finished)).data;
  assert.equal(f.amount, 0.01);
  assert.equal(f.symbol, 'ETH');
  assert.equal(f.fromAddress, s.address, 'sent from the verified wallet');
  assert.equal(f.refundAddress, f.fromAddress, 'a wallet refunds to the sending address');
  const types = eventTypes(await log(page));
  assert.ok(types.indexOf('verifyDonePage') < types.indexOf('transferStarted'), `${types}`);
});

test('a reused link token ends in onExit with an error message', async (t) => {
  const first = await session(t, { userId: 'e2e-reuse' });
  await first.frame.getByTestId('catalog-title').waitFor();
  const again = await openLink(chrome.context, host.url, first.token);
  t.after(() => again.page.close());
  await again.frame.getByTestId('error-message').waitFor();
  await shot(again.page, '07-reused-token');
  assert.match(await again.frame.getByTestId('error-message').textContent(), /already been used/);
  await again.frame.getByTestId('error-close').click();
  const x = (await waitFor(again.page, 'onExit', exited)).data;
  assert.match(x.error, /already been used/);
  assert.equal(x.summary.page, 'errorPage');
});

test('OAuth exchange: approving in the popup completes the connection', async (t) => {
  const { page, frame } = await session(t, { userId: 'e2e-oauth' });
  const popupP = page.waitForEvent('popup');
  await frame.getByTestId('integration-coinbase').click();
  const popup = await popupP;
  await popup.getByTestId('oauth-title').filter({ hasText: 'Coinbase' }).waitFor();
  assert.equal(await popup.title(), 'Sign in to Coinbase — Mesh Desk emulator (OAuth)');
  await shot(popup, '08-oauth-popup');
  await shot(page, '09-oauth-waiting');
  await clickClosing(popup, 'oauth-approve');
  const c = await waitFor(page, 'onIntegrationConnected', connected);
  assert.equal(c.data.accessToken.brokerType, 'coinbase');
  assert.match(c.data.accessToken.accountTokens[0].tokenId, /^[0-9a-f-]{36}$/);
  const types = eventTypes(await log(page));
  assert.ok(types.includes('integrationOAuthStarted'), `${types}`);
  assert.ok(types.indexOf('integrationSelected') < types.indexOf('integrationOAuthStarted'), `${types}`);
  assert.ok(!types.includes('credentialsEntered'), `${types}`);
});

test('OAuth exchange: denying in the popup ends with connectionDeclined and back to the catalog', async (t) => {
  const { page, frame } = await session(t, { userId: 'e2e-oauth-deny' });
  const popupP = page.waitForEvent('popup');
  await frame.getByTestId('integration-coinbase').click();
  const popup = await popupP;
  await clickClosing(popup, 'oauth-deny');
  const d = (await waitFor(page, 'connectionDeclined', event('connectionDeclined'))).data.payload;
  assert.equal(d.integrationName, 'Coinbase');
  assert.match(d.reason, /denied/);
  await frame.getByTestId('catalog-title').waitFor();
  assert.equal((await log(page)).filter(connected).length, 0);
  await frame.getByTestId('close').click();
  const x = (await waitFor(page, 'onExit', exited)).data;
  assert.equal(x.error, null);
});

test('deep link to the OAuth exchange: no catalog, one click opens the popup', async (t) => {
  const { page, frame } = await session(t, { userId: 'e2e-deeplink', integrationId: '47624467-e52e-4938-a41a-7926b6c27acf' });
  await frame.getByTestId('oauth-intro-title').waitFor();
  const popupP = page.waitForEvent('popup');
  await frame.getByTestId('oauth-continue').click();
  const popup = await popupP;
  await popup.getByTestId('oauth-approve').click();
  const c = await waitFor(page, 'onIntegrationConnected', connected);
  assert.equal(c.data.accessToken.brokerType, 'coinbase');
  assert.equal(await frame.getByTestId('catalog-title').count(), 0);
});

test('delayed-auth exchange ends in onIntegrationConnected with delayedAuth', async (t) => {
  const { page, frame } = await session(t, { userId: 'e2e-delayed' });
  await signIn(frame, 'gemini');
  const c = (await waitFor(page, 'onIntegrationConnected', connected)).data;
  assert.equal(c.accessToken, undefined);
  assert.equal(c.delayedAuth.brokerType, 'gemini');
  assert.equal(c.delayedAuth.brokerName, 'Gemini');
  assert.ok(c.delayedAuth.refreshToken);
  await frame.getByTestId('delayed-title').waitFor();
});

test('a wrong password shows the error and emits integrationConnectionError', async (t) => {
  const { page, frame } = await session(t, { userId: 'e2e-wrong' });
  await frame.getByTestId('integration-kraken').click();
  await frame.getByTestId('username').fill('u');
  await frame.getByTestId('password').fill('wrong');
  await frame.getByTestId('credentials-submit').click();
  const e = (await waitFor(page, 'integrationConnectionError', event('integrationConnectionError'))).data.payload;
  assert.match(e.errorMessage, /Invalid credentials/);
  assert.match(await frame.getByTestId('credentials-error').textContent(), /Invalid credentials/);
  assert.equal((await log(page)).filter(connected).length, 0);
});

test('a blocked popup (window.open returns null, as in a bare Wails window) is explained, not silent', async (t) => {
  // A separate context whose frames all get a window.open that opens nothing.
  const context = await chrome.browser.newContext();
  t.after(() => context.close());
  await context.route(/^(?!http:\/\/(127\.0\.0\.1|localhost)[:/])/, (route) => { chrome.offsite.push(route.request().url()); return route.abort(); });
  await context.addInitScript(() => { window.open = () => null; });
  const token = await linkToken(api, { userId: 'e2e-blocked' });
  const { page, frame } = await openLink(context, host.url, token);
  await frame.getByTestId('integration-coinbase').click();
  const e = (await waitFor(page, 'integrationConnectionError', event('integrationConnectionError'))).data.payload;
  assert.match(e.errorMessage, /could not open/);
  await frame.getByTestId('oauth-retry').waitFor();
  const types = eventTypes(await log(page));
  assert.ok(!types.includes('integrationOAuthStarted'), `${types}`);
});

test('every message type the page posts is one the SDK knows', async () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const sdk = path.join(here, 'node_modules', '@meshconnect', 'web-link-sdk');
  const keysSrc = fs.readFileSync(path.join(sdk, 'utils', 'event-types.js'), 'utf8');
  const keys = new Set([...keysSrc.slice(0, keysSrc.indexOf('];')).matchAll(/'([A-Za-z]+)'/g)].map((m) => m[1]));
  assert.ok(keys.has('walletMessageSigned') && keys.size > 30, `parsed ${keys.size} event keys`);
  const linkSrc = fs.readFileSync(path.join(sdk, 'Link.js'), 'utf8');
  const protocol = new Set([...linkSrc.matchAll(/case '([A-Za-z]+)':/g)].map((m) => m[1]));
  const page = fs.readFileSync(path.join(here, '..', '..', 'meshsim', 'linkpage', 'link.js'), 'utf8');
  const emitted = [...page.matchAll(/\b(?:emit|post|finish)\('([A-Za-z]+)'/g)].map((m) => m[1]);
  assert.ok(emitted.length > 20, `found ${emitted.length} posts`);
  for (const type of emitted) {
    assert.ok(keys.has(type) || protocol.has(type), `the page posts '${type}', which SDK 3.13.0 ignores`);
  }
  for (const type of ['loaded', 'brokerageAccountAccessToken', 'delayedAuthentication', 'transferFinished', 'close', 'done']) {
    assert.ok(emitted.includes(type), `the page never posts '${type}'`);
  }
});

test('nothing left loopback: no prewarm, no CDN, no third party', () => {
  assert.deepEqual(chrome.offsite, []);
});
