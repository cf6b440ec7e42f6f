import { useEffect, useState } from 'react';
import { alertCount, onAlerts } from '../../api/treasury';
import './treasury.css';

/** The window's alert badge: how many alerts are open in the active profile, read once and
 * then kept current by Go's alerts event; nothing when there are none (or the core cannot say).
 * Pressing it opens the Alerts tab. */
export function AlertBadge({ onOpen }: { onOpen: () => void }) {
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    alertCount().then(
      (n) => live && setCount(Number(n) || 0),
      () => {}, // the badge is a hint: the Alerts tab shows the error
    );
    const off = onAlerts((b) => live && setCount(Number(b.open) || 0));
    return () => {
      live = false;
      off();
    };
  }, []);
  if (count <= 0) return null;
  const words = `${count} open alert${count === 1 ? '' : 's'}`;
  return (
    <button type="button" className="alert-badge" onClick={onOpen} aria-label={`${words}: show the alerts`} data-testid="alert-badge">
      <span aria-hidden="true">⚠</span> {words}
    </button>
  );
}
