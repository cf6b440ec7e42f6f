import { useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../api';
import { ErrorBox } from '../../components/common/ErrorBox';
import { FieldError } from '../../components/common/FieldError';
import { LinkPanel } from '../../components/common/LinkPanel';
import { useActiveProfile } from '../../components/common/profile';
import { type Integration, catalog, createLinkToken } from '../../link/desk';
import { useLinkSession } from '../../link/useLinkSession';
import { useBrowserLink } from '../../link/browserMode';
import { categoriesOf, filterCatalog, logoOf } from './catalog';

/** Connect an exchange or wallet through Link, for the profile's user or another one. */
export function ConnectView() {
  const { profile } = useActiveProfile();
  const [all, setAll] = useState<Integration[]>([]);
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const [userId, setUserId] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const embedded = useLinkSession();
  const browser = useBrowserLink();
  // The session shown: the system-browser one when that mode (setting or fallback) runs it.
  const [inBrowser, setInBrowser] = useState(false);
  const link = inBrowser ? browser : embedded;

  useEffect(() => {
    catalog().then(setAll, (err: unknown) => setError(errorMessage(err)));
  }, []);
  useEffect(() => {
    if (profile) setUserId(profile.defaultUserId);
  }, [profile]);

  const shown = useMemo(() => filterCatalog(all, search, category), [all, search, category]);
  // Keyboard: once Link's overlay is up, focus moves into it (Tab/Enter reach its buttons).
  useEffect(() => {
    if (link.status === 'open') document.querySelector<HTMLIFrameElement>('#mesh-link-popup__iframe')?.focus();
  }, [link.status]);
  const categories = useMemo(() => categoriesOf(all), [all]);

  const connect = async (integrationId = '', viaBrowser = profile?.linkMode === 'browser') => {
    if (!profile) return;
    setError(undefined);
    try {
      const s = await createLinkToken({ journey: 'connect', userId, integrationId });
      setErrors(s.fieldErrors ?? {});
      if (!s.linkToken) return;
      setInBrowser(viaBrowser);
      if (viaBrowser) await browser.start(s, integrationId);
      else await embedded.start(s, profile);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <section className="view" aria-labelledby="view-title">
      <h1 id="view-title">Connect</h1>
      <p className="muted">Connect an exchange or wallet through Mesh Link. Accounts already connected for this user skip signing in.</p>
      <div className="form-grid">
        <label htmlFor="connect-user">Mesh user id</label>
        <div>
          <input id="connect-user" value={userId} onChange={(e) => setUserId(e.target.value)} />
          {profile && userId !== profile.defaultUserId && <span className="muted"> (not the profile's default {profile.defaultUserId})</span>}
          <FieldError errors={errors} field="userId" />
        </div>
      </div>
      <div className="row">
        <button type="button" className="primary" onClick={() => void connect()} data-testid="open-link">
          Open Link
        </button>
        <input
          type="search"
          aria-label="Search integrations"
          placeholder="Search integrations (Enter connects a single match)"
          autoFocus
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && shown.length === 1) void connect(shown[0]!.id);
          }}
          data-testid="catalog-search"
        />
        <select aria-label="Category" value={category} onChange={(e) => setCategory(e.target.value)}>
          <option value="">All categories</option>
          {categories.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </div>
      <FieldError errors={errors} field="form" />
      <FieldError errors={errors} field="integrationId" />
      <ErrorBox message={error} testId="connect-error" />
      <ul className="grid-list" aria-label="Integrations" style={{ listStyle: 'none', padding: 0 }}>
        {shown.map((i) => {
          const logo = logoOf(i);
          return (
            <li key={i.id}>
              <button type="button" className="integration" title={`Connect ${i.name}`} onClick={() => void connect(i.id)} data-testid={`catalog-${i.type}`}>
                <Logo src={logo} name={i.name ?? ''} />
                <span>
                  {i.name}
                  <br />
                  <span className="muted">{(i.categories ?? []).join(', ')}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <LinkPanel {...link} />
      {!inBrowser && embedded.status === 'stalled' && (
        <button type="button" onClick={() => void connect('', true)} data-testid="open-link-browser">
          Open Link in the system browser instead
        </button>
      )}
      {inBrowser && browser.url && browser.status === 'opening' && (
        <p className="muted" data-testid="browser-link-note">
          Link opened in your browser. If it did not, open <code>{browser.url}</code> there (it works once, on this computer only).
        </p>
      )}
    </section>
  );
}

/** An integration's logo, or its initial when there is none or it does not load (offline,
 * the Demo emulator's placeholder URLs). */
function Logo({ src, name }: { src?: string; name: string }) {
  const [failed, setFailed] = useState(false);
  if (src && !failed) return <img src={src} alt="" onError={() => setFailed(true)} />;
  return (
    <span className="logo-initial" aria-hidden="true">
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}
