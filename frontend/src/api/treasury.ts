// Typed calls of the treasury's Go methods (refunds, notes, tags, address book, audit trail,
// alerts, reconciliation: wailsjs bindings) and their runtime events. Go owns every rule
// (payment URIs, hash formats, state transitions, validation); the views show its answers.
import * as App from '../../wailsjs/go/main/App';
import type { alerts as A, main, reconcile as R, treasury as Tr } from '../../wailsjs/go/models';
import { on } from './runtime';

/** The refund panel: payment request, QR code, state, next states, history (treasury.RefundView). */
export type RefundView = Tr.RefundView;
/** One refund state change (treasury.RefundEntry). */
export type RefundEntry = Tr.RefundEntry;
/** A transfer in the refunds queue (treasury.RefundQueueItem). */
export type RefundItem = Tr.RefundQueueItem;
/** A note on a transfer (treasury.NoteView). */
export type Note = Tr.NoteView;
/** An address book entry (treasury.LabelView). */
export type AddressLabel = Tr.LabelView;
/** One audit row (treasury.AuditEntry). */
export type AuditEntry = Tr.AuditEntry;
/** One alert (alerts.Alert). */
export type Alert = A.Alert;
/** A profile's alert settings (alerts.Settings). */
export type AlertSettings = A.Settings;
/** A reconciliation report and one finding (reconcile.Report, reconcile.Item). */
export type ReconcileReport = R.Report;
export type ReconcileItem = R.Item;
/** Where an export went ("" path: the save dialog was cancelled). */
export type ExportResult = main.ExportResult;

/** A refund state as Go names it: none, needed, sent, done, not_needed. */
export type RefundState = 'none' | 'needed' | 'sent' | 'done' | 'not_needed';

/** The audit trail's filter (treasury.AuditQuery): since is a duration back from now ("24h",
 * "7d") or an RFC 3339 time, "" for all. */
export interface AuditQuery {
  since: string;
  actions: string[];
  profile: string;
  target: string;
  limit: number;
}

/** The payload of the alerts-changed event (Go: AlertBadge). */
export interface AlertBadgeEvent {
  profileId: string;
  open: number;
}

/** Runtime events of the treasury (Go: app_alerts.go). */
export const TreasuryEvents = {
  /** Alerts changed; carries an AlertBadgeEvent. */
  Alerts: 'alerts:changed',
  /** A desktop notification was clicked; carries the transfer id. */
  AlertOpen: 'alerts:open',
} as const;

/** The fields Go names in its argument errors ("field: what is wrong"). */
const FIELDS = ['transferId', 'amount', 'state', 'hash', 'note', 'tag', 'address', 'network', 'label', 'since', 'action', 'format'];

/** Splits Go's error message into per-field messages: each line "field: message" goes to its
 * field (the whole line is kept as the message), anything else to "form". */
export function fieldErrors(message: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of message.split('\n')) {
    if (!line.trim()) continue;
    const m = /^([A-Za-z]+): /.exec(line);
    const field = m && FIELDS.includes(m[1]!) ? m[1]! : 'form';
    out[field] = out[field] ? `${out[field]}\n${line}` : line;
  }
  return out;
}

export const refundRequest = async (transferId: string, amount: string) => App.RefundRequest(transferId, amount);
export const setRefundState = async (transferId: string, state: string, hash: string, note: string) =>
  App.SetRefundState(transferId, state, hash, note);
export const refundQueue = async (states: string[]) => App.RefundQueue(states);
export const notes = async (transferId: string) => App.Notes(transferId);
export const addNote = async (transferId: string, text: string) => App.AddNote(transferId, text);
export const tags = async (transferId: string) => App.TransferTags(transferId);
export const setTags = async (transferId: string, t: string[]) => App.SetTags(transferId, t);
export const addressBook = async () => App.AddressBook();
export const addressLabels = async (refs: { address: string; network: string }[]) => App.AddressLabels(refs as Tr.AddressRef[]);
export const setAddressLabel = async (address: string, network: string, label: string) => App.SetAddressLabel(address, network, label);
export const removeAddressLabel = async (address: string, network: string) => App.RemoveAddressLabel(address, network);
export const auditActions = async () => App.AuditActions();
export const auditTrail = async (q: AuditQuery) => App.AuditTrail(q as Tr.AuditQuery);
export const exportAudit = async (q: AuditQuery, format: 'csv' | 'json') => App.ExportAudit(q as Tr.AuditQuery, format);
export const alerts = async (includeAcked: boolean) => App.Alerts(includeAcked);
export const alertCount = async () => App.AlertCount();
export const ackAlert = async (id: string) => App.AckAlert(id);
export const ackAllAlerts = async () => App.AckAllAlerts();
export const alertSettings = async () => App.AlertSettings();
export const setAlertSettings = async (s: AlertSettings) => App.SetAlertSettings(s);
export const reconcile = async (from: string, to: string, offline: boolean) => App.Reconcile(from, to, offline);
export const exportReconciliation = async (from: string, to: string, offline: boolean) => App.ExportReconciliation(from, to, offline);

/** Subscribes to the alerts-changed event; returns the unsubscribe function. */
export function onAlerts(cb: (badge: AlertBadgeEvent) => void): () => void {
  return on(TreasuryEvents.Alerts, (...data: unknown[]) => cb((data[0] ?? { profileId: '', open: 0 }) as AlertBadgeEvent));
}

/** Subscribes to clicks on alert notifications (the transfer to open). */
export function onAlertOpen(cb: (transferId: string) => void): () => void {
  return on(TreasuryEvents.AlertOpen, (...data: unknown[]) => cb(String(data[0] ?? '')));
}
