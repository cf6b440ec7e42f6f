import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api';
import { type Alert, type AlertSettings, ackAlert, alertSettings, alerts, onAlerts, setAlertSettings } from '../../api/treasury';
import { ErrorBox } from '../../components/common/ErrorBox';

/** The alerts: failed transfers and ones pending past the threshold, newest first; each opens
 * its transfer and can be acknowledged; and the profile's alert settings. The list reloads
 * when Go says alerts changed. */
export function AlertsView({ onOpen }: { onOpen: (transferId: string) => void }) {
  const [list, setList] = useState<Alert[]>();
  const [error, setError] = useState<string>();
  const [showAcked, setShowAcked] = useState(false);

  const load = useCallback(() => {
    alerts().then(
      (a) => {
        setList(a ?? []);
        setError(undefined);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, []);
  useEffect(() => {
    load();
    return onAlerts(() => load());
  }, [load]);

  const ack = async (id: string) => {
    try {
      await ackAlert(id);
      load();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const shown = (list ?? []).filter((a) => showAcked || !a.acked);
  return (
    <div className="ty-list" data-testid="alerts-view">
      <div className="ty-toolbar">
        <label>
          <input type="checkbox" checked={showAcked} onChange={(e) => setShowAcked(e.target.checked)} /> Show acknowledged
        </label>
        {list ? <span className="muted">{list.filter((a) => !a.acked).length} open</span> : null}
      </div>
      <ErrorBox message={error} />
      {list && !shown.length ? <p className="muted">No alerts. Failed transfers and ones pending too long appear here.</p> : null}
      {shown.length ? (
        <ul className="ty-alerts">
          {shown.map((a) => (
            <li key={a.id} className={`ty-alert ty-alert-${a.kind}${a.acked ? ' acked' : ''}`} data-testid="alert">
              <div>
                <strong>{a.kind === 'failed' ? 'Failed' : a.kind === 'pending' ? 'Pending too long' : a.kind}</strong>{' '}
                <time className="muted">{a.at}</time>
                <div>{a.message}</div>
              </div>
              <div className="ty-actions">
                <button type="button" onClick={() => onOpen(a.transferId)} aria-label={`Open transfer ${a.transferId}`}>
                  Open
                </button>
                {a.acked ? null : (
                  <button type="button" onClick={() => void ack(a.id)}>
                    Acknowledge
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <AlertSettingsForm />
    </div>
  );
}

/** The active profile's alert settings: each kind on or off, and the pending threshold. */
export function AlertSettingsForm() {
  const [s, setS] = useState<AlertSettings>();
  const [hours, setHours] = useState('');
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();

  useEffect(() => {
    alertSettings().then(
      (x) => {
        setS(x);
        setHours(String(x.pendingHours));
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, []);

  const save = async (next: AlertSettings) => {
    setSaved(undefined);
    try {
      const x = await setAlertSettings(next);
      setS(x);
      setHours(String(x.pendingHours));
      setError(undefined);
      setSaved('Saved.');
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  if (!s) return <ErrorBox message={error} quiet />;
  return (
    <form
      className="ty-settings"
      aria-label="Alert settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save({ ...s, pendingHours: Number(hours) });
      }}
    >
      <h2>Alert settings (this profile)</h2>
      <label>
        <input type="checkbox" checked={s.failed} onChange={(e) => void save({ ...s, failed: e.target.checked })} /> When a transfer fails
      </label>
      <label>
        <input type="checkbox" checked={s.pending} onChange={(e) => void save({ ...s, pending: e.target.checked })} /> When a transfer stays pending
        longer than{' '}
        <input
          aria-label="Pending threshold in hours"
          inputMode="numeric"
          className="ty-hours"
          value={hours}
          onChange={(e) => setHours(e.target.value)}
        />{' '}
        hours
      </label>
      <div className="ty-actions">
        <button type="submit">Save threshold</button>
        {saved ? <span role="status">{saved}</span> : null}
      </div>
      <ErrorBox message={error} />
    </form>
  );
}
