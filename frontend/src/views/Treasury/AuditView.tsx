import { useEffect, useState } from 'react';
import { errorMessage } from '../../api';
import { type AuditEntry, type AuditQuery, auditActions, auditTrail, exportAudit, fieldErrors } from '../../api/treasury';
import { ErrorBox } from '../../components/common/ErrorBox';
import { FieldError } from '../../components/common/FieldError';

/** How far back the audit view looks: Go reads these as durations ("" = everything). */
export const SINCE = [
  { id: '24h', label: 'Last 24 hours' },
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: '', label: 'All time' },
] as const;

/** The audit view's form as typed: action "" is every action; target a transfer id, an
 * address or a file. */
export interface AuditForm {
  since: string;
  action: string;
  profile: string;
  target: string;
}

/** The query Go receives for the form (trimmed; Go validates and says which field is wrong). */
export function toAuditQuery(f: AuditForm): AuditQuery {
  return { since: f.since, actions: f.action ? [f.action] : [], profile: f.profile.trim(), target: f.target.trim(), limit: 0 };
}

/** Audit actions whose target is a transfer id (store.AuditRefundState, AuditNoteAdd,
 * AuditTagsSet): their target opens the transfer. */
export const TRANSFER_ACTIONS = new Set(['refund.state', 'note.add', 'tags.set']);

/** The audit trail: every action a user took in the app or the CLI, newest first, filtered by
 * time, action and profile (in Go), exportable as CSV through the save dialog. Append-only:
 * nothing here edits or removes a row. A transfer a row is about opens with onOpen. */
export function AuditView({ onOpen }: { onOpen?: (transferId: string) => void }) {
  const [form, setForm] = useState<AuditForm>({ since: '7d', action: '', profile: '', target: '' });
  const [typed, setTyped] = useState(form);
  const [rows, setRows] = useState<AuditEntry[]>();
  const [error, setError] = useState<Record<string, string>>();
  const [notice, setNotice] = useState<string>();
  const [actions, setActions] = useState<string[]>([]);

  useEffect(() => {
    auditActions().then(
      (a) => setActions(a ?? []),
      () => {}, // the list stays empty: "every action" still works
    );
  }, []);

  // Text filters are sent once typing pauses; the time filter at once.
  useEffect(() => {
    const t = setTimeout(() => setForm(typed), 250);
    return () => clearTimeout(t);
  }, [typed]);

  useEffect(() => {
    let live = true;
    auditTrail(toAuditQuery(form)).then(
      (r) => {
        if (!live) return;
        setRows(r ?? []);
        setError(undefined);
      },
      (e: unknown) => {
        if (!live) return;
        setRows([]);
        setError(fieldErrors(errorMessage(e)));
      },
    );
    return () => {
      live = false;
    };
  }, [form]);

  const doExport = async () => {
    setNotice(undefined);
    try {
      const r = await exportAudit(toAuditQuery(form), 'csv');
      if (r.path) setNotice(`Exported ${r.count.toLocaleString('en-US')} audit rows to ${r.path}.`);
      setError(undefined);
    } catch (e) {
      setError(fieldErrors(errorMessage(e)));
    }
  };

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
          <select
            value={typed.action}
            onChange={(e) => {
              const next = { ...typed, action: e.target.value };
              setTyped(next);
              setForm(next);
            }}
            data-testid="audit-action"
          >
            <option value="">Every action</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Profile <input value={typed.profile} onChange={(e) => setTyped({ ...typed, profile: e.target.value })} placeholder="name or id" data-testid="audit-profile" />
        </label>
        <label>
          About{' '}
          <input
            value={typed.target}
            onChange={(e) => setTyped({ ...typed, target: e.target.value })}
            placeholder="transfer id, address, file"
            className="mono"
            data-testid="audit-target"
          />
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
      <FieldError errors={error} field="since" />
      <FieldError errors={error} field="action" />
      <ErrorBox message={error?.form ?? error?.format} />
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
                <td className="ty-when">
                  <time dateTime={r.at}>{r.at.replace('T', ' ').replace('Z', ' UTC')}</time>
                </td>
                <td>{r.actor}</td>
                <td>{r.profileName}</td>
                <td>{r.action}</td>
                <td className="mono">
                  {onOpen && TRANSFER_ACTIONS.has(r.action) && r.target ? (
                    <button type="button" className="linklike" onClick={() => onOpen(r.target)} aria-label={`Open transfer ${r.target}`}>
                      {r.target}
                    </button>
                  ) : (
                    r.target
                  )}
                </td>
                <td className="ty-details">{r.details}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
