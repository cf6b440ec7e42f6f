// Mesh Desk emulator — the stand-in for an exchange's OAuth authorisation page. It opens in a
// popup from the Link page and answers through window.opener.postMessage, as web OAuth popups do.
'use strict';
(function () {
  var q = new URLSearchParams(window.location.search);
  var session = q.get('session') || '';
  var integrationId = q.get('integrationId') || '';
  var state = q.get('state') || '';
  var approve = document.getElementById('oauth-approve');
  var deny = document.getElementById('oauth-deny');
  var status = document.getElementById('oauth-status');

  function call(decision) {
    return fetch('/link/-/api/oauth/decide', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ session: session, integrationId: integrationId, state: state, decision: decision }),
      cache: 'no-store'
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) throw new Error(j.errorMessage || ('Request failed (' + r.status + ')'));
        return j;
      });
    });
  }
  function answer(msg) {
    if (!window.opener) {
      status.textContent = 'This window lost its link to the page that opened it; close it and try again.';
      return;
    }
    window.opener.postMessage(msg, window.location.origin);
    status.textContent = 'Done. This window closes now.';
    setTimeout(function () { window.close(); }, 50);
  }
  function decide(decision) {
    approve.disabled = true;
    deny.disabled = true;
    call(decision).then(function (r) {
      if (decision === 'approve') answer({ type: 'meshsimOAuthResult', state: state, code: r.code });
      else answer({ type: 'meshsimOAuthResult', state: state, error: 'access_denied' });
    }).catch(function (e) {
      status.textContent = e.message;
      approve.disabled = false;
      deny.disabled = false;
    });
  }
  approve.addEventListener('click', function () { decide('approve'); });
  deny.addEventListener('click', function () { decide('deny'); });

  fetch('/link/-/api/oauth/info', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ session: session, integrationId: integrationId, state: state }),
    cache: 'no-store'
  }).then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); }).then(function (x) {
    if (!x.ok) {
      document.getElementById('oauth-title').textContent = 'Authorization request not valid';
      document.getElementById('oauth-text').textContent = x.j.errorMessage || 'Unknown session.';
      approve.disabled = true;
      return;
    }
    // Window managers and xdotool find the popup by this title: keep "Mesh Desk emulator (OAuth)".
    document.title = 'Sign in to ' + x.j.integrationName + ' — Mesh Desk emulator (OAuth)';
    document.getElementById('oauth-title').textContent = 'Sign in to ' + x.j.integrationName;
    document.getElementById('oauth-text').textContent = x.j.clientName + ' (through Mesh) asks to read your ' + x.j.integrationName +
      ' sandbox account and to send transfers you approve.';
  }).catch(function (e) { status.textContent = e.message; });
})();
