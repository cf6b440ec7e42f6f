import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../api';
import { type Alert, type AlertSettings, ackAlert, ackAllAlerts, alertSettings, alerts, onAlerts, setAlertSettings } from '../../api/treasury';
import { ErrorBox } from '../../components/common/ErrorBox';

/** Words for an alert's kind. */
export const KIND_LABEL: Record<string, string> = { failed: 'Failed', pending: 'Pending too long' };

/** The alerts: failed transfers and ones pending past the threshold, newest first; each opens
 * its transfer (click or Enter) and can be acknowledged; and the profile's alert settings. The
 * list reloads when Go says alerts changed. */
export function AlertsView({ onOpen }: { onOpen: (transferId: string) => void }) {
  const [list, setList] = useState<Alert[]>();
  const [error, setError] = useState<string>();
  const [showAcked, setShowAcked] = useState(false);

  const load = useCallback(() => {
    alerts(showAcked).then(
      (a) => {
        setList(a ?? []);
        setError(undefined);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [showAcked]);
  useEffect(() => {
    load();
    return onAlerts(() => load());
  }, [load]);

  const act = async (f: () => Promise<unknown>) => {
    try {
      await f();
      load();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const open = (list ?? []).filter((a) => !a.acked).length;
  return (
    <div className="ty-list" data-testid="alerts-view">
      <div className="ty-toolbar">
        <label>
          <input type="checkbox" checked={showAcked} onChange={(e) => setShowAcked(e.target.checked)} data-testid="alerts-show-acked" /> Show
          acknowledged
        </label>
        {list ? (
          <span className="muted" data-testid="alerts-open">
            {open} open
          </span>
        ) : null}
        {open > 1 ? (
          <button type="button" onClick={() => void act(ackAllAlerts)}>
            Acknowledge all
          </button>
        ) : null}
      </div>
      <ErrorBox message={error} />
      {list && !list.length ? <p className="muted">No alerts. Failed transfers and ones pending too long appear here.</p> : null}
      {list?.length ? (
        <ul className="ty-alerts">
          {list.map((a) => (
            <li key={a.id} className={`ty-alert ty-alert-${a.kind}${a.acked ? ' acked' : ''}`} data-testid="alert">
              <div>
                <strong>{KIND_LABEL[a.kind] ?? a.kind}</strong> <time className="muted">{a.raisedAt}</time>
                <div>{a.title}</div>
                <div className="muted">{a.body}</div>
                {a.currentStatus && a.currentStatus !== a.status ? <div>Now {a.currentStatus}.</div> : null}
                {a.notifyError ? <div className="muted">No desktop notification: {a.notifyError}</div> : null}
              </div>
              <div className="ty-actions">
                <button type="button" onClick={() => onOpen(a.transferId)} aria-label={`Open transfer ${a.transferId}`}>
                  Open
                </button>
                {a.acked ? (
                  <span className="muted">Acknowledged</span>
                ) : (
                  <button type="button" onClick={() => void act(() => ackAlert(a.id))} data-testid="alert-ack">
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

/** Hours as typed → whole minutes for Go (NaN when it is not a number: Go is not asked). */
export function hoursToMinutes(typed: string): number {
  const t = typed.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(t)) return NaN;
  return Math.round(Number(t) * 60);
}

/** Minutes as hours for the form (up to two decimals). */
export function minutesToHours(m: number): string {
  return String(Math.round((m / 60) * 100) / 100);
}

/** The active profile's alert settings: each kind on or off, the pending threshold, and
 * whether new alerts show as desktop notifications. Go checks the threshold's range. */
export function AlertSettingsForm() {
  const [s, setS] = useState<AlertSettings>();
  const [hours, setHours] = useState('');
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();

  useEffect(() => {
    alertSettings().then(
      (x) => {
        setS(x);
        setHours(minutesToHours(x.pendingAfterMinutes));
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, []);

  const save = async (next: AlertSettings) => {
    setSaved(undefined);
    if (Number.isNaN(next.pendingAfterMinutes)) {
      setError('The pending threshold is a number of hours (e.g. 24 or 0.5).');
      return;
    }
    try {
      const x = await setAlertSettings(next);
      setS(x);
      setHours(minutesToHours(x.pendingAfterMinutes));
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
        void save({ ...s, pendingAfterMinutes: hoursToMinutes(hours) });
      }}
    >
      <h2>Alert settings (this profile)</h2>
      <label>
        <input type="checkbox" checked={s.failed} onChange={(e) => void save({ ...s, failed: e.target.checked })} data-testid="alerts-failed" /> When
        a transfer fails
      </label>
      <label>
        <input type="checkbox" checked={s.pending} onChange={(e) => void save({ ...s, pending: e.target.checked })} data-testid="alerts-pending" />{' '}
        When a transfer stays pending longer than{' '}
        <input
          aria-label="Pending threshold in hours"
          inputMode="decimal"
          className="ty-hours"
          value={hours}
          onChange={(e) => setHours(e.target.value)}
          data-testid="alerts-hours"
        />{' '}
        hours
      </label>
      <label>
        <input type="checkbox" checked={s.desktop} onChange={(e) => void save({ ...s, desktop: e.target.checked })} /> Show desktop notifications
      </label>
      <div className="ty-actions">
        <button type="submit" data-testid="alerts-save">
          Save threshold
        </button>
        {saved ? <span role="status">{saved}</span> : null}
      </div>
      <ErrorBox message={error} testId="alerts-settings-error" />
    </form>
  );
}
