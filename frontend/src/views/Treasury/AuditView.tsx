import { useEffect, useState } from 'react';
import { errorMessage } from '../../api';
import { type AuditEntry, type AuditFilter, auditTrail, exportAudit } from '../../api/treasury';
import { ErrorBox } from '../../components/common/ErrorBox';

/** How far back the audit view looks: Go reads these as durations ("" = everything). */
export const SINCE = [
  { id: '24h', label: 'Last 24 hours' },
  { id: '168h', label: 'Last 7 days' },
  { id: '720h', label: 'Last 30 days' },
  { id: '', label: 'All time' },
] as const;

/** The audit view's form as typed. */
export interface AuditForm {
  since: string;
  action: string;
  profile: string;
}

/** The filter Go receives for the form (trimmed; Go validates). */
export function toAuditFilter(f: AuditForm): AuditFilter {
  return { since: f.since, action: f.action.trim(), profile: f.profile.trim() };
}

/** The audit trail: every action a user took in the app or the CLI, newest first, filtered by
 * time, action and profile (in Go), exportable as CSV through the save dialog. Append-only:
 * nothing here edits or removes a row. */
export function AuditView() {
  const [form, setForm] = useState<AuditForm>({ since: '168h', action: '', profile: '' });
  const [typed, setTyped] = useState(form);
  const [rows, setRows] = useState<AuditEntry[]>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();

  // Text filters are sent once typing pauses; the time filter at once.
  useEffect(() => {
    const t = setTimeout(() => setForm(typed), 250);
    return () => clearTimeout(t);
  }, [typed]);

  useEffect(() => {
    let live = true;
    auditTrail(toAuditFilter(form)).then(
      (r) => {
        if (!live) return;
        setRows(r ?? []);
        setError(undefined);
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [form]);

  const doExport = async () => {
    setNotice(undefined);
    try {
      const r = await exportAudit(toAuditFilter(form));
      if (r.path) setNotice(`Exported ${r.count.toLocaleString('en-US')} audit rows to ${r.path}.`);
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const actions = [...new Set((rows ?? []).map((r) => r.action))].sort();
  return (
    <div className="ty-list" data-testid="audit-view">
      <form className="ty-toolbar" aria-label="Filter the audit trail" onSubmit={(e) => e.preventDefault()}>
        <label>
          Since{' '}
          <select
            value={typed.since}
            onChange={(e) => {
              const next = { ...typed, since: e.target.value };
              setTyped(next);
              setForm(next);
            }}
            data-testid="audit-since"
          >
            {SINCE.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Action{' '}
          <input list="audit-actions" value={typed.action} onChange={(e) => setTyped({ ...typed, action: e.target.value })} data-testid="audit-action" />
          <datalist id="audit-actions">
            {actions.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label>
          Profile <input value={typed.profile} onChange={(e) => setTyped({ ...typed, profile: e.target.value })} data-testid="audit-profile" />
        </label>
        <button type="button" onClick={() => void doExport()} data-testid="audit-export">
          Export CSV…
        </button>
        {rows ? (
          <span className="muted" data-testid="audit-count">
            {rows.length} rows
          </span>
        ) : null}
      </form>
      <ErrorBox message={error} />
      {notice ? (
        <div className="notice" role="status">
          {notice}
        </div>
      ) : null}
      {rows && !rows.length ? <p className="muted">No audit rows match.</p> : null}
      {rows?.length ? (
        <table className="ty-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>When</th>
              <th>User</th>
              <th>Profile</th>
              <th>Action</th>
              <th>Target</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="audit-row">
                <td>
                  <time>{r.at}</time>
                </td>
                <td>{r.user}</td>
                <td>{r.profileName}</td>
                <td>{r.action}</td>
                <td className="mono">{r.target}</td>
                <td className="ty-details">{r.details}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
