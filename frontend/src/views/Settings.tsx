import type { AppInfo } from '../api';
import { Placeholder } from './Placeholder';

/** Profiles, secrets and diagnostics (placeholder: shows where files live). */
export function Settings({ info }: { info?: AppInfo }) {
  return (
    <>
      <Placeholder title="Settings">Profiles, Mesh credentials (kept in the OS keychain) and diagnostics.</Placeholder>
      {info ? (
        <dl className="facts">
          <dt>Version</dt>
          <dd>
            {info.version} ({info.commit}, {info.date})
          </dd>
          <dt>Data folder</dt>
          <dd>{info.dataDir}</dd>
          <dt>Log file</dt>
          <dd>{info.logFile || 'standard error'}</dd>
        </dl>
      ) : null}
    </>
  );
}
