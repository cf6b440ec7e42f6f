// Typed calls of the treasury's Go methods (refunds, notes, tags, address book, audit trail,
// alerts, reconciliation) and their runtime events. Go owns every rule (payment URIs, hash
// formats, state transitions, validation); the views only show what these return.
import { on } from './runtime';

/** A refund's state: '' (none recorded yet), needed, sent, done or not-needed. */
export type RefundState = '' | 'needed' | 'sent' | 'done' | 'not-needed';

/** One recorded refund-state change. */
export interface RefundChange {
  at: string;
  user: string;
  from: string;
  to: string;
  hash: string;
  note: string;
}

/** What the Refund panel shows: the payment request Go built and the refund's state. */
export interface RefundView {
  transferId: string;
  /** "EIP-681", "BIP-21", "Solana Pay" or "address". */
  standard: string;
  /** Why that standard (or why none). */
  standardReason: string;
  uri: string;
  address: string;
  addressLabel: string;
  /** The amount in the request, as a decimal string. */
  amount: string;
  /** What was received (the default amount). */
  receivedAmount: string;
  asset: string;
  network: string;
  tokenAddress: string;
  /** The QR code of uri as a data URL. */
  qr: string;
  state: RefundState;
  hash: string;
  note: string;
  history: RefundChange[];
  /** Per-field errors (amount, hash, state, note …); nothing was changed when set. */
  fieldErrors?: Record<string, string>;
}

/** One transfer in the refunds queue. */
export interface RefundItem {
  transferId: string;
  state: RefundState;
  hash: string;
  amount: string;
  asset: string;
  network: string;
  address: string;
  addressLabel: string;
  updatedAt: string;
  user: string;
}

/** A note on a transfer. */
export interface Note {
  id: number;
  at: string;
  user: string;
  text: string;
}

/** A label on an address (network "" = any network). */
export interface AddressLabel {
  address: string;
  network: string;
  label: string;
  updatedAt?: string;
  user?: string;
}

/** One row of the audit trail. */
export interface AuditEntry {
  id: number;
  at: string;
  user: string;
  profileId: string;
  profileName: string;
  action: string;
  target: string;
  details: string;
}

/** The audit view's filter: since (RFC 3339 or ""), action, profile name. */
export interface AuditFilter {
  since: string;
  action: string;
  profile: string;
}

/** One alert: a failed transfer or one pending past the threshold (Go: alerts.Alert). */
export interface Alert {
  id: string;
  transferId: string;
  /** "failed" or "pending". */
  kind: string;
  title: string;
  body: string;
  raisedAt: string;
  /** The transfer's status when raised, and now ("" when no longer stored). */
  status: string;
  currentStatus: string;
  summary: string;
  acked: boolean;
  ackedAt: string;
  notified: boolean;
  notifyError: string;
}

/** The active profile's alert settings (Go: alerts.Settings). */
export interface AlertSettings {
  failed: boolean;
  pending: boolean;
  pendingAfterMinutes: number;
  desktop: boolean;
}

/** The payload of the alerts-changed event (Go: AlertBadge). */
export interface AlertBadgeEvent {
  profileId: string;
  open: number;
}

/** One finding of a reconciliation (Go: reconcile.Item). */
export interface ReconcileItem {
  /** status_mismatch, unknown_transfer, no_event or duplicate. */
  kind: string;
  transferId: string;
  eventId?: string;
  webhookStatus?: string;
  historyStatus?: string;
  count?: number;
  created?: string;
  lastEventAt?: string;
  detail: string;
}

/** What a report looked at and found (Go: reconcile.Summary). */
export interface ReconcileSummary {
  transfers: number;
  events: number;
  repeatedDeliveries: number;
  statusMismatches: number;
  unknownTransfers: number;
  noEvent: number;
  duplicates: number;
  beforeWebhooks: number;
  tooRecent: number;
}

/** A reconciliation report over a range (Go: reconcile.Report). */
export interface ReconcileReport {
  profileId: string;
  from: string;
  to: string;
  generatedAt: string;
  /** "api" (the live history) or "offline" (the last synced state, syncedAt). */
  source: string;
  syncedAt?: string;
  webhooksSince: string;
  summary: ReconcileSummary;
  items: ReconcileItem[] | null;
}

/** Where an export went ("" path: the user cancelled the save dialog). */
export interface ExportResult {
  path: string;
  count: number;
}

/** Runtime events of the treasury (Go: app_alerts.go). */
export const TreasuryEvents = {
  /** Alerts changed; carries an AlertBadgeEvent. */
  Alerts: 'alerts:changed',
  /** A desktop notification was clicked; carries the transfer id. */
  AlertOpen: 'alerts:open',
} as const;

type Bound = Record<string, (...args: unknown[]) => Promise<unknown>>;

/** Calls a bound Go method of App by name. */
async function call<T>(method: string, ...args: unknown[]): Promise<T> {
  const app = (window as { go?: { main?: { App?: Bound } } }).go?.main?.App;
  const fn = app?.[method];
  if (!fn) throw new Error(`the app core has no ${method} method`);
  return (await fn(...args)) as T;
}

export const refundRequest = (transferId: string, amount: string) => call<RefundView>('RefundRequest', transferId, amount);
export const setRefundState = (transferId: string, state: RefundState, hash: string, note: string) =>
  call<RefundView>('SetRefundState', transferId, state, hash, note);
export const refundQueue = (state: RefundState) => call<RefundItem[]>('RefundQueue', state);
export const notes = (transferId: string) => call<Note[]>('Notes', transferId);
export const addNote = (transferId: string, text: string) => call<Note[]>('AddNote', transferId, text);
export const tags = (transferId: string) => call<string[]>('Tags', transferId);
export const setTags = (transferId: string, t: string[]) => call<string[]>('SetTags', transferId, t);
export const addressBook = () => call<AddressLabel[]>('AddressBook');
export const setAddressLabel = (l: AddressLabel) => call<AddressLabel[]>('SetAddressLabel', l);
export const removeAddressLabel = (address: string, network: string) => call<AddressLabel[]>('RemoveAddressLabel', address, network);
export const auditTrail = (f: AuditFilter) => call<AuditEntry[]>('AuditTrail', f);
export const exportAudit = (f: AuditFilter) => call<ExportResult>('ExportAudit', f);
export const alerts = (includeAcked: boolean) => call<Alert[]>('Alerts', includeAcked);
export const alertCount = () => call<number>('AlertCount');
export const ackAlert = (id: string) => call<void>('AckAlert', id);
export const ackAllAlerts = () => call<number>('AckAllAlerts');
export const alertSettings = () => call<AlertSettings>('AlertSettings');
export const setAlertSettings = (s: AlertSettings) => call<AlertSettings>('SetAlertSettings', s);
export const reconcile = (from: string, to: string, offline: boolean) => call<ReconcileReport>('Reconcile', from, to, offline);
export const exportReconciliation = (from: string, to: string, offline: boolean) => call<ExportResult>('ExportReconciliation', from, to, offline);

/** Subscribes to the alerts-changed event; returns the unsubscribe function. */
export function onAlerts(cb: (badge: AlertBadgeEvent) => void): () => void {
  return on(TreasuryEvents.Alerts, (...data: unknown[]) => cb((data[0] ?? { profileId: '', open: 0 }) as AlertBadgeEvent));
}

/** Subscribes to clicks on alert notifications (the transfer to open). */
export function onAlertOpen(cb: (transferId: string) => void): () => void {
  return on(TreasuryEvents.AlertOpen, (...data: unknown[]) => cb(String(data[0] ?? '')));
}
