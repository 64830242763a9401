-- The secret a backend gives a client for a rule (a cephx key for `fs subvolume authorize`), in a column of its
-- own as Manila keeps it, rather than under a reserved key of the user-visible metadata.
ALTER TABLE access_rules ADD COLUMN access_key text;
UPDATE access_rules SET access_key = metadata ->> 'sharesnap:access_key',
    metadata = metadata - 'sharesnap:access_key' WHERE metadata ? 'sharesnap:access_key';
