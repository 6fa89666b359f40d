-- +goose Up
-- The leftovers of the own-domains and consent issue. The same schema in
-- both migration trees.

-- The secret key of each site's consent log hashes (consent.Store): a hash
-- keyed by something public, such as the site's ID, can be reversed by
-- trying the few billion IPv4 addresses; a random key kept apart from the
-- log cannot. Made on the site's first logged choice.
CREATE TABLE consent_keys (
    site_id    BIGINT NOT NULL REFERENCES sites (id),
    ip_key     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id)
);

-- The platform's own consent log: the choices of visitors of the platform
-- host (landing page, signup, help centre), which belong to no site. Its
-- hash key is the platform_settings row consent_ip_key.
CREATE TABLE platform_consent_log (
    id             BIGINT NOT NULL PRIMARY KEY,
    consent_id     TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    policy_version BIGINT NOT NULL,
    preferences    INTEGER NOT NULL,
    statistics     INTEGER NOT NULL,
    marketing      INTEGER NOT NULL,
    gpc            INTEGER NOT NULL,
    ip_hash        TEXT NOT NULL
);
CREATE INDEX platform_consent_log_time ON platform_consent_log (created_at);

-- Verified domains are looked at again once a day (domains.CheckDue), so
-- the job's scan now covers every domain with a due check, not only
-- pending ones.
DROP INDEX domains_due;
CREATE INDEX domains_due ON domains (next_check_at);
-- While a verified domain's records point elsewhere: the first miss.
ALTER TABLE domains ADD COLUMN failing_since BIGINT;
-- Domains verified before this migration are due for their first re-check.
UPDATE domains SET next_check_at = 0 WHERE verified_at IS NOT NULL AND next_check_at IS NULL;

-- Certificates, keys and the ACME account (tlscerts.DBStorage), shared by
-- every node through the database; values are base64. Locks make one node
-- obtain a certificate while the others wait; a lock whose holder died
-- expires.
CREATE TABLE tls_storage (
    key        TEXT NOT NULL PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE tls_locks (
    name       TEXT NOT NULL PRIMARY KEY,
    expires_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE tls_locks;
DROP TABLE tls_storage;
ALTER TABLE domains DROP COLUMN failing_since;
DROP INDEX domains_due;
CREATE INDEX domains_due ON domains (next_check_at) WHERE verified_at IS NULL;
DROP TABLE platform_consent_log;
DROP TABLE consent_keys;
