// Typed access to the Wails runtime (window title, events). The generated
// wailsjs/runtime module calls window.runtime, which Wails injects into the page.
import { EventsEmit, EventsOff, EventsOn, WindowSetTitle } from '../../wailsjs/runtime/runtime';

/** Events the frontend and Go exchange; the names match the Go constants in app.go. */
export const Events = {
  /** Emitted once the first screen has rendered and the title is set (Go: EventFirstRender). */
  FirstRender: 'app:first-render',
} as const;

/** Payload of Events.FirstRender. */
export interface FirstRenderSignal {
  ok: boolean;
  title: string;
  profile?: string;
  error?: string;
}

/** True when the page runs inside Wails (the window or `wails dev`), false in unit tests. */
export function hasRuntime(): boolean {
  return typeof window !== 'undefined' && typeof (window as { runtime?: unknown }).runtime === 'object';
}

/** Sets the native window's title and the document's (the browser tab under `wails dev`). */
export function setWindowTitle(title: string): void {
  document.title = title;
  if (hasRuntime()) WindowSetTitle(title);
}

/** Emits a runtime event to Go (and to other listeners); a no-op outside Wails. */
export function emit(event: string, ...data: unknown[]): void {
  if (hasRuntime()) EventsEmit(event, ...data);
}

/** Listens for a runtime event; returns the unsubscribe function. */
export function on(event: string, callback: (...data: unknown[]) => void): () => void {
  if (!hasRuntime()) return () => {};
  const off: unknown = EventsOn(event, callback);
  return typeof off === 'function' ? (off as () => void) : () => EventsOff(event);
}
