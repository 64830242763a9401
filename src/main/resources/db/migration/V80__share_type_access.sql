-- Private share types: the projects allowed to see and use each one (Manila's share_type_projects).
-- Rows go with their type; shares are looked up by type when a type is deleted.
CREATE TABLE share_type_projects (
    share_type_id  uuid NOT NULL REFERENCES share_types (id) ON DELETE CASCADE,
    project_id     varchar(255) NOT NULL,
    created_at     timestamp(6) NOT NULL,
    PRIMARY KEY (share_type_id, project_id)
);
CREATE INDEX share_type_projects_project_idx ON share_type_projects (project_id);
CREATE INDEX shares_share_type_idx ON shares (share_type_id);
