// Typed calls of the transfer desk's Go methods (wailsjs bindings) and its runtime events.
import * as App from '../../../wailsjs/go/main/App';
import type { main, store } from '../../../wailsjs/go/models';
import { on } from '../../api';
import type { QueryFilter } from './filters';

export type TransferRow = store.TransferRow;
export type TransferDetail = main.TransferDetail;
export type SyncStatus = main.SyncStatus;
export type SyncSettings = main.SyncSettings;
export type SavedView = main.SavedView;
export type WebhookStatus = main.WebhookStatus;
export type TransferLookup = main.TransferLookup;
export type LookupHit = main.LookupHit;

/** Sort columns Go knows (store.SortField). */
export type SortField = 'created' | 'amount' | 'status';

/** Runtime events of the transfer desk (Go: app_sync.go). */
export const DeskEvents = {
  SyncProgress: 'sync:progress',
  SyncDone: 'sync:done',
  Webhook: 'webhook:event',
} as const;

/** Progress of a running sync (history.Progress). */
export interface SyncProgress {
  phase: string;
  pages: number;
  transfers: number;
  total: number;
  done: number;
  rate: number;
}

/** One window of the filtered list. */
export async function queryTransfers(filter: QueryFilter, sort: SortField, desc: boolean, offset: number, limit: number) {
  return App.QueryTransfers(filter as store.TransferFilter, { sort, desc, offset, limit } as main.TransferWindowRequest);
}

export const getTransfer = async (id: string) => App.GetTransfer(id);
/** The exact look-up: the newest 50 matches, the exact total and the filter for all of them. */
export const findTransfers = async (value: string) => App.FindTransfers(value);
export const exportTransfers = async (filter: QueryFilter, sort: SortField, desc: boolean, format: 'csv' | 'json') =>
  App.ExportTransfers(filter as store.TransferFilter, sort, desc, format);
export const syncNow = async () => App.SyncNow();
export const syncStatus = async () => App.SyncStatus();
export const syncOnFocus = async () => App.SyncOnFocus();
export const setSyncSettings = async (s: SyncSettings) => App.SetSyncSettings(s);
export const savedViews = async () => App.SavedViews();
export const applyView = async (name: string) => App.ApplyView(name);
export const deleteView = async (name: string) => App.DeleteView(name);
export async function saveView(name: string, filter: QueryFilter, sort: SortField, desc: boolean) {
  return App.SaveView({ name, builtIn: false, filter, sort, desc } as main.SavedView);
}
export const saveWindowState = async (w: main.WindowState) => App.SaveWindowState(w);

/** Subscribes to a desk event; returns the unsubscribe function. */
export function onDesk<T>(event: string, cb: (data: T) => void): () => void {
  return on(event, (...data: unknown[]) => cb(data[0] as T));
}
