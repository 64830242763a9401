-- sharesnap schema. Timestamps are naive UTC (Manila prints them without a zone), written by the service.

CREATE TABLE share_types (
    id            uuid PRIMARY KEY,
    name          varchar(255) NOT NULL UNIQUE,
    description   varchar(255),
    is_public     boolean NOT NULL DEFAULT true,
    is_default    boolean NOT NULL DEFAULT false,
    extra_specs   jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at    timestamp(6) NOT NULL
);

CREATE TABLE shares (
    id                                  uuid PRIMARY KEY,
    project_id                          varchar(255) NOT NULL,
    user_id                             varchar(255) NOT NULL,
    display_name                        varchar(255),
    display_description                 varchar(255),
    size                                integer NOT NULL,
    share_proto                         varchar(32) NOT NULL,
    share_type_id                       uuid NOT NULL REFERENCES share_types (id),
    status                              varchar(32) NOT NULL,
    host                                varchar(255) NOT NULL,
    snapshot_id                         uuid,
    is_public                           boolean NOT NULL DEFAULT false,
    snapshot_support                    boolean NOT NULL,
    create_share_from_snapshot_support  boolean NOT NULL,
    revert_to_snapshot_support          boolean NOT NULL,
    mount_snapshot_support              boolean NOT NULL,
    export_path                         varchar(1024),
    metadata                            jsonb NOT NULL DEFAULT '{}'::jsonb,
    error_reason                        text,
    created_at                          timestamp(6) NOT NULL,
    updated_at                          timestamp(6)
);
CREATE INDEX shares_project_created_idx ON shares (project_id, created_at DESC, id DESC);
CREATE INDEX shares_snapshot_idx ON shares (snapshot_id) WHERE snapshot_id IS NOT NULL;

CREATE TABLE snapshots (
    id                   uuid PRIMARY KEY,
    project_id           varchar(255) NOT NULL,
    user_id              varchar(255) NOT NULL,
    share_id             uuid NOT NULL REFERENCES shares (id),
    share_size           integer NOT NULL,
    size                 integer,
    display_name         varchar(255),
    display_description  varchar(255),
    share_proto          varchar(32) NOT NULL,
    status               varchar(32) NOT NULL,
    progress             varchar(8),
    provider_location    varchar(1024),
    metadata             jsonb NOT NULL DEFAULT '{}'::jsonb,
    error_reason         text,
    created_at           timestamp(6) NOT NULL,
    updated_at           timestamp(6)
);
CREATE INDEX snapshots_project_created_idx ON snapshots (project_id, created_at DESC, id DESC);
CREATE INDEX snapshots_created_idx ON snapshots (created_at DESC, id DESC);
CREATE INDEX snapshots_share_idx ON snapshots (share_id);
CREATE INDEX snapshots_name_idx ON snapshots (display_name);
CREATE INDEX snapshots_status_idx ON snapshots (status);
-- one managed snapshot per backend object of a share (Manila answers 409 on a second manage)
CREATE UNIQUE INDEX snapshots_share_location_uq ON snapshots (share_id, provider_location)
    WHERE provider_location IS NOT NULL;

-- The durable task pipeline: a row per storage action, inserted in the transaction of its state change.
CREATE TABLE tasks (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         varchar(64) NOT NULL,
    resource_id  uuid NOT NULL,
    status       varchar(16) NOT NULL DEFAULT 'queued',
    attempts     integer NOT NULL DEFAULT 0,
    owner        varchar(128),
    lease_until  timestamptz,
    not_before   timestamptz NOT NULL DEFAULT now(),
    request_id   varchar(64),
    last_error   text,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tasks_ready_idx ON tasks (not_before, id) WHERE status = 'queued';
CREATE INDEX tasks_lease_idx ON tasks (lease_until) WHERE status = 'running';
