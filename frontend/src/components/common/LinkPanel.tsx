import type { ActivityEntry, LinkStatus } from '../../link/useLinkSession';
import type { Account } from '../../link/desk';
import { ErrorBox } from './ErrorBox';

const statusText: Record<LinkStatus, string> = {
  idle: '',
  opening: 'Opening Link…',
  open: 'Link is open.',
  stalled: 'Link did not load.',
  closed: 'Link closed.',
};

/** A Link session's state: why it failed, what it connected, and its activity log. */
export function LinkPanel({
  status,
  activity,
  exitError,
  stall,
  error,
  saved,
}: {
  status: LinkStatus;
  activity: ActivityEntry[];
  exitError?: string;
  stall?: string;
  error?: string;
  saved: Account[];
}) {
  if (status === 'idle') return null;
  return (
    <section className="card" aria-label="Link session">
      <div data-testid="link-status" data-status={status}>
        {statusText[status]}
      </div>
      <ErrorBox message={stall} testId="link-stalled" />
      <ErrorBox message={exitError ? `Link ended with an error: ${exitError}` : undefined} testId="link-exit-error" />
      <ErrorBox message={error} testId="link-error" />
      {saved.length > 0 && (
        <div className="notice" data-testid="connected-accounts">
          Connected:{' '}
          {saved.map((a) => (
            <span key={a.id}>
              {a.brokerName} {a.accountName} — {a.status} (user {a.userId}){' '}
            </span>
          ))}
        </div>
      )}
      <h3>Activity</h3>
      <ol className="activity" data-testid="activity-log">
        {activity.map((e, i) => (
          <li key={i} data-type={e.type}>
            {e.at} {e.type}
            {e.detail ? ` — ${e.detail}` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}
