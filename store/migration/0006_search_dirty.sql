-- Webhook acknowledgements on a large store (issue 6). Two changes to the search index.
--
-- 1. A transfer whose searchable text did not change is not re-indexed. Every change of a
-- transfer (a webhook's status) bumps its seq, and the search worker used to delete and
-- re-insert each such row in the FTS5 table; now it re-indexes only rows whose text_dirty is
-- set (or that are not in the index at all). The trigger sets text_dirty when one of the
-- searched columns (search.go, searchText) changes; the worker clears it when it re-indexes
-- the row. Rows changed after the index last reached them are marked here, to be safe.
ALTER TABLE transfers ADD COLUMN text_dirty INTEGER NOT NULL DEFAULT 0;
UPDATE transfers SET text_dirty = 1 WHERE EXISTS (SELECT 1 FROM search_progress s
	WHERE s.profile_pk = transfers.profile_pk AND transfers.seq > s.seq AND transfers.tid <= s.tid);
CREATE TRIGGER transfers_text_dirty AFTER UPDATE OF id, client_transaction_id, hash, destination_address, refund_address, user_id ON transfers
	WHEN NEW.text_dirty = 0 AND (OLD.id IS NOT NEW.id OR OLD.client_transaction_id IS NOT NEW.client_transaction_id
		OR OLD.hash IS NOT NEW.hash OR OLD.destination_address IS NOT NEW.destination_address
		OR OLD.refund_address IS NOT NEW.refund_address OR OLD.user_id IS NOT NEW.user_id)
BEGIN
	UPDATE transfers SET text_dirty = 1 WHERE tid = NEW.tid;
END;

-- 2. The index's segments are merged by the search worker in small steps of their own
-- (search.go, mergeSearchStep) instead of by FTS5's automerge, which does its merge work
-- inside whichever write to the index comes next, however long it takes, while holding the
-- one write lock. usermerge 8 keeps the merge width 0004 chose for automerge.
INSERT INTO transfer_search (transfer_search, rank) VALUES ('automerge', 0);
INSERT INTO transfer_search (transfer_search, rank) VALUES ('usermerge', 8);
