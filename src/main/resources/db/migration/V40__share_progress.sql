-- Manila's share progress (2.54+): how far a share created from a snapshot has been copied ("37%"), written by
-- the task while the copy runs; null for shares that are not copies. Snapshots already have the column (V1).
ALTER TABLE shares ADD COLUMN progress varchar(8);
