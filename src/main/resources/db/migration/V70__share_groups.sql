-- Manila's share groups (API 2.31+): share group types, share groups and share group snapshots.
-- A group snapshot's members are rows of `snapshots` carrying share_group_snapshot_id (Manila keeps
-- them as snapshot instances without a parent snapshot); they stay out of GET /snapshots but a share
-- can be created from one by its id.

CREATE TABLE share_group_types (
    id           uuid PRIMARY KEY,
    name         varchar(255) NOT NULL UNIQUE,
    is_public    boolean NOT NULL DEFAULT true,
    group_specs  jsonb NOT NULL DEFAULT '{}'::jsonb,
    share_types  uuid[] NOT NULL,
    created_at   timestamp(6) NOT NULL
);

-- projects that may use a private share group type
CREATE TABLE share_group_type_projects (
    share_group_type_id  uuid NOT NULL REFERENCES share_group_types (id) ON DELETE CASCADE,
    project_id           varchar(255) NOT NULL,
    PRIMARY KEY (share_group_type_id, project_id)
);

CREATE TABLE share_groups (
    id                              uuid PRIMARY KEY,
    project_id                      varchar(255) NOT NULL,
    user_id                         varchar(255) NOT NULL,
    name                            varchar(255),
    description                     varchar(255),
    status                          varchar(32) NOT NULL,
    host                            varchar(255) NOT NULL,
    share_group_type_id             uuid NOT NULL REFERENCES share_group_types (id),
    share_types                     uuid[] NOT NULL,
    source_share_group_snapshot_id  uuid,
    consistent_snapshot_support     varchar(16),
    error_reason                    text,
    created_at                      timestamp(6) NOT NULL,
    updated_at                      timestamp(6)
);
CREATE INDEX share_groups_project_created_idx ON share_groups (project_id, created_at DESC, id DESC);
CREATE INDEX share_groups_type_idx ON share_groups (share_group_type_id);

CREATE TABLE share_group_snapshots (
    id              uuid PRIMARY KEY,
    project_id      varchar(255) NOT NULL,
    user_id         varchar(255) NOT NULL,
    share_group_id  uuid NOT NULL REFERENCES share_groups (id),
    name            varchar(255),
    description     varchar(255),
    status          varchar(32) NOT NULL,
    error_reason    text,
    created_at      timestamp(6) NOT NULL,
    updated_at      timestamp(6)
);
CREATE INDEX share_group_snapshots_project_created_idx
    ON share_group_snapshots (project_id, created_at DESC, id DESC);
CREATE INDEX share_group_snapshots_group_idx ON share_group_snapshots (share_group_id);

ALTER TABLE shares ADD COLUMN share_group_id uuid REFERENCES share_groups (id);
ALTER TABLE shares ADD COLUMN source_share_group_snapshot_member_id uuid;
CREATE INDEX shares_share_group_idx ON shares (share_group_id) WHERE share_group_id IS NOT NULL;

ALTER TABLE snapshots ADD COLUMN share_group_snapshot_id uuid REFERENCES share_group_snapshots (id);
CREATE INDEX snapshots_share_group_snapshot_idx ON snapshots (share_group_snapshot_id)
    WHERE share_group_snapshot_id IS NOT NULL;
