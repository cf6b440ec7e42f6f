import { useEffect } from 'react';
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

/** Gives each section an Alt+letter shortcut: the first letter of its label not taken by a
 * section above it (Accounts A, Connect C, New transfer N, Transfers T, Treasury R, Settings S).
 * Derived from the labels, so a new section gets one without renumbering the others. */
export function accessKeys(list: readonly { id: string; label: string }[]): Map<string, string> {
  const taken = new Set<string>();
  const keys = new Map<string, string>();
  for (const s of list) {
    const k = [...s.label.toLowerCase()].find((c) => c >= 'a' && c <= 'z' && !taken.has(c));
    if (!k) continue;
    taken.add(k);
    keys.set(s.id, k);
  }
  return keys;
}

const keys = accessKeys(sections);

/** On macOS, Option+letter types a character (†, ß…) in a text field: leave it to the field. */
function typesWithOption(target: EventTarget | null): boolean {
  if (!/Mac/.test(navigator.platform)) return false;
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA');
}

interface SidebarProps {
  current: SectionId;
  onSelect: (id: SectionId) => void;
  info?: AppInfo;
}

/** The left-hand navigation, with the active profile and version at the bottom. Alt+letter
 * (shown in each button's tooltip) opens a section from anywhere — the keyboard-first way
 * round the app, and how `make screenshots` drives the real window. */
export function Sidebar({ current, onSelect, info }: SidebarProps) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (typesWithOption(e.target)) return;
      // e.code survives layouts and Alt compositions (KeyT); e.key is the fallback.
      const letter = /^Key([A-Z])$/.exec(e.code)?.[1]?.toLowerCase() ?? e.key.toLowerCase();
      const hit = sections.find((s) => keys.get(s.id) === letter);
      if (!hit) return;
      e.preventDefault();
      onSelect(hit.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onSelect]);

  return (
    <nav className="sidebar" aria-label="Sections">
      <div className="brand">Mesh Desk</div>
      <ul>
        {sections.map((s) => {
          const k = keys.get(s.id);
          return (
            <li key={s.id}>
              <button
                type="button"
                className={s.id === current ? 'active' : ''}
                aria-current={s.id === current ? 'page' : undefined}
                aria-keyshortcuts={k ? `Alt+${k.toUpperCase()}` : undefined}
                title={k ? `${s.label} (Alt+${k.toUpperCase()})` : undefined}
                onClick={() => onSelect(s.id)}
              >
                {s.label}
              </button>
            </li>
          );
        })}
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
