import { useCallback, useEffect, useState } from 'react';
import { type AppInfo, errorMessage } from '../../api';
import { ConfirmDialog } from '../../components/common/ConfirmDialog';
import { ErrorBox } from '../../components/common/ErrorBox';
import { useActiveProfile } from '../../components/common/profile';
import {
  type Profile,
  type SecretKind,
  type SubClient,
  type TestResult,
  addProfile,
  createSubClientProfile,
  listProfiles,
  removeProfile,
  renameProfile,
  secretKinds,
  setLinkMode,
  setProfileSecret,
  subClients,
  testProfile,
  updateProfile,
} from '../../link/desk';

/** Settings: profiles (add, edit, rename, remove, switch), their write-only secrets, "Test
 * connection" with Mesh's exact answer, sub-clients, and how Link opens. */
export function SettingsView({ info }: { info?: AppInfo }) {
  const { profile: active, switchTo, reload } = useActiveProfile();
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [selected, setSelected] = useState<string>();
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  const [removing, setRemoving] = useState<Profile>();

  const load = useCallback(() => {
    listProfiles().then(setProfiles, (err: unknown) => setError(errorMessage(err)));
  }, []);
  useEffect(load, [load]);
  const sel = profiles.find((p) => p.name === selected) ?? profiles.find((p) => p.default);

  const act = async (f: () => Promise<unknown>, ok?: string) => {
    setError(undefined);
    setNote(undefined);
    try {
      await f();
      if (ok) setNote(ok);
      load();
      reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <section className="view" aria-labelledby="view-title">
      <h1 id="view-title">Settings</h1>
      <ErrorBox message={error} testId="settings-error" />
      {note && <div className="notice">{note}</div>}
      <h2>Profiles</h2>
      <table className="simple" data-testid="profiles-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Environment</th>
            <th>API</th>
            <th>Secrets</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {profiles.map((p) => (
            <tr key={p.id} aria-selected={sel?.id === p.id} onClick={() => setSelected(p.name)}>
              <td>
                {p.name} {p.default && <strong>(active)</strong>}
              </td>
              <td className={p.production ? 'status-needs-reconnect' : ''}>{p.env}</td>
              <td className="muted">{p.apiUrl}</td>
              <td className="muted">
                {secretKinds
                  .filter((k) => p.secrets?.[k])
                  .map((k) => `${k} (${p.secrets[k]})`)
                  .join(', ') || 'none'}
              </td>
              <td className="row">
                {!p.default && (
                  <button type="button" onClick={() => void act(() => switchTo(p.name))}>
                    Switch to
                  </button>
                )}
                <button type="button" onClick={() => setSelected(p.name)}>
                  Edit
                </button>
                <button type="button" onClick={() => setRemoving(p)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sel && <ProfileEditor key={sel.id} p={sel} act={act} onRenamed={setSelected} />}
      <AddProfile act={act} />
      {active && <LinkModeSetting mode={active.linkMode} act={act} />}
      {info && (
        <section className="card" aria-label="About">
          <h2>About</h2>
          <p>
            Mesh Desk {info.version} ({info.commit}, {info.platform})
            <br />
            Data folder: <code>{info.dataDir}</code>
            <br />
            Log file: <code>{info.logFile || '(standard error)'}</code>
          </p>
        </section>
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing.name}?`}
          confirmLabel="Remove profile"
          onCancel={() => setRemoving(undefined)}
          onConfirm={() => {
            const p = removing;
            setRemoving(undefined);
            void act(async () => {
              const r = await removeProfile(p.name);
              if (p.default) window.location.reload();
              if (r.cleanupPending) throw new Error(`Removed; some keychain entries will be deleted at the next start: ${r.cleanupPending}`);
            }, `Removed ${p.name} with its secrets and data.`);
          }}
        >
          <p>Its connections, history and keychain entries are deleted.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

type Act = (f: () => Promise<unknown>, ok?: string) => Promise<void>;

function ProfileEditor({ p, act, onRenamed }: { p: Profile; act: Act; onRenamed: (n: string) => void }) {
  const [name, setName] = useState(p.name);
  const [baseUrl, setBaseUrl] = useState(p.baseUrl);
  const [clientId, setClientId] = useState(p.clientId);
  const [subClientId, setSubClientId] = useState(p.subClientId);
  const [userId, setUserId] = useState(p.defaultUserId);
  const [kind, setKind] = useState<SecretKind>('client');
  const [secret, setSecret] = useState('');
  const [test, setTest] = useState<TestResult>();
  const [testing, setTesting] = useState(false);
  const [subs, setSubs] = useState<SubClient[]>();
  return (
    <section className="card" aria-label={`Edit ${p.name}`} data-testid="profile-editor">
      <h3>
        {p.name} <span className="muted">({p.env})</span>
      </h3>
      <div className="form-grid">
        <label htmlFor="edit-name">Name</label>
        <div className="row">
          <input id="edit-name" value={name} onChange={(e) => setName(e.target.value)} />
          <button type="button" disabled={name === p.name} onClick={() => void act(() => renameProfile(p.name, name).then((x) => onRenamed(x.name)), 'Renamed.')}>
            Rename
          </button>
        </div>
        <label htmlFor="edit-base">Base URL override</label>
        <input id="edit-base" value={baseUrl} placeholder="(the environment's)" onChange={(e) => setBaseUrl(e.target.value)} />
        <label htmlFor="edit-client">Client id</label>
        <input id="edit-client" value={clientId} onChange={(e) => setClientId(e.target.value)} />
        <label htmlFor="edit-sub">Sub-client id</label>
        <input id="edit-sub" value={subClientId} onChange={(e) => setSubClientId(e.target.value)} />
        <label htmlFor="edit-user">Default Mesh user id</label>
        <input id="edit-user" value={userId} onChange={(e) => setUserId(e.target.value)} />
        <span />
        <div>
          <button type="button" onClick={() => void act(() => updateProfile(p.name, { baseUrl, clientId, subClientId, userId }), 'Saved.')}>
            Save changes
          </button>
        </div>
        <label htmlFor="secret-value">Secret</label>
        <div className="row">
          <select aria-label="Secret kind" value={kind} onChange={(e) => setKind(e.target.value as SecretKind)}>
            {secretKinds.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
          <input
            id="secret-value"
            type="password"
            autoComplete="off"
            placeholder={p.secrets?.[kind] ? `set (${p.secrets[kind]}) — type to replace, empty to delete` : 'not set'}
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
          />
          <button
            type="button"
            onClick={() => {
              const v = secret;
              setSecret('');
              void act(() => setProfileSecret(p.name, kind, v), v ? `The ${kind} secret is in the keychain.` : `The ${kind} secret was deleted.`);
            }}
          >
            {secret ? 'Store in keychain' : 'Delete secret'}
          </button>
        </div>
      </div>
      <div className="row">
        <button
          type="button"
          data-testid="test-connection"
          disabled={testing}
          onClick={() => {
            setTesting(true);
            setTest(undefined);
            void act(() => testProfile(p.name).then(setTest)).finally(() => setTesting(false));
          }}
        >
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        <button type="button" onClick={() => void act(() => subClients(p.name).then(setSubs))}>
          List sub-clients
        </button>
      </div>
      {test && <TestOutcome t={test} />}
      {subs && (
        <table className="simple" aria-label="Sub-clients">
          <tbody>
            {subs.length === 0 && (
              <tr>
                <td className="muted">No sub-clients.</td>
              </tr>
            )}
            {subs.map((s) => (
              <tr key={s.id}>
                <td>{s.displayName || s.businessLegalName || s.id}</td>
                <td className="muted">{s.id}</td>
                <td>
                  <button type="button" onClick={() => void act(() => createSubClientProfile(p.name, s.id), 'Profile created.')}>
                    Make a profile
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TestOutcome({ t }: { t: TestResult }) {
  if (t.ok) {
    return (
      <div className="notice" data-testid="test-result" data-ok="true">
        Connected to {t.baseUrl}: {t.networks} networks, {t.transfers} transfers in the history.
      </div>
    );
  }
  return (
    <div role="alert" className="error" data-testid="test-result" data-ok="false">
      <strong>{t.step} failed</strong>
      {t.httpStatus ? ` — HTTP ${t.httpStatus}` : ''}
      {t.status ? ` ${t.status}` : ''}
      {t.errorType ? `/${t.errorType}` : ''}
      {t.message ? `: ${t.message}` : ''}
      {'\n'}
      {t.error}
      {t.hint ? `\n${t.hint}` : ''}
    </div>
  );
}

function AddProfile({ act }: { act: Act }) {
  const [f, setF] = useState({ name: '', env: 'sandbox', clientId: '', clientSecret: '', baseUrl: '', subClientId: '', userId: '', webhookSecret: '', adminSecret: '' });
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setF({ ...f, [k]: e.target.value });
  return (
    <details className="card">
      <summary>Add a profile</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            await addProfile(f);
            setF({ ...f, name: '', clientSecret: '', webhookSecret: '', adminSecret: '' });
          }, `Added ${f.name}.`);
        }}
      >
        <div className="form-grid">
          <label htmlFor="add-name">Name</label>
          <input id="add-name" value={f.name} onChange={set('name')} />
          <label htmlFor="add-env">Environment</label>
          <select id="add-env" value={f.env} onChange={set('env')}>
            <option value="sandbox">sandbox</option>
            <option value="production">production</option>
            <option value="demo">demo</option>
          </select>
          <label htmlFor="add-client">Client id</label>
          <input id="add-client" value={f.clientId} onChange={set('clientId')} />
          <label htmlFor="add-secret">API secret</label>
          <input id="add-secret" type="password" autoComplete="off" value={f.clientSecret} onChange={set('clientSecret')} />
          <label htmlFor="add-base">Base URL override</label>
          <input id="add-base" value={f.baseUrl} onChange={set('baseUrl')} placeholder="optional" />
          <label htmlFor="add-sub">Sub-client id</label>
          <input id="add-sub" value={f.subClientId} onChange={set('subClientId')} placeholder="optional" />
          <label htmlFor="add-user">Default Mesh user id</label>
          <input id="add-user" value={f.userId} onChange={set('userId')} placeholder="generated when empty" />
          <label htmlFor="add-webhook">Webhook secret</label>
          <input id="add-webhook" type="password" autoComplete="off" value={f.webhookSecret} onChange={set('webhookSecret')} placeholder="optional" />
          <label htmlFor="add-admin">Account-management secret</label>
          <input id="add-admin" type="password" autoComplete="off" value={f.adminSecret} onChange={set('adminSecret')} placeholder="optional" />
        </div>
        <button type="submit" className="primary">
          Add profile
        </button>
      </form>
    </details>
  );
}

function LinkModeSetting({ mode, act }: { mode: string; act: Act }) {
  return (
    <section className="card" aria-label="Link">
      <h2>Link</h2>
      <label className="check">
        <input type="radio" name="link-mode" checked={mode !== 'browser'} onChange={() => void act(() => setLinkMode('embedded'), 'Link opens in this window.')} /> In this window
        (default)
      </label>
      <br />
      <label className="check">
        <input type="radio" name="link-mode" checked={mode === 'browser'} onChange={() => void act(() => setLinkMode('browser'), 'Link opens in the system browser.')} />{' '}
        In the system browser — for when Mesh has not allow-listed this window's origin (wails://wails on Linux and macOS, http://wails.localhost on Windows)
      </label>
      {mode === 'browser' && (
        <p className="muted" data-testid="browser-mode-note">
          Connect opens Link from a page on this computer (http://localhost:47615 unless changed) in your browser; allow-list that origin in Mesh's dashboard.
        </p>
      )}
    </section>
  );
}
