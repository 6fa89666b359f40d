-- +goose Up
-- Two changes so that the schema can be distributed by site on Citus (see
-- citus.sql), made the same way in migrations/postgres.

-- An invitation token is unique within its site instead of across all sites:
-- the invitation page is on the inviting site's own host, so every lookup
-- already carries the site, and a distributed table can only enforce
-- uniqueness within one site. SQLite cannot drop a constraint, so the table
-- is rebuilt with the same columns and its rows copied; nothing refers to
-- invitations, so dropping the old table is safe with foreign keys on.
CREATE TABLE invitations_new (
    site_id     BIGINT NOT NULL REFERENCES sites (id),
    id          BIGINT NOT NULL,
    email       TEXT NOT NULL,
    role        TEXT NOT NULL,
    token_hash  TEXT NOT NULL,
    invited_by  BIGINT NOT NULL REFERENCES accounts (id),
    expires_at  BIGINT NOT NULL,
    accepted_at BIGINT,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    UNIQUE (site_id, token_hash)
);
INSERT INTO invitations_new
    (site_id, id, email, role, token_hash, invited_by, expires_at, accepted_at, created_at)
SELECT site_id, id, email, role, token_hash, invited_by, expires_at, accepted_at, created_at
FROM invitations;
DROP TABLE invitations;
ALTER TABLE invitations_new RENAME TO invitations;

-- A site has at most one primary domain, the host its other hosts redirect
-- to. Should a site already have several, the verified and then the oldest
-- one stays primary, so that the migration never fails on existing data.
UPDATE domains SET is_primary = FALSE
WHERE is_primary AND EXISTS (
    SELECT 1 FROM domains AS better
    WHERE better.site_id = domains.site_id AND better.is_primary AND better.id <> domains.id
      AND (CASE WHEN better.verified_at IS NULL THEN 1 ELSE 0 END, better.id)
        < (CASE WHEN domains.verified_at IS NULL THEN 1 ELSE 0 END, domains.id)
);
CREATE UNIQUE INDEX domains_one_primary ON domains (site_id) WHERE is_primary;

-- +goose Down
DROP INDEX domains_one_primary;
CREATE TABLE invitations_old (
    site_id     BIGINT NOT NULL REFERENCES sites (id),
    id          BIGINT NOT NULL,
    email       TEXT NOT NULL,
    role        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    invited_by  BIGINT NOT NULL REFERENCES accounts (id),
    expires_at  BIGINT NOT NULL,
    accepted_at BIGINT,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (site_id, id)
);
INSERT INTO invitations_old
    (site_id, id, email, role, token_hash, invited_by, expires_at, accepted_at, created_at)
SELECT site_id, id, email, role, token_hash, invited_by, expires_at, accepted_at, created_at
FROM invitations;
DROP TABLE invitations;
ALTER TABLE invitations_old RENAME TO invitations;
