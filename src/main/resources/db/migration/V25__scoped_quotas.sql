-- Manila's per-user and per-share-type quotas (quota-sets ?user_id= and, from 2.39, ?share_type=): limits an
-- admin set for one user of a project or for one share type in a project. scope '' is the project's own
-- limit (as before), 'user:<user id>' and 'type:<share type id>' the narrower ones. Their usage is not kept in
-- counters: it is summed from quota_charges (joined to the snapshot or share and its user and type) when a
-- narrower limit exists, which keeps the common create path as it was.
ALTER TABLE quotas ADD COLUMN scope varchar(300) NOT NULL DEFAULT '';
ALTER TABLE quotas DROP CONSTRAINT quotas_pkey;
ALTER TABLE quotas ADD PRIMARY KEY (project_id, scope, resource);
