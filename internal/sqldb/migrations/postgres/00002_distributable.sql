-- +goose Up
-- Two changes so that the schema can be distributed by site on Citus (see
-- citus.sql), made the same way in migrations/sqlite.

-- An invitation token is unique within its site instead of across all sites:
-- the invitation page is on the inviting site's own host, so every lookup
-- already carries the site, and a distributed table can only enforce
-- uniqueness within one site.
ALTER TABLE invitations DROP CONSTRAINT invitations_token_hash_key;
ALTER TABLE invitations ADD CONSTRAINT invitations_site_id_token_hash_key UNIQUE (site_id, token_hash);

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
ALTER TABLE invitations DROP CONSTRAINT invitations_site_id_token_hash_key;
ALTER TABLE invitations ADD CONSTRAINT invitations_token_hash_key UNIQUE (token_hash);
