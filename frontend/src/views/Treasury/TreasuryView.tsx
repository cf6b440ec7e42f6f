import { useRef, useState } from 'react';
import { TransferDetail } from '../TransferDetail/TransferDetail';
import { AddressBookView } from './AddressBookView';
import { AlertsView } from './AlertsView';
import { AuditView } from './AuditView';
import { ReconcileView } from './ReconcileView';
import { RefundsView } from './RefundsView';
import './treasury.css';

/** The treasury's tabs, in order. */
export const TABS = [
  { id: 'refunds', label: 'Refunds' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'addresses', label: 'Address book' },
  { id: 'audit', label: 'Audit trail' },
  { id: 'reconcile', label: 'Reconciliation' },
] as const;

/** One of the treasury's tabs. */
export type TabId = (typeof TABS)[number]['id'];

/** The treasury section: refunds queue, alerts, address book, audit trail and reconciliation
 * as tabs (arrow keys move between them), and the transfer detail beside whichever list opened
 * a transfer (Esc closes it). initialOpen opens a transfer at once (a clicked notification). */
export function TreasuryView({ initialTab = 'refunds', initialOpen }: { initialTab?: TabId; initialOpen?: string }) {
  const [tab, setTab] = useState<TabId>(initialTab);
  const [open, setOpen] = useState<string | undefined>(initialOpen);
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});

  const onTabKey = (e: React.KeyboardEvent, i: number) => {
    let j = -1;
    if (e.key === 'ArrowRight') j = (i + 1) % TABS.length;
    else if (e.key === 'ArrowLeft') j = (i - 1 + TABS.length) % TABS.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = TABS.length - 1;
    if (j < 0) return;
    e.preventDefault();
    const next = TABS[j]!.id;
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <section
      className="view treasury"
      aria-labelledby="view-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(undefined);
        }
      }}
    >
      <h1 id="view-title">Treasury</h1>
      <div role="tablist" aria-label="Treasury" className="tr-tabs">
        {TABS.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className={tab === t.id ? 'active' : ''}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => onTabKey(e, i)}
            data-testid={`tab-${t.id}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="ty-body">
        <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="ty-panel">
          {tab === 'refunds' && <RefundsView onOpen={setOpen} />}
          {tab === 'alerts' && <AlertsView onOpen={setOpen} />}
          {tab === 'addresses' && <AddressBookView />}
          {tab === 'audit' && <AuditView onOpen={setOpen} />}
          {tab === 'reconcile' && <ReconcileView onOpen={setOpen} />}
        </div>
        {open ? <TransferDetail id={open} onClose={() => setOpen(undefined)} /> : null}
      </div>
    </section>
  );
}
