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
import { Accounts } from './views/Accounts';
import { Connect } from './views/Connect';
import { Settings } from './views/Settings';
import { Transfers } from './views/Transfers';

/** The app shell: sidebar and the current section. After the first render it asks Go for
 * the active profile, sets the window title to `Mesh Desk — <profile>` and emits
 * Events.FirstRender (the smoke test reads that title from X). */
export default function App() {
  const [section, setSection] = useState<SectionId>('accounts');
  const [info, setInfo] = useState<AppInfo>();
  const [error, setError] = useState<string>();
  const signalled = useRef(false);

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
    <div className="shell">
      <Sidebar current={section} onSelect={setSection} info={info} />
      <main className="content">
        {error ? (
          <div role="alert" className="error">
            Could not reach the app core: {error}
          </div>
        ) : null}
        {section === 'accounts' && <Accounts />}
        {section === 'connect' && <Connect />}
        {section === 'transfers' && <Transfers />}
        {section === 'settings' && <Settings info={info} />}
      </main>
    </div>
  );
}
