-- Manila's quotas, per project. `quotas` holds the limits an admin set (a resource without a row has the
-- configured default); `quota_usages` the counters checked at create; `quota_charges` what each share or
-- snapshot holds, so that a delete releases exactly what its create (or manage) took, and only once.
CREATE TABLE quotas (
    project_id  varchar(255) NOT NULL,
    resource    varchar(64) NOT NULL,
    hard_limit  integer NOT NULL,
    PRIMARY KEY (project_id, resource)
);

CREATE TABLE quota_usages (
    project_id  varchar(255) NOT NULL,
    resource    varchar(64) NOT NULL,
    in_use      integer NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, resource)
);

CREATE TABLE quota_charges (
    resource_id  uuid NOT NULL,
    resource     varchar(64) NOT NULL,
    project_id   varchar(255) NOT NULL,
    amount       integer NOT NULL,
    PRIMARY KEY (resource_id, resource)
);

-- What existed before quotas counts from now on, as Manila counts it: every share; every snapshot except
-- a managed one that never became available (Manila adds managed snapshots to usage only on success).
INSERT INTO quota_charges (resource_id, resource, project_id, amount)
SELECT id, 'shares', project_id, 1 FROM shares
UNION ALL SELECT id, 'gigabytes', project_id, size FROM shares
UNION ALL SELECT id, 'snapshots', project_id, 1 FROM snapshots
    WHERE status NOT IN ('manage_starting', 'manage_error')
UNION ALL SELECT id, 'snapshot_gigabytes', project_id, COALESCE(size, share_size) FROM snapshots
    WHERE status NOT IN ('manage_starting', 'manage_error');

INSERT INTO quota_usages (project_id, resource, in_use)
SELECT project_id, resource, sum(amount) FROM quota_charges GROUP BY project_id, resource;
