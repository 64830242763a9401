-- Manila's user messages (API 2.37+): why an asynchronous operation failed, readable by the owner.
CREATE TABLE messages (
    id             uuid PRIMARY KEY,
    project_id     varchar(255) NOT NULL,
    request_id     varchar(64),
    resource_type  varchar(64) NOT NULL,
    resource_id    uuid NOT NULL,
    action_id      varchar(8) NOT NULL,
    detail_id      varchar(8) NOT NULL,
    message_level  varchar(16) NOT NULL,
    user_message   text NOT NULL,
    created_at     timestamp(6) NOT NULL,
    expires_at     timestamp(6) NOT NULL
);
CREATE INDEX messages_project_created_idx ON messages (project_id, created_at DESC);
CREATE INDEX messages_resource_idx ON messages (resource_id);
