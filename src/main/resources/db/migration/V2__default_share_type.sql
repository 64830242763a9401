-- The built-in default share type. Its extra specs declare what sharesnap's NFS driver can do, as strings,
-- because the Manila CSI driver reads them with strconv.ParseBool.
INSERT INTO share_types (id, name, description, is_public, is_default, extra_specs, created_at)
VALUES ('8d1c6e5a-6a43-4e1f-9e53-5d5c0f7a0001', 'default', 'Built-in default share type', true, true,
        '{"driver_handles_share_servers": "False", "snapshot_support": "True",
          "create_share_from_snapshot_support": "True", "revert_to_snapshot_support": "False",
          "mount_snapshot_support": "False"}'::jsonb,
        (now() AT TIME ZONE 'utc'));
