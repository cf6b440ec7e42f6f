import { useEffect, useRef, useState } from 'react';
import {
  type AppInfo,
  Events,
  type FirstRenderSignal,
  emit,
  errorMessage,
  getAppInfo,
  setWindowTitle,
  windowTitle,
} from './api';
import { Sidebar, type SectionId } from './components/Sidebar';
import { ProfileBand } from './components/common/ProfileBand';
import { ProfileProvider } from './components/common/profile';
import './components/common/common.css';
import { AccountsView } from './views/Accounts/AccountsView';
import { ConnectView } from './views/Connect/ConnectView';
import { JourneysView } from './views/Journeys/JourneysView';
import { SettingsView } from './views/Settings/SettingsView';
import { TransfersView } from './views/Transfers/TransfersView';
import { onAlertOpen } from './api/treasury';
import { AlertBadge } from './views/Treasury/AlertBadge';
import { type TabId, TreasuryView } from './views/Treasury/TreasuryView';
import { useDeskWindowHooks } from './views/Transfers/windowHooks';

/** The app shell: sidebar and the current section. After the first render it asks Go for
 * the active profile, sets the window title to `Mesh Desk — <profile>` and emits
 * Events.FirstRender (the smoke test reads that title from X). */
export default function App() {
  const [section, setSection] = useState<SectionId>('accounts');
  const [info, setInfo] = useState<AppInfo>();
  const [error, setError] = useState<string>();
  // Treasury: the tab (and transfer) to open — the alert badge opens Alerts, a clicked
  // notification its transfer; the key remounts the view.
  const [treasuryTab, setTreasuryTab] = useState<{ tab: TabId; key: number; open?: string }>({ tab: 'refunds', key: 0 });
  const showAlerts = (open?: string) => {
    setTreasuryTab((t) => ({ tab: 'alerts', key: t.key + 1, open }));
    setSection('treasury');
  };
  useEffect(() => onAlertOpen((id) => showAlerts(id || undefined)), []);
  // Ctrl/Cmd-K from any section opens Transfers with its quick-find box focused (the view
  // handles the key itself while it is open).
  const [quickFind, setQuickFind] = useState(0);
  useEffect(() => {
    if (section === 'transfers') return;
    setQuickFind(0); // opening Transfers otherwise (Alt+T) leaves the focus where it is
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 'k') return;
      e.preventDefault();
      setSection('transfers');
      setQuickFind((n) => n + 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [section]);
  const signalled = useRef(false);
  useDeskWindowHooks();

  useEffect(() => {
    if (signalled.current) return; // StrictMode runs effects twice in development
    signalled.current = true;
    getAppInfo().then(
      (i) => {
        setInfo(i);
        const title = windowTitle(i.profile);
        setWindowTitle(title);
        const signal: FirstRenderSignal = { ok: true, title, profile: i.profile };
        emit(Events.FirstRender, signal);
      },
      (err: unknown) => {
        const message = errorMessage(err);
        setError(message);
        const title = windowTitle();
        setWindowTitle(title);
        const signal: FirstRenderSignal = { ok: false, title, error: message };
        emit(Events.FirstRender, signal);
      },
    );
  }, []);

  return (
    <ProfileProvider>
      <div className="shell">
        <Sidebar current={section} onSelect={setSection} info={info} />
        <main className="content">
          <ProfileBand />
          <AlertBadge onOpen={() => showAlerts()} />
          {error ? (
            <div role="alert" className="error">
              Could not reach the app core: {error}
            </div>
          ) : null}
          {section === 'accounts' && <AccountsView />}
          {section === 'connect' && <ConnectView />}
          {section === 'journeys' && <JourneysView />}
          {section === 'transfers' && <TransfersView focusSearch={quickFind} />}
          {section === 'treasury' && <TreasuryView key={treasuryTab.key} initialTab={treasuryTab.tab} initialOpen={treasuryTab.open} />}
          {section === 'settings' && <SettingsView info={info} />}
        </main>
      </div>
    </ProfileProvider>
  );
}
