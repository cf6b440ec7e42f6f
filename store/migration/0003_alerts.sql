-- Mesh Desk schema v3: alerts and reconciliation. An alert is raised once per transfer and
-- kind (UNIQUE): the check may run after every sync page or webhook without repeating a
-- desktop notification. alert_state remembers, per profile, when alerts were first checked
-- (older trouble is not raised, so a first sync of a long history does not flood the user)
-- and the transfer seq the last check read up to. webhook_duplicates records every repeated
-- delivery of an EventId (webhook_events keeps each EventId once), for the reconciliation
-- report. Nothing here is secret.

CREATE TABLE alerts (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	profile_pk   INTEGER NOT NULL REFERENCES profiles (pk) ON DELETE CASCADE,
	transfer_id  TEXT NOT NULL,
	kind         TEXT NOT NULL CHECK (kind IN ('failed', 'pending')),
	raised_at    INTEGER NOT NULL,           -- ms
	status       TEXT NOT NULL,              -- the transfer's status when raised
	summary      TEXT NOT NULL DEFAULT '',   -- e.g. "0.5 ETH on Ethereum from Coinbase"
	acked_at     INTEGER NOT NULL DEFAULT 0, -- ms, 0 while open
	notified_at  INTEGER NOT NULL DEFAULT 0, -- ms, 0 when no notification was shown
	notify_error TEXT NOT NULL DEFAULT '',
	UNIQUE (profile_pk, transfer_id, kind)
);
CREATE INDEX alerts_open ON alerts (profile_pk, acked_at, id);

CREATE TABLE alert_state (
	profile_pk INTEGER PRIMARY KEY REFERENCES profiles (pk) ON DELETE CASCADE,
	baseline   INTEGER NOT NULL, -- ms: when alerts were first checked
	last_seq   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE webhook_duplicates (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	profile_pk  INTEGER NOT NULL REFERENCES profiles (pk) ON DELETE CASCADE,
	event_id    TEXT NOT NULL,
	delivery_id TEXT NOT NULL DEFAULT '',
	transfer_id TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL DEFAULT '',
	received_at INTEGER NOT NULL -- ms
);
CREATE INDEX webhook_duplicates_at ON webhook_duplicates (profile_pk, received_at);

-- The reconciliation report reads webhook events by time and by transfer.
CREATE INDEX webhook_events_at ON webhook_events (profile_pk, received_at);
CREATE INDEX webhook_events_transfer ON webhook_events (profile_pk, transfer_id);
