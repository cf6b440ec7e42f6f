import type { AppInfo } from '../api';

/** The app's sections, in sidebar order. */
export const sections = [
  { id: 'accounts', label: 'Accounts' },
  { id: 'connect', label: 'Connect' },
  { id: 'journeys', label: 'New transfer' },
  { id: 'transfers', label: 'Transfers' },
  { id: 'treasury', label: 'Treasury' },
  { id: 'settings', label: 'Settings' },
] as const;

/** One of the sidebar's sections. */
export type SectionId = (typeof sections)[number]['id'];

interface SidebarProps {
  current: SectionId;
  onSelect: (id: SectionId) => void;
  info?: AppInfo;
}

/** The left-hand navigation, with the active profile and version at the bottom. */
export function Sidebar({ current, onSelect, info }: SidebarProps) {
  return (
    <nav className="sidebar" aria-label="Sections">
      <div className="brand">Mesh Desk</div>
      <ul>
        {sections.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className={s.id === current ? 'active' : ''}
              aria-current={s.id === current ? 'page' : undefined}
              onClick={() => onSelect(s.id)}
            >
              {s.label}
            </button>
          </li>
        ))}
      </ul>
      <div className="sidebar-foot" data-testid="profile">
        {info ? (
          <>
            <div className="profile">{info.profile}</div>
            <div className="version">v{info.version}</div>
          </>
        ) : null}
      </div>
    </nav>
  );
}
