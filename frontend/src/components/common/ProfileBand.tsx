import { useActiveProfile } from './profile';

/** The band at the top of every view: a demo banner, or an unmistakable production band. */
export function ProfileBand() {
  const { profile, error } = useActiveProfile();
  if (error) {
    return (
      <div role="status" className="band band-error" data-testid="profile-error">
        No active profile: {error}
      </div>
    );
  }
  if (!profile) return null;
  if (profile.production) {
    return (
      <div className="band band-production" data-testid="production-band" role="status">
        <strong>PRODUCTION</strong> — {profile.name}: real funds move on this profile.
      </div>
    );
  }
  if (profile.demo) {
    return (
      <div className="band band-demo" data-testid="demo-banner" role="status">
        <strong>Demo</strong> — {profile.name} runs Mesh Desk's built-in Mesh emulator: no real accounts, no real money. Add a sandbox or
        production profile in Settings.
      </div>
    );
  }
  return (
    <div className="band band-sandbox" data-testid="sandbox-band" role="status">
      <strong>Sandbox</strong> — {profile.name}
    </div>
  );
}
