// Detects a Link that never loads (a blocked origin, no network) instead of leaving a blank
// overlay: if the page's `loaded` (the SDK's pageLoaded event) does not come within the
// timeout, onStall runs. Timers are injectable so tests need no real waiting.

/** How long Link gets to send `loaded` before the app explains what is wrong. */
export const defaultLoadTimeoutMs = 8000;

/** setTimeout/clearTimeout, or a test's fakes. */
export interface Timers {
  set: (fn: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

export const realTimers: Timers = {
  set: (fn, ms) => window.setTimeout(fn, ms),
  clear: (h) => window.clearTimeout(h as number),
};

/** A running watch: call loaded() when Link loads, cancel() when the session ends. */
export interface LoadWatch {
  loaded: () => void;
  cancel: () => void;
}

/** Starts watching; onStall runs once if loaded() is not called within timeoutMs. */
export function watchLoaded(timeoutMs: number, onStall: () => void, timers: Timers = realTimers): LoadWatch {
  let done = false;
  const handle = timers.set(() => {
    if (done) return;
    done = true;
    onStall();
  }, timeoutMs);
  const stop = () => {
    if (done) return;
    done = true;
    timers.clear(handle);
  };
  return { loaded: stop, cancel: stop };
}

/** Explains a Link that did not load, with the fix. */
export function stallMessage(opts: { demo: boolean; linkOrigin: string; pageOrigin: string; timeoutMs: number }): string {
  const secs = Math.round(opts.timeoutMs / 1000);
  if (opts.demo) {
    return (
      `Link did not load from the Demo emulator at ${opts.linkOrigin} within ${secs} s: the in-process emulator is not answering, ` +
      "or its page refuses to be framed by this window's origin (" + opts.pageOrigin + '). ' +
      'Restart Mesh Desk; if it keeps happening, the log file (Settings → About) says why.'
    );
  }
  return (
    `Mesh's Link page (${opts.linkOrigin}) did not load within ${secs} s. Mesh shows Link only on origins allow-listed for your client: ` +
    `add this window's origin (${opts.pageOrigin} — wails://wails on Linux and macOS, http://wails.localhost on Windows) in Mesh's dashboard, ` +
    'or switch Settings → Link to “system browser” mode. If the origin is allowed, check the network connection or proxy.'
  );
}
