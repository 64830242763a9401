-- Share manage refuses an export path some share already has on its host (Manila's duplicate
-- check); this index keeps that lookup off a scan of every share.
CREATE INDEX shares_export_path_idx ON shares (export_path) WHERE export_path IS NOT NULL;
