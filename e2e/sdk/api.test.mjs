// Mesh's own Node client (@meshconnect/node-api 2.0.28) against the emulator's API.
// Run by meshsim's TestLinkSDK (go test ./meshsim/), which starts the emulator with a
// generated history and sets MESHSIM_*.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrontApi } from '@meshconnect/node-api';
import { env, meshApi } from './harness.mjs';

const ETHEREUM = 'e3c7fdd8-b1fc-4e51-85ae-bb276e075611';
const COINBASE = '47624467-e52e-4938-a41a-7926b6c27acf';
const api = meshApi();

test('link token: a base64 http URL of the emulator Link page', async () => {
  const res = await api.managedAccountAuthentication.v1LinktokenCreate({ userId: 'node-api-user',
    transferOptions: { transferType: 'deposit', toAddresses: [{ networkId: ETHEREUM, symbol: 'ETH', address: '0x3148a6a1c0e0d5f0b0d4c3e2f1a0b9c8d7e6cF98' }] } });
  assert.equal(res.status, 200, JSON.stringify(res.data));
  assert.equal(res.data.status, 'ok');
  const url = Buffer.from(res.data.content.linkToken, 'base64').toString();
  assert.ok(url.startsWith(`${env.simURL}/link/${env.clientId}/broker-connect?auth_code=`), url);
});

test('link token: a bad request is a 400 in Mesh envelope', async () => {
  const res = await api.managedAccountAuthentication.v1LinktokenCreate({});
  assert.equal(res.status, 400);
  assert.equal(res.data.status, 'badRequest');
  assert.ok(res.data.errorType, JSON.stringify(res.data));
  assert.ok(res.data.message);
});

test('wrong secret: 401', async () => {
  const bad = new FrontApi({ baseURL: env.simURL, headers: { 'X-Client-Id': env.clientId, 'X-Client-Secret': 'sk_wrong' }, validateStatus: () => true });
  const res = await bad.managedTransfers.v1TransfersManagedNetworksList();
  assert.equal(res.status, 401);
});

test('networks', async () => {
  const res = await api.managedTransfers.v1TransfersManagedNetworksList();
  assert.equal(res.status, 200);
  const eth = res.data.content.networks.find((n) => n.id === ETHEREUM);
  assert.ok(eth, 'Ethereum present');
  assert.equal(eth.name, 'Ethereum');
  assert.equal(eth.chainId, '1');
  assert.equal(eth.networkType, 'evm');
  assert.ok(eth.supportedTokens.includes('USDC'));
});

test('integrations', async () => {
  const res = await api.managedAccountAuthentication.v1IntegrationsList();
  assert.equal(res.status, 200);
  const cb = res.data.content.items.find((i) => i.id === COINBASE);
  assert.ok(cb, 'Coinbase present');
  assert.equal(cb.type, 'coinbase');
  assert.ok(res.data.content.items.some((i) => i.type === 'deFiWallet'), 'wallets present');
});

test('transfer history: paging, ordering and filters', async () => {
  const all = await api.managedTransfers.v1TransfersManagedMeshList({ Count: 100 });
  assert.equal(all.status, 200, JSON.stringify(all.data));
  const total = all.data.content.total;
  assert.ok(total >= 300, `total ${total}`);
  assert.equal(all.data.content.items.length, 100);

  const page1 = await api.managedTransfers.v1TransfersManagedMeshList({ Count: 10, OrderBy: 'createdTimestamp', DescendingOrder: true });
  const page2 = await api.managedTransfers.v1TransfersManagedMeshList({ Count: 10, Offset: 10, OrderBy: 'createdTimestamp', DescendingOrder: true });
  const ts = [...page1.data.content.items, ...page2.data.content.items].map((t) => t.createdTimestamp);
  assert.deepEqual(ts, [...ts].sort((a, b) => b - a), 'descending createdTimestamp across pages');
  const ids = new Set([...page1.data.content.items, ...page2.data.content.items].map((t) => t.id));
  assert.equal(ids.size, 20, 'pages do not overlap');

  const pend = await api.managedTransfers.v1TransfersManagedMeshList({ Count: 100, Statuses: ['pending'] });
  assert.equal(pend.status, 200, JSON.stringify(pend.data));
  assert.ok(pend.data.content.items.length > 0, 'some pending');
  assert.ok(pend.data.content.items.every((t) => t.status === 'pending'));
  assert.ok(pend.data.content.total < total);

  const one = all.data.content.items[0];
  const byId = await api.managedTransfers.v1TransfersManagedMeshList({ Id: one.id });
  assert.equal(byId.data.content.total, 1);
  assert.equal(byId.data.content.items[0].id, one.id);

  const from = one.from;
  if (from?.id) {
    const byInt = await api.managedTransfers.v1TransfersManagedMeshList({ Count: 50, IntegrationIds: [from.id] });
    assert.equal(byInt.status, 200, JSON.stringify(byInt.data));
    assert.ok(byInt.data.content.items.length > 0);
    assert.ok(byInt.data.content.items.every((t) => t.from?.id === from.id));
  }

  const big = await api.managedTransfers.v1TransfersManagedMeshList({ Count: 100, MinAmountInFiat: 1000 });
  assert.ok(big.data.content.items.every((t) => t.amountInFiat >= 1000));
});
