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
import { useDeskWindowHooks } from './views/Transfers/windowHooks';

/** The app shell: sidebar and the current section. After the first render it asks Go for
 * the active profile, sets the window title to `Mesh Desk — <profile>` and emits
 * Events.FirstRender (the smoke test reads that title from X). */
export default function App() {
  const [section, setSection] = useState<SectionId>('accounts');
  const [info, setInfo] = useState<AppInfo>();
  const [error, setError] = useState<string>();
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
          {error ? (
            <div role="alert" className="error">
              Could not reach the app core: {error}
            </div>
          ) : null}
          {section === 'accounts' && <AccountsView />}
          {section === 'connect' && <ConnectView />}
          {section === 'journeys' && <JourneysView />}
          {section === 'transfers' && <TransfersView />}
          {section === 'settings' && <SettingsView info={info} />}
        </main>
      </div>
    </ProfileProvider>
  );
}
