// Mesh Desk emulator — the Link page. Plain JS, no framework, no network beyond its own origin.
// It speaks the web Link SDK's postMessage protocol (mesh-api.md §8.3) to its parent window and
// the emulator's private JSON API (/link/-/api/...) for state.
'use strict';
(function () {
  var API = '/link/-/api';
  var S = {
    session: null,         // answer of POST /session
    parentOrigin: null,    // where protocol messages go
    specs: null,           // meshSDKSpecs payload
    accessTokens: null,    // frontAccessTokens payload
    integration: null,     // the integration being connected
    conn: null,            // {connectionId, integration, accounts:[...]} once connected
    account: null,         // the source account of a transfer
    dest: null,            // the chosen toAddresses item (+ index)
    funding: null,         // SmartFunding answer
    preview: null,         // preview answer
    transfer: null,        // TransferFinishedPayload
    verified: false,
    page: 'loadingPage',
    oauth: null,           // {popup, state, integration, timer}
    ended: false,
    fatal: null            // the error text of the error page, carried by close
  };

  // ---------- protocol ----------
  function guessParentOrigin() {
    var o = null;
    try {
      if (window.location.ancestorOrigins && window.location.ancestorOrigins.length) o = window.location.ancestorOrigins[0];
    } catch (e) { o = null; }
    if ((!o || o === 'null') && document.referrer) {
      try { o = new URL(document.referrer).origin; } catch (e) { o = null; }
    }
    return httpOrigin(o);
  }
  function httpOrigin(o) {
    return (typeof o === 'string' && /^https?:\/\/[^/]+$/.test(o)) ? o : null;
  }
  // post sends one {type, payload} message to the parent, to its origin when known (else '*':
  // parents such as wails://wails have no http origin a targetOrigin could name).
  function post(type, payload) {
    var msg = payload === undefined ? { type: type } : { type: type, payload: payload };
    if (window.parent === window) return;
    try {
      window.parent.postMessage(msg, S.parentOrigin || '*');
    } catch (e) {
      window.parent.postMessage(msg, '*');
    }
  }
  var emit = post;

  function summary(page, extra) {
    var s = { page: page };
    if (S.integration) {
      s.selectedIntegration = { id: S.integration.id, name: S.integration.name, integrationType: S.integration.type, integrationName: S.integration.name };
    }
    if (S.transfer && S.preview) {
      var t = S.transfer;
      s.transfer = { previewId: S.preview.previewId, symbol: t.symbol, amount: t.amount, amountInFiat: t.amountInFiat,
        transactionId: t.clientTransactionId || t.txId, networkId: t.networkId };
    }
    if (extra) for (var k in extra) s[k] = extra[k];
    return s;
  }
  function finish(type, sum) {
    if (S.ended) return;
    S.ended = true;
    post(type, sum);
  }
  function exitLink() {
    finish('close', summary(S.page, S.fatal ? { errorMessage: S.fatal } : null));
  }

  var specsWaiters = [];
  window.addEventListener('message', function (ev) {
    var d = ev.data;
    if (!d || typeof d !== 'object' || typeof d.type !== 'string') return;
    if (ev.source === window.parent && window.parent !== window) {
      if (d.type === 'meshSDKSpecs') {
        S.specs = d.payload || {};
        var o = httpOrigin(S.specs.origin);
        if (o) S.parentOrigin = o;
        specsWaiters.splice(0).forEach(function (f) { f(); });
      } else if (d.type === 'frontAccessTokens') {
        S.accessTokens = Array.isArray(d.payload) ? d.payload : [];
      } else if (d.type === 'closeRequested') {
        exitLink();
      }
      return;
    }
    if (S.oauth && ev.source === S.oauth.popup && ev.origin === window.location.origin && d.type === 'meshsimOAuthResult') {
      onOAuthResult(d);
    }
  });
  function waitSpecs(ms) {
    return new Promise(function (resolve) {
      if (S.specs || window.parent === window) return resolve();
      var t = setTimeout(resolve, ms);
      specsWaiters.push(function () { clearTimeout(t); resolve(); });
    });
  }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  // ---------- the emulator's API ----------
  function api(path, body) {
    var url = API + (S.session && path !== 'session' ? '/session/' + encodeURIComponent(S.session.sessionId) + '/' + path : '/' + path);
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body || {}),
      credentials: 'same-origin',
      cache: 'no-store'
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) {
          var err = new Error(j.errorMessage || ('Request failed (' + r.status + ')'));
          err.status = r.status;
          err.data = j;
          throw err;
        }
        return j;
      });
    });
  }

  // ---------- rendering helpers ----------
  var app = document.getElementById('app');
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        var v = attrs[k];
        if (v === undefined || v === null || v === false) continue;
        if (k === 'text') el.textContent = v;
        else if (k === 'onclick') el.addEventListener('click', v);
        else if (k === 'onsubmit') el.addEventListener('submit', v);
        else if (k === 'testid') el.setAttribute('data-testid', v);
        else el.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      if (Array.isArray(c)) c.forEach(function (x) { if (x) el.appendChild(typeof x === 'string' ? document.createTextNode(x) : x); });
      else el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return el;
  }
  function show(page) {
    S.page = page;
    while (app.firstChild) app.removeChild(app.firstChild);
    for (var i = 1; i < arguments.length; i++) if (arguments[i]) app.appendChild(arguments[i]);
    app.setAttribute('data-page', page);
    var first = app.querySelector('h1');
    if (first) { first.setAttribute('tabindex', '-1'); first.focus(); }
  }
  function errorLine(id) { return h('p', { id: id, class: 'error', role: 'alert', testid: id }); }
  function setError(id, text) { var el = document.getElementById(id); if (el) el.textContent = text || ''; }
  function busy(btn, on) { if (btn) btn.disabled = !!on; }
  function fmt(n, d) {
    if (typeof n !== 'number' || !isFinite(n)) return String(n);
    return n.toLocaleString('en-US', { maximumFractionDigits: d === undefined ? 8 : d });
  }
  function usd(n) {
    return typeof n === 'number' && isFinite(n) ? '$' + n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : String(n);
  }
  function slug(s) { return String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''); }
  function kv(pairs) {
    var dl = h('dl', { class: 'kv' });
    pairs.forEach(function (p) {
      if (p[1] === undefined || p[1] === null || p[1] === '') return;
      dl.appendChild(h('dt', { text: p[0] }));
      dl.appendChild(h('dd', { text: String(p[1]), testid: p[2] }));
    });
    return dl;
  }

  // ---------- start ----------
  document.getElementById('close').addEventListener('click', exitLink);

  function start() {
    var q = new URLSearchParams(window.location.search);
    var th = q.get('th');
    if (th === 'dark' || th === 'light') document.documentElement.className = 'th-' + th;
    S.parentOrigin = guessParentOrigin();
    var m = window.location.pathname.match(/^\/link\/([^/]+)\/broker-connect/);
    post('loaded');
    var redeem = api('session', { authCode: q.get('auth_code') || '', clientId: m ? decodeURIComponent(m[1]) : '', language: q.get('lng') || 'en' });
    Promise.all([redeem, waitSpecs(1500).then(function () { return sleep(60); })]).then(function (r) {
      S.session = r[0];
      return begin();
    }).catch(function (err) {
      fatal(err.message);
    });
  }

  function fatal(message) {
    var msg = message || 'Something went wrong.';
    S.fatal = msg;
    show('errorPage',
      h('h1', { text: 'Link could not start', testid: 'error-title' }),
      h('p', { class: 'error', role: 'alert', text: msg, testid: 'error-message' }),
      h('p', { class: 'muted', text: 'Ask the app for a new link token and open Link again.' }),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'error-close', testid: 'error-close', text: 'Close', onclick: function () {
        finish('close', summary('errorPage', { errorMessage: msg }));
      } })));
  }

  function begin() {
    // Only the fields of the SDK's IntegrationAccessToken, as strings: whatever else a host
    // app put in accessTokens must not break Link.
    var str = function (v) { return v === undefined || v === null ? '' : String(v); };
    var toks = (S.accessTokens || []).filter(function (t) { return t && typeof t === 'object' && t.accessToken; }).map(function (t) {
      return { accountId: str(t.accountId), accountName: str(t.accountName), accessToken: str(t.accessToken), brokerType: str(t.brokerType), brokerName: str(t.brokerName) };
    });
    var next;
    if (toks.length) {
      next = api('access-tokens', { tokens: toks }).then(function (r) {
        if (r.connections && r.connections.length) { showReturning(r.connections); return true; }
        return false;
      }, function () { return false; }); // unknown or unusable tokens: sign in as usual
    } else {
      next = Promise.resolve(false);
    }
    return next.then(function (done) {
      if (done) return;
      var deep = S.session.integrationId && findIntegration(S.session.integrationId);
      if (deep) return selectIntegration(deep, null, true);
      showCatalog();
    });
  }

  function findIntegration(id) {
    var all = S.session.integrations || [];
    for (var i = 0; i < all.length; i++) if (all[i].id === id || all[i].type === id) return all[i];
    return null;
  }
  function journey() { return S.session.journey || {}; }

  // ---------- return users ----------
  function showReturning(conns) {
    var items = [];
    conns.forEach(function (c) {
      c.accounts.forEach(function (a) {
        items.push(h('li', null, h('button', {
          type: 'button', id: 'known-account-' + slug(c.integration.name), testid: 'known-account-' + slug(c.integration.name),
          onclick: function (ev) { useKnown(ev.currentTarget, c, a); }
        }, h('span', null, a.accountName + ' · ' + c.integration.name), h('span', { class: 'tag', text: 'connected' }))));
      });
    });
    show('returningUserPage',
      h('h1', { text: 'Welcome back', testid: 'returning-title' }),
      h('p', { class: 'muted', text: 'These accounts are already connected. Pick one to continue without signing in again.' }),
      h('ul', { class: 'list', testid: 'known-accounts' }, items),
      h('div', { class: 'actions' }, h('button', { type: 'button', id: 'connect-another', testid: 'connect-another', text: 'Connect another account', onclick: showCatalog })),
      errorLine('returning-error'));
  }
  function useKnown(btn, c, a) {
    busy(btn, true);
    S.integration = c.integration;
    api('accounts', { connectionId: c.connectionId, accountIds: [a.accountId], returning: true }).then(function (r) {
      connected(r, false);
    }).catch(function (e) { busy(btn, false); setError('returning-error', e.message); });
  }

  // ---------- catalog ----------
  function showCatalog() {
    S.integration = null;
    var j = journey();
    var list = (S.session.integrations || []).filter(function (i) { return !(j.verify && i.kind !== 'wallet'); });
    function group(kind, title) {
      var items = list.filter(function (i) { return i.kind === kind; });
      if (!items.length) return null;
      return [h('h2', { text: title }), h('ul', { class: 'list', testid: 'catalog-' + kind }, items.map(function (i) {
        return h('li', null, h('button', {
          type: 'button', id: 'integration-' + slug(i.name), testid: 'integration-' + slug(i.name),
          onclick: function (ev) { selectIntegration(i, ev.currentTarget, false); }
        }, h('span', { text: i.name }), h('span', { class: 'tag', text: i.label })));
      }))];
    }
    var ex = group('exchange', 'Exchanges (sandbox: any credentials)') || [];
    var wa = group('wallet', 'Wallets (emulated)') || [];
    show('integrationsCatalogPage',
      h('h1', { text: headline(), testid: 'catalog-title' }),
      S.session.clientName ? h('p', { class: 'muted', text: 'For ' + S.session.clientName }) : null,
      ex[0], ex[1], wa[0], wa[1], errorLine('catalog-error'));
  }
  function headline() {
    var j = journey();
    if (j.verify) return 'Verify your wallet';
    if (j.transferType === 'payment') return 'Pay with your account';
    if (j.transferType === 'deposit') return 'Deposit from your account';
    if (j.transferType === 'onramp') return 'Buy crypto';
    return 'Connect an account';
  }

  function selectIntegration(i, btn, deepLinked) {
    S.integration = i;
    emit('integrationSelected', { integrationType: i.type, integrationName: i.name });
    // OAuth must open its window synchronously inside the click, or it counts as an
    // unrequested popup; a deep link (no click yet) asks for one first.
    if (i.auth === 'oauth') return deepLinked ? showOAuthIntro(i) : startOAuth(i, btn);
    if (i.auth === 'wallet') return showWallet(i);
    return showCredentials(i);
  }

  // ---------- credentials / MFA ----------
  function showCredentials(i) {
    var form = h('form', { testid: 'credentials-form', onsubmit: function (ev) {
      ev.preventDefault();
      var b = form.querySelector('button[type=submit]');
      busy(b, true); setError('credentials-error', '');
      emit('credentialsEntered');
      api('connect', { integrationId: i.id, username: form.username.value, password: form.password.value })
        .then(afterAuth)
        .catch(function (e) { busy(b, false); authError('credentials-error', e); });
    } },
      h('label', { for: 'username', text: 'Username or e-mail' }),
      h('input', { type: 'text', id: 'username', name: 'username', autocomplete: 'off', required: true, testid: 'username' }),
      h('label', { for: 'password', text: 'Password' }),
      h('input', { type: 'password', id: 'password', name: 'password', autocomplete: 'off', required: true, testid: 'password' }),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary', id: 'credentials-submit', testid: 'credentials-submit', text: 'Sign in' }),
        h('button', { type: 'button', id: 'back', testid: 'back', text: 'Back', onclick: showCatalog })));
    show('credentialsPage',
      h('h1', { text: 'Sign in to ' + i.name, testid: 'credentials-title' }),
      h('p', { class: 'muted', text: i.hint || 'Sandbox account: any username and password are accepted.' }),
      form, errorLine('credentials-error'));
  }
  function authError(id, e) {
    emit('integrationConnectionError', { errorMessage: e.message });
    setError(id, e.message);
  }
  function afterAuth(r) {
    if (r.step === 'mfa') { emit('integrationMfaRequired'); return showMfa(r); }
    if (r.step === 'delayed') {
      post('delayedAuthentication', r.payload);
      return showConnectedDelayed();
    }
    S.conn = { connectionId: r.connectionId, integration: S.integration, accounts: r.accounts || [] };
    if (S.conn.accounts.length > 1) { emit('integrationAccountSelectionRequired'); return showAccountSelection(); }
    return selectAccounts(S.conn.accounts.map(function (a) { return a.accountId; }), null);
  }
  function showMfa(r) {
    var form = h('form', { testid: 'mfa-form', onsubmit: function (ev) {
      ev.preventDefault();
      var b = form.querySelector('button[type=submit]');
      busy(b, true); setError('mfa-error', '');
      emit('integrationMfaEntered');
      api('mfa', { challengeId: r.challengeId, code: form.code.value })
        .then(afterAuth)
        .catch(function (e) { busy(b, false); authError('mfa-error', e); });
    } },
      h('label', { for: 'mfa-code', text: 'Verification code' }),
      h('input', { type: 'text', id: 'mfa-code', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', required: true, testid: 'mfa-code' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'mfa-submit', testid: 'mfa-submit', text: 'Verify' })));
    show('mfaPage',
      h('h1', { text: 'Two-step verification', testid: 'mfa-title' }),
      h('p', { class: 'muted', text: r.hint || 'Enter the code sent to your device.' }),
      form, errorLine('mfa-error'));
  }

  // ---------- OAuth ----------
  function showOAuthIntro(i) {
    show('oauthPage',
      h('h1', { text: 'Connect ' + i.name, testid: 'oauth-intro-title' }),
      h('p', { class: 'muted', text: i.name + ' signs you in on its own page, in a new window.' }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', id: 'oauth-continue', testid: 'oauth-continue', text: 'Continue to ' + i.name, onclick: function (ev) { startOAuth(i, ev.currentTarget); } }),
        h('button', { type: 'button', id: 'back', testid: 'back', text: 'Back', onclick: showCatalog })),
      errorLine('oauth-error'));
  }
  function randomState() {
    var a = new Uint8Array(16);
    window.crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  function startOAuth(i, btn) {
    if (S.oauth && S.oauth.popup && !S.oauth.popup.closed) { S.oauth.popup.focus(); return; }
    var state = randomState();
    var url = '/link/oauth/authorize?session=' + encodeURIComponent(S.session.sessionId) +
      '&integrationId=' + encodeURIComponent(i.id) + '&state=' + state;
    var popup = null;
    try {
      popup = window.open(url, 'meshsim-oauth', 'popup=yes,width=480,height=640');
    } catch (e) { popup = null; }
    showOAuthWaiting(i);
    if (!popup) {
      var msg = 'The ' + i.name + ' sign-in window could not open (popups are blocked here).';
      emit('integrationConnectionError', { errorMessage: msg });
      setError('oauth-error', msg);
      var retry = document.getElementById('oauth-retry');
      if (retry) retry.hidden = false;
      return;
    }
    emit('integrationOAuthStarted');
    S.oauth = { popup: popup, state: state, integration: i, timer: null, done: false };
    // A window closed without an answer counts as declined.
    S.oauth.timer = setInterval(function () {
      if (S.oauth && !S.oauth.done && S.oauth.popup.closed) {
        var o = S.oauth;
        setTimeout(function () { if (S.oauth === o && !o.done) declineOAuth(o, 'The sign-in window was closed'); }, 300);
        clearInterval(o.timer);
      }
    }, 250);
  }
  function showOAuthWaiting(i) {
    show('oauthPage',
      h('h1', { text: 'Continue in the ' + i.name + ' window', testid: 'oauth-waiting-title' }),
      h('p', { class: 'muted', text: 'Approve access in the window that opened. This page continues by itself.' }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', id: 'oauth-retry', testid: 'oauth-retry', hidden: true, text: 'Try again', onclick: function (ev) { startOAuth(i, ev.currentTarget); } }),
        h('button', { type: 'button', id: 'back', testid: 'back', text: 'Back', onclick: function () { cancelOAuth(); showCatalog(); } })),
      errorLine('oauth-error'));
  }
  function cancelOAuth() {
    if (!S.oauth) return;
    clearInterval(S.oauth.timer);
    try { if (!S.oauth.popup.closed) S.oauth.popup.close(); } catch (e) { /* ignore */ }
    S.oauth = null;
  }
  function declineOAuth(o, reason) {
    o.done = true;
    clearInterval(o.timer);
    S.oauth = null;
    emit('connectionDeclined', { integrationType: o.integration.type, integrationName: o.integration.name, reason: reason });
    showCatalog();
    setError('catalog-error', o.integration.name + ': ' + reason + '.');
  }
  function onOAuthResult(d) {
    var o = S.oauth;
    if (!o || o.done || d.state !== o.state) return;
    if (d.error || !d.code) return declineOAuth(o, d.error === 'access_denied' ? 'Access was denied' : ('Authorization failed: ' + (d.error || 'no code')));
    o.done = true;
    clearInterval(o.timer);
    S.oauth = null;
    api('oauth/complete', { integrationId: o.integration.id, code: d.code, state: d.state })
      .then(afterAuth)
      .catch(function (e) { authError('oauth-error', e); });
  }

  // ---------- wallets ----------
  function showWallet(i) {
    show('walletConnectPage',
      h('h1', { text: 'Connect ' + i.name, testid: 'wallet-title' }),
      h('p', { class: 'muted', text: 'An emulated ' + i.name + ' wallet stands in for the browser extension.' }),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', id: 'wallet-connect', testid: 'wallet-connect', text: 'Connect wallet', onclick: function (ev) {
          var b = ev.currentTarget; busy(b, true); setError('wallet-error', '');
          api('wallet', { integrationId: i.id }).then(afterAuth).catch(function (e) { busy(b, false); authError('wallet-error', e); });
        } }),
        h('button', { type: 'button', id: 'wallet-reject', testid: 'wallet-reject', text: 'Reject', onclick: function () {
          emit('connectionDeclined', { integrationType: i.type, integrationName: i.name, reason: 'The user rejected the wallet connection' });
          showCatalog();
        } })),
      errorLine('wallet-error'));
  }

  // ---------- accounts ----------
  function showAccountSelection() {
    var multi = !S.session.restrictMultipleAccounts && !journey().transferType;
    var form = h('form', { testid: 'accounts-form', onsubmit: function (ev) {
      ev.preventDefault();
      var ids = Array.prototype.filter.call(form.querySelectorAll('input[name=account]'), function (x) { return x.checked; }).map(function (x) { return x.value; });
      if (!ids.length) return setError('accounts-error', 'Select an account.');
      selectAccounts(ids, form.querySelector('button[type=submit]'));
    } },
      h('ul', { class: 'list' }, S.conn.accounts.map(function (a, n) {
        var id = 'account-' + slug(a.accountId);
        return h('li', { class: 'row box' },
          h('label', { for: id, text: a.accountName + (a.cash !== undefined ? ' · ' + usd(a.cash) + ' cash' : '') }),
          h('input', { type: multi ? 'checkbox' : 'radio', name: 'account', id: id, value: a.accountId, checked: n === 0, testid: id }));
      })),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'accounts-submit', testid: 'accounts-submit', text: 'Continue' })));
    show('accountSelectionPage', h('h1', { text: 'Choose ' + (multi ? 'accounts' : 'an account'), testid: 'accounts-title' }), form, errorLine('accounts-error'));
  }
  function selectAccounts(ids, btn) {
    busy(btn, true);
    return api('accounts', { connectionId: S.conn.connectionId, accountIds: ids }).then(function (r) {
      connected(r, true);
    }).catch(function (e) { busy(btn, false); fatalInline(e); });
  }
  function fatalInline(e) {
    show(S.page, h('h1', { text: 'Connection failed' }), h('p', { class: 'error', role: 'alert', text: e.message, testid: 'connect-error' }),
      h('div', { class: 'actions' }, h('button', { type: 'button', id: 'back', testid: 'back', text: 'Back to the catalog', onclick: showCatalog })));
    emit('integrationConnectionError', { errorMessage: e.message });
  }
  // connected gets the answer of /accounts: {connectionId, payload: AccessTokenPayload, accounts}.
  function connected(r, fresh) {
    S.conn = { connectionId: r.connectionId, integration: S.integration, accounts: r.accounts || [] };
    post('brokerageAccountAccessToken', r.payload);
    S.account = S.conn.accounts[0] || null;
    continueJourney();
  }

  function continueJourney() {
    var j = journey();
    if (j.verify && !S.verified) {
      if (S.integration && S.integration.kind === 'wallet') return showVerify();
    }
    if (j.transferType) { return startTransfer(); }
    showConnected();
  }
  function showConnected() {
    show('integrationConnectedPage',
      h('h1', { text: 'Connected', class: 'ok', testid: 'connected-title' }),
      h('p', { text: (S.integration ? S.integration.name : 'Your account') + ' is connected.' }),
      h('ul', { class: 'list', testid: 'connected-accounts' }, S.conn.accounts.map(function (a) { return h('li', { class: 'box', text: a.accountName }); })),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', id: 'done', testid: 'done', text: 'Done', onclick: function () { finish('done', summary('integrationConnectedPage')); } }),
        // restrictMultipleAccounts hides "Link another account", as in Mesh's Link.
        S.session.restrictMultipleAccounts ? null : h('button', { type: 'button', id: 'connect-another', testid: 'connect-another', text: 'Link another account', onclick: showCatalog })));
  }
  function showConnectedDelayed() {
    show('integrationConnectedPage',
      h('h1', { text: 'Connection requested', testid: 'delayed-title' }),
      h('p', { text: S.integration.name + ' finishes connecting your account later. The app is told when it is ready.' }),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'done', testid: 'done', text: 'Done', onclick: function () { finish('done', summary('integrationConnectedPage')); } })));
  }

  // ---------- verify ----------
  function showVerify() {
    var v = journey().verify;
    var a = S.account || {};
    show('verifyWalletPage',
      h('h1', { text: 'Sign to verify your wallet', testid: 'verify-title' }),
      h('p', { class: 'muted', text: 'Your emulated wallet asks you to sign this message. Signing costs nothing and moves no funds.' }),
      h('div', { class: 'box' }, h('code', { text: v.message, testid: 'verify-message' })),
      kv([['Address', a.address || a.accountId, 'verify-address']]),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', id: 'verify-sign', testid: 'verify-sign', text: 'Sign message', onclick: function (ev) {
          var b = ev.currentTarget; busy(b, true); setError('verify-error', '');
          api('sign', { connectionId: S.conn.connectionId, accountId: a.accountId, message: v.message }).then(function (r) {
            emit('walletMessageSigned', r.event);
            if (!r.event.isVerified) {
              busy(b, false);
              emit('defiWalletError', { integrationName: S.integration.name, errorType: 'verifyMismatch', details: { requestedAddress: (v.addresses || [])[0], connectedAddress: r.event.address }, timeStamp: r.event.timeStamp });
              return setError('verify-error', 'This wallet address is not one the app asked to verify.');
            }
            S.verified = true;
            emit('verifyDonePage');
            if (journey().transferType) return startTransfer();
            showVerifyDone(r.event);
          }).catch(function (e) { busy(b, false); setError('verify-error', e.message); });
        } }),
        h('button', { type: 'button', id: 'verify-reject', testid: 'verify-reject', text: 'Reject', onclick: function () {
          emit('verifyWalletRejected');
          setError('verify-error', 'You rejected the signature request.');
        } })),
      errorLine('verify-error'));
  }
  function showVerifyDone(ev) {
    show('verifyDonePage',
      h('h1', { text: 'Wallet verified', class: 'ok', testid: 'verify-done-title' }),
      kv([['Address', ev.address, 'verified-address'], ['Signature', ev.signedMessageHash]]),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'done', testid: 'done', text: 'Done', onclick: function () { finish('done', summary('verifyDonePage')); } })));
  }

  // ---------- transfers ----------
  function startTransfer() {
    var j = journey();
    emit('transferStarted', { integrationType: S.integration ? S.integration.type : undefined, integrationName: S.integration ? S.integration.name : '' });
    if (S.conn.accounts.length > 1 && !S.account) S.account = S.conn.accounts[0];
    var dests = j.toAddresses || [];
    if (!dests.length) {
      emit('transferConfigureError', { errorMessage: 'No destination address in the link token' });
      return fatal('This link has no destination address for the transfer.');
    }
    if (dests.length === 1) return chooseDest(0);
    show('transferAssetPage',
      h('h1', { text: 'Choose what to send', testid: 'asset-title' }),
      h('ul', { class: 'list', testid: 'assets' }, dests.map(function (d, n) {
        return h('li', null, h('button', { type: 'button', id: 'asset-' + n, testid: 'asset-' + slug(d.symbol) + '-' + slug(d.networkName || d.networkId),
          onclick: function () { chooseDest(n); } }, h('span', { text: d.symbol + ' on ' + (d.networkName || d.networkId) }),
          d.amount ? h('span', { class: 'tag', text: fmt(d.amount) + ' ' + d.symbol }) : null));
      })));
  }
  function chooseDest(n) {
    var d = journey().toAddresses[n];
    S.dest = { index: n, item: d };
    emit('transferAssetSelected', { symbol: d.symbol });
    emit('transferNetworkSelected', { id: d.networkId, name: d.networkName || '' });
    var j = journey();
    if (j.fundingEnabled) {
      return api('funding', { connectionId: S.conn.connectionId, accountId: S.account.accountId, destIndex: n }).then(function (r) {
        S.funding = r;
        emit('fundingOptionsViewed');
        showAmount();
      }).catch(function (e) {
        emit('transferNoEligibleAssets', { integrationType: S.integration.type, integrationName: S.integration.name, arrayOfTokensHeld: (e.data && e.data.held) || [] });
        fatal(e.message);
      });
    }
    S.funding = null;
    showAmount();
  }
  function showAmount() {
    var j = journey();
    var d = S.dest.item;
    var fixed = j.transferType === 'payment';
    var inFiat = j.transferType === 'onramp';
    var preset = fixed ? d.amount : (inFiat ? (j.amountInFiat || '') : (d.amount || ''));
    var form = h('form', { testid: 'amount-form', onsubmit: function (ev) {
      ev.preventDefault();
      var v = parseFloat(form.amount.value);
      if (!(v > 0)) return setError('amount-error', 'Enter an amount greater than zero.');
      emit('transferAmountEntered');
      var body = { connectionId: S.conn.connectionId, accountId: S.account.accountId, destIndex: S.dest.index };
      if (inFiat) body.amountInFiat = v; else body.amount = v;
      if (S.funding && S.funding.chosen) body.fundingSymbol = S.funding.chosen.symbol;
      var b = form.querySelector('button[type=submit]'); busy(b, true); setError('amount-error', '');
      api('preview', body).then(function (p) {
        S.preview = p;
        emit('transferPreviewed', p.event);
        showPreview();
      }).catch(function (e) {
        busy(b, false);
        emit('transferPreviewError', { errorMessage: e.message });
        setError('amount-error', e.message);
      });
    } },
      h('label', { for: 'amount', text: inFiat ? 'Amount to buy (USD)' : 'Amount (' + d.symbol + ')' }),
      h('input', { type: 'number', id: 'amount', name: 'amount', step: 'any', min: '0', value: preset === undefined ? '' : String(preset), readonly: fixed, required: true, testid: 'amount' }),
      fixed ? h('p', { class: 'muted', text: 'The amount is set by the payment request.' }) : null,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'amount-submit', testid: 'amount-submit', text: 'Review' })));
    show('transferAmountPage',
      h('h1', { text: (j.transferType === 'payment' ? 'Pay ' : j.transferType === 'onramp' ? 'Buy ' : 'Send ') + d.symbol, testid: 'amount-title' }),
      kv([['From', S.account ? (S.account.accountName + ' · ' + (S.integration ? S.integration.name : '')) : ''], ['To', d.address, 'dest-address'], ['Network', d.networkName || d.networkId]]),
      fundingBox(), form, errorLine('amount-error'));
  }
  function fundingBox() {
    var f = S.funding;
    if (!f) return null;
    var ch = f.chosen;
    var others = (f.options || []).filter(function (o) { return !ch || o.symbol !== ch.symbol; });
    others.sort(function (a, b) { return (b.eligible - a.eligible) || (a.feeInFiat - b.feeInFiat); });
    return h('div', { class: 'box', testid: 'smartfunding' },
      h('h2', { text: 'SmartFunding' }),
      h('p', { testid: 'smartfunding-choice', text: ch ? ('Pays with ' + ch.symbol + ': ' + ch.reason + '.') : 'No eligible source asset.' }),
      ch ? h('p', { class: 'muted', text: 'Estimated fees ' + usd(ch.feeInFiat) + '.' }) : null,
      h('details', { testid: 'smartfunding-options' },
        h('summary', { text: 'Compared with ' + others.length + ' other asset' + (others.length === 1 ? '' : 's') }),
        h('ul', { class: 'list' }, others.map(function (o) {
          return h('li', { class: 'muted', text: o.symbol + ' (' + usd(o.balanceInFiat) + ' held): ' +
            (o.eligible ? 'fees ' + usd(o.feeInFiat) + ', ' : 'not eligible, ') + o.reason });
        }))));
  }
  function showPreview() {
    var p = S.preview;
    var ev = p.event;
    show('transferPreviewPage',
      h('h1', { text: 'Review transfer', testid: 'preview-title' }),
      kv([
        ['Amount', fmt(ev.amount) + ' ' + ev.symbol, 'preview-amount'],
        ['Value', ev.amountInFiat !== undefined ? usd(ev.amountInFiat) : ''],
        ['Network', ev.networkName || ev.networkId],
        ['From', p.fromAddress, 'preview-from'],
        ['To', ev.toAddress, 'preview-to'],
        ['Network fee', ev.estimatedNetworkGasFee ? fmt(ev.estimatedNetworkGasFee.fee) + ' ' + ev.estimatedNetworkGasFee.feeCurrency : ''],
        ['Exchange fee', ev.institutionTransferFee ? fmt(ev.institutionTransferFee.fee) + ' ' + ev.institutionTransferFee.feeCurrency : ''],
        ['Funding', p.fundingNote || '']
      ]),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', id: 'preview-confirm', testid: 'preview-confirm', text: 'Confirm transfer', onclick: function (e) { execute(e.currentTarget, null); } }),
        h('button', { type: 'button', id: 'preview-decline', testid: 'preview-decline', text: 'Cancel', onclick: function () {
          emit('transferDeclined', { integrationType: S.integration.type, integrationName: S.integration.name, toAddress: ev.toAddress, token: ev.symbol, network: ev.networkName, amount: ev.amount, status: 'declined' });
          showAmount();
        } })),
      errorLine('preview-error'));
  }
  function execute(btn, mfa) {
    busy(btn, true);
    setError(mfa ? 'transfer-mfa-error' : 'preview-error', '');
    api('execute', { connectionId: S.conn.connectionId, previewId: S.preview.previewId, mfaCode: mfa || undefined }).then(function (r) {
      if (r.step === 'mfa') {
        if (mfa) { busy(btn, false); return setError('transfer-mfa-error', r.errorMessage || 'Wrong code.'); }
        emit('transferMfaRequired');
        return showTransferMfa(r);
      }
      S.transfer = r.payload;
      var t = r.payload;
      emit('transferInitiated', { integrationType: S.integration.type, integrationName: S.integration.name, status: 'pending' });
      emit('transferExecuted', { status: 'pending', txId: t.txId, fromAddress: t.fromAddress, toAddress: t.toAddress, symbol: t.symbol, amount: t.amount, networkId: t.networkId, userId: t.userId, clientTransactionId: t.clientTransactionId });
      post('transferFinished', t);
      showExecuted();
    }).catch(function (e) {
      busy(btn, false);
      emit('transferExecutionError', { errorMessage: e.message });
      setError(mfa ? 'transfer-mfa-error' : 'preview-error', e.message);
    });
  }
  function showTransferMfa(r) {
    var form = h('form', { testid: 'transfer-mfa-form', onsubmit: function (ev) {
      ev.preventDefault();
      emit('transferMfaEntered');
      execute(form.querySelector('button[type=submit]'), form.code.value);
    } },
      h('label', { for: 'transfer-mfa-code', text: 'Verification code' }),
      h('input', { type: 'text', id: 'transfer-mfa-code', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', required: true, testid: 'transfer-mfa-code' }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'transfer-mfa-submit', testid: 'transfer-mfa-submit', text: 'Confirm' })));
    show('transferMfaPage', h('h1', { text: 'Confirm with your code', testid: 'transfer-mfa-title' }),
      h('p', { class: 'muted', text: r.hint || 'Enter the code sent to your device.' }), form, errorLine('transfer-mfa-error'));
  }
  function showExecuted() {
    var t = S.transfer;
    show('transferExecutedPage',
      h('h1', { text: 'Transfer submitted', class: 'ok', testid: 'executed-title' }),
      h('p', { class: 'muted', text: 'It is pending; the app is told when it settles.' }),
      kv([['Amount', fmt(t.amount) + ' ' + t.symbol], ['To', t.toAddress], ['Transfer id', t.transferId, 'transfer-id'], ['Refund address', t.refundAddress, 'refund-address']]),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'done', testid: 'done', text: 'Done', onclick: function () {
        finish('done', summary('transferExecutedPage'));
      } })));
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
