-- Mesh Desk schema v1. Nothing secret is stored here: secrets live in the OS keychain and
-- secret_index only names the keychain entries each profile and connection owns.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

-- counters holds monotonic numbers, e.g. transfer_seq (bumped on every transfer change).
CREATE TABLE counters (
	name  TEXT PRIMARY KEY,
	value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO counters (name, value) VALUES ('transfer_seq', 0);

CREATE TABLE profiles (
	pk              INTEGER PRIMARY KEY,
	id              TEXT NOT NULL UNIQUE,
	name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
	env             TEXT NOT NULL CHECK (env IN ('demo', 'sandbox', 'production')),
	base_url        TEXT NOT NULL DEFAULT '',
	client_id       TEXT NOT NULL DEFAULT '',
	sub_client_id   TEXT NOT NULL DEFAULT '',
	default_user_id TEXT NOT NULL DEFAULT '',
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
);

CREATE TABLE connections (
	id             TEXT PRIMARY KEY,
	profile_pk     INTEGER NOT NULL REFERENCES profiles (pk) ON DELETE CASCADE,
	user_id        TEXT NOT NULL,
	broker_type    TEXT NOT NULL,
	broker_name    TEXT NOT NULL DEFAULT '',
	account_id     TEXT NOT NULL DEFAULT '',
	account_name   TEXT NOT NULL DEFAULT '',
	integration_id TEXT NOT NULL DEFAULT '',
	delayed_auth   INTEGER NOT NULL DEFAULT 0,
	health         TEXT NOT NULL DEFAULT 'unknown',
	health_detail  TEXT NOT NULL DEFAULT '',
	connected_at   INTEGER NOT NULL,
	last_used_at   INTEGER NOT NULL DEFAULT 0,
	UNIQUE (profile_pk, user_id, broker_type, account_id)
);

-- secret_index names the keychain entries (go-keyring cannot list them).
CREATE TABLE secret_index (
	profile_pk    INTEGER NOT NULL REFERENCES profiles (pk) ON DELETE CASCADE,
	key           TEXT NOT NULL,
	connection_id TEXT REFERENCES connections (id) ON DELETE CASCADE,
	created_at    INTEGER NOT NULL,
	PRIMARY KEY (profile_pk, key)
) WITHOUT ROWID;

-- pending_deletions are keychain entries whose rows are gone but whose deletion from the
-- keychain has not been confirmed; FinishCleanup retries them.
CREATE TABLE pending_deletions (
	profile_id TEXT NOT NULL,
	key        TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	attempts   INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (profile_id, key)
) WITHOUT ROWID;

-- transfers keeps the columns one filters, sorts and searches on; the raw JSON is in
-- transfer_raw so scans stay narrow. tid is never reused (AUTOINCREMENT): the search index
-- refers to it.
CREATE TABLE transfers (
	tid                   INTEGER PRIMARY KEY AUTOINCREMENT,
	profile_pk            INTEGER NOT NULL REFERENCES profiles (pk) ON DELETE CASCADE,
	id                    TEXT NOT NULL,
	client_transaction_id TEXT NOT NULL DEFAULT '',
	user_id               TEXT NOT NULL DEFAULT '',
	status                TEXT NOT NULL,
	amount_in_fiat        REAL NOT NULL DEFAULT 0,
	fiat_currency         TEXT NOT NULL DEFAULT '',
	amount                REAL NOT NULL DEFAULT 0,
	symbol                TEXT NOT NULL DEFAULT '',
	network_name          TEXT NOT NULL DEFAULT '',
	network_id            TEXT NOT NULL DEFAULT '',
	from_id               TEXT NOT NULL DEFAULT '',
	from_type             TEXT NOT NULL DEFAULT '',
	from_name             TEXT NOT NULL DEFAULT '',
	hash                  TEXT NOT NULL DEFAULT '',
	destination_address   TEXT NOT NULL DEFAULT '',
	refund_address        TEXT NOT NULL DEFAULT '',
	sub_client_id         TEXT NOT NULL DEFAULT '',
	transfer_type         TEXT NOT NULL DEFAULT '',
	created_ts            INTEGER NOT NULL DEFAULT 0,
	executed_ts           INTEGER,
	raw_sum               INTEGER NOT NULL,
	source                TEXT NOT NULL,
	first_seen            INTEGER NOT NULL,
	updated               INTEGER NOT NULL,
	seq                   INTEGER NOT NULL,
	indexed               INTEGER NOT NULL DEFAULT 0 -- 1 once in transfer_search
);
CREATE UNIQUE INDEX transfers_id ON transfers (profile_pk, id);
CREATE INDEX transfers_seq ON transfers (profile_pk, seq);
-- Exact look-ups by client transaction id, hash and addresses go through fingerprints kept in
-- memory (tindex): four random-order SQL indexes cost more than half of the upsert throughput.
CREATE INDEX transfers_pending ON transfers (profile_pk, created_ts) WHERE status NOT IN ('succeeded', 'failed');

CREATE TABLE transfer_raw (
	tid INTEGER PRIMARY KEY REFERENCES transfers (tid) ON DELETE CASCADE,
	raw BLOB NOT NULL
);

CREATE TABLE status_history (
	tid         INTEGER NOT NULL REFERENCES transfers (tid) ON DELETE CASCADE,
	at          INTEGER NOT NULL,
	from_status TEXT NOT NULL,
	to_status   TEXT NOT NULL,
	source      TEXT NOT NULL
);
CREATE INDEX status_history_tid ON status_history (tid, at);

-- transfer_search is a contentless trigram index over the searchable text of each transfer,
-- filled in the background: search_progress.seq says up to which transfer seq (per profile).
CREATE VIRTUAL TABLE transfer_search USING fts5 (
	text, tokenize = 'trigram', content = '', contentless_delete = 1
);
CREATE TABLE search_progress (
	profile_pk INTEGER PRIMARY KEY REFERENCES profiles (pk) ON DELETE CASCADE,
	seq        INTEGER NOT NULL
);

CREATE TABLE sync_state (
	profile_pk       INTEGER PRIMARY KEY REFERENCES profiles (pk) ON DELETE CASCADE,
	phase            TEXT NOT NULL DEFAULT '',
	to_timestamp     INTEGER NOT NULL DEFAULT 0,
	offset_          INTEGER NOT NULL DEFAULT 0,
	newest_created   INTEGER NOT NULL DEFAULT 0,
	high_water       INTEGER NOT NULL DEFAULT 0,
	total            INTEGER NOT NULL DEFAULT 0,
	last_started     INTEGER NOT NULL DEFAULT 0,
	last_completed   INTEGER NOT NULL DEFAULT 0,
	last_error       TEXT NOT NULL DEFAULT '',
	updated_at       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sync_leases (
	profile_pk INTEGER PRIMARY KEY REFERENCES profiles (pk) ON DELETE CASCADE,
	holder     TEXT NOT NULL,
	token      TEXT NOT NULL,
	acquired   INTEGER NOT NULL,
	expires    INTEGER NOT NULL
);

CREATE TABLE webhook_events (
	profile_pk  INTEGER NOT NULL REFERENCES profiles (pk) ON DELETE CASCADE,
	event_id    TEXT NOT NULL,
	delivery_id TEXT NOT NULL DEFAULT '',
	transfer_id TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL DEFAULT '',
	received_at INTEGER NOT NULL,
	outcome     TEXT NOT NULL,
	raw         BLOB NOT NULL,
	PRIMARY KEY (profile_pk, event_id)
);
CREATE INDEX webhook_events_unknown ON webhook_events (profile_pk, received_at) WHERE outcome = 'unknown_transfer';
