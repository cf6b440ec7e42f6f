-- Mesh Desk schema v2: the treasury workflow. Refund states, notes, tags and address labels
-- belong to a profile (removed with it); the audit trail belongs to nobody and outlives every
-- profile: it keeps the profile's id and name as text, has no foreign key, and triggers refuse
-- every UPDATE and DELETE on it. Transfers are referred to by their Mesh id, not the store's
-- tid, so the history can be re-synced without losing what people wrote about it.

-- refund_events is each refund state change of a transfer, oldest first (the current state is
-- refund_state; both are written in one transaction).
CREATE TABLE refund_events (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	profile_pk  INTEGER NOT NULL REFERENCES profiles (pk) ON DELETE CASCADE,
	transfer_id TEXT NOT NULL,
	at          INTEGER NOT NULL,
	actor       TEXT NOT NULL,
	from_state  TEXT NOT NULL,
	to_state    TEXT NOT NULL CHECK (to_state IN ('needed', 'sent', 'done', 'not_needed')),
	hash        TEXT NOT NULL DEFAULT '',
	note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX refund_events_transfer ON refund_events (profile_pk, transfer_id, id);

CREATE TABLE refund_state (
	profile_pk  INTEGER NOT NULL REFERENCES profiles (pk) ON DELETE CASCADE,
	transfer_id TEXT NOT NULL,
	state       TEXT NOT NULL CHECK (state IN ('needed', 'sent', 'done', 'not_needed')),
	hash        TEXT NOT NULL DEFAULT '',
	updated_at  INTEGER NOT NULL,
	PRIMARY KEY (profile_pk, transfer_id)
) WITHOUT ROWID;
CREATE INDEX refund_state_state ON refund_state (profile_pk, state);

-- transfer_notes are free-text notes, appended only by the app.
CREATE TABLE transfer_notes (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	profile_pk  INTEGER NOT NULL REFERENCES profiles (pk) ON DELETE CASCADE,
	transfer_id TEXT NOT NULL,
	at          INTEGER NOT NULL,
	actor       TEXT NOT NULL,
	text        TEXT NOT NULL
);
CREATE INDEX transfer_notes_transfer ON transfer_notes (profile_pk, transfer_id, id);

-- transfer_tags holds normalized tags (lower case, [a-z0-9._-], 1..32 characters).
CREATE TABLE transfer_tags (
	profile_pk  INTEGER NOT NULL REFERENCES profiles (pk) ON DELETE CASCADE,
	transfer_id TEXT NOT NULL,
	tag         TEXT NOT NULL,
	added_at    INTEGER NOT NULL,
	actor       TEXT NOT NULL,
	PRIMARY KEY (profile_pk, transfer_id, tag)
) WITHOUT ROWID;
CREATE INDEX transfer_tags_tag ON transfer_tags (profile_pk, tag);

-- address_labels is the address book: address_key is the address as compared (EVM addresses
-- in lower case, others as written); network is '' for every network or a network name in
-- lower case.
CREATE TABLE address_labels (
	profile_pk  INTEGER NOT NULL REFERENCES profiles (pk) ON DELETE CASCADE,
	address_key TEXT NOT NULL,
	network     TEXT NOT NULL DEFAULT '',
	address     TEXT NOT NULL,
	label       TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	actor       TEXT NOT NULL,
	PRIMARY KEY (profile_pk, address_key, network)
) WITHOUT ROWID;

-- audit_log is the append-only audit trail.
CREATE TABLE audit_log (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	at           INTEGER NOT NULL,
	actor        TEXT NOT NULL,
	profile_id   TEXT NOT NULL DEFAULT '',
	profile_name TEXT NOT NULL DEFAULT '',
	action       TEXT NOT NULL,
	target       TEXT NOT NULL DEFAULT '',
	details      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted');
END;
