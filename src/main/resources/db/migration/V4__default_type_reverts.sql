-- The NFS driver reverts shares to their latest snapshot: the built-in default type now says so.
UPDATE share_types
SET extra_specs = extra_specs || '{"revert_to_snapshot_support": "True"}'::jsonb
WHERE id = '8d1c6e5a-6a43-4e1f-9e53-5d5c0f7a0001';
