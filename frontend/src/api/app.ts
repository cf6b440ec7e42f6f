// Typed wrappers over the generated bindings of the Go App facade (wailsjs/go/main/App).
// Views call these, never window.go directly, so every call has one typed home.
import * as App from '../../wailsjs/go/main/App';
import { main } from '../../wailsjs/go/models';

/** What the Go side says about this build, its folders and the active profile. */
export type AppInfo = main.AppInfo;

/** Reads the build's version, data folder, log file and active profile. */
export async function getAppInfo(): Promise<AppInfo> {
  return App.AppInfo();
}

/** The window title for a profile: `Mesh Desk — <profile name>`. */
export function windowTitle(profile?: string): string {
  return profile ? `Mesh Desk — ${profile}` : 'Mesh Desk';
}

/** Turns a rejected binding call (Go's error message, or anything thrown) into text. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}
