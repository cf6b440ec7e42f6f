// App-wide hooks of the transfer desk: a sync when the window gains focus (Go decides whether
// the settings ask for it), and the window's size and place remembered after a resize.
import { useEffect } from 'react';
import { hasRuntime } from '../../api';
import { saveWindowState, syncOnFocus } from './deskApi';

/** Installs the focus trigger and the window-size memory (no-ops outside Wails). */
export function useDeskWindowHooks(): void {
  useEffect(() => {
    if (!hasRuntime()) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onFocus = () => void syncOnFocus().catch(() => {});
    const onResize = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const w = { x: window.screenX, y: window.screenY, width: window.outerWidth, height: window.outerHeight, maximised: false };
        void saveWindowState(w).catch(() => {}); // a size Go refuses (minimised) is not remembered
      }, 800);
    };
    window.addEventListener('focus', onFocus);
    window.addEventListener('resize', onResize);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('focus', onFocus);
      window.removeEventListener('resize', onResize);
    };
  }, []);
}
