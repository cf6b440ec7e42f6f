-- Transfers are found by id through the query index's fingerprints (store/ids.go): a B-tree
-- in the order of Mesh's random ids made each synced batch rewrite about one index page per
-- transfer.
DROP INDEX transfers_id;
