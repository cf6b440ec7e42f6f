// The active profile, for every view: loaded once, the page's Content-Security-Policy set
// from its Link origin, and a switch that reloads the page so all data follows the profile.
import { createContext, useContext, useEffect, useState } from 'react';
import { errorMessage } from '../../api';
import { installCSP } from '../../link/csp';
import { type Profile, activeProfile, useProfile as useProfileCall } from '../../link/desk';

interface ProfileState {
  profile?: Profile;
  error?: string;
  /** Re-reads the active profile (after an edit). */
  reload: () => void;
  /** Makes another profile active and reloads the app. */
  switchTo: (name: string) => Promise<void>;
}

const Ctx = createContext<ProfileState>({ reload: () => {}, switchTo: async () => {} });

export function ProfileProvider({ children, reloadPage = () => window.location.reload() }: { children: React.ReactNode; reloadPage?: () => void }) {
  const [profile, setProfile] = useState<Profile>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    activeProfile().then(
      (p) => {
        if (!live) return;
        installCSP(p.linkOrigin);
        setProfile(p);
        setError(undefined);
      },
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [tick]);
  const value: ProfileState = {
    profile,
    error,
    reload: () => setTick((t) => t + 1),
    switchTo: async (name) => {
      await useProfileCall(name);
      reloadPage();
    },
  };
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** The active profile and its operations. */
export function useActiveProfile(): ProfileState {
  return useContext(Ctx);
}
