-- +goose Up
-- What the own-domains feature needs beyond the host → site table:
-- the value the owner puts in a TXT record to prove the domain is theirs,
-- the last DNS check (its per-record result as JSON, shown in the admin)
-- and when the verification job looks again, backing off after each miss.
ALTER TABLE domains ADD COLUMN verify_token TEXT NOT NULL DEFAULT '';
ALTER TABLE domains ADD COLUMN last_check TEXT NOT NULL DEFAULT '';
ALTER TABLE domains ADD COLUMN checked_at BIGINT;
ALTER TABLE domains ADD COLUMN next_check_at BIGINT;
ALTER TABLE domains ADD COLUMN check_failures INTEGER NOT NULL DEFAULT 0;
-- The verification job's scan: pending domains due for a check.
CREATE INDEX domains_due ON domains (next_check_at) WHERE verified_at IS NULL;
-- A site's own list in the admin.
CREATE INDEX domains_site ON domains (site_id, created_at);

-- Domains an owner asked Pagecart to buy for their site: the operator
-- registers them at a registrar and marks them registered, which connects
-- and verifies the domain (internal/domains/orders.go).
CREATE TABLE domain_orders (
    site_id       BIGINT NOT NULL REFERENCES sites (id),
    id            BIGINT NOT NULL,
    host          TEXT NOT NULL,
    status        TEXT NOT NULL,
    ordered_by    BIGINT NOT NULL REFERENCES accounts (id),
    created_at    BIGINT NOT NULL,
    registered_at BIGINT,
    PRIMARY KEY (site_id, id)
);
CREATE INDEX domain_orders_site ON domain_orders (site_id, created_at);

-- +goose Down
DROP TABLE domain_orders;
DROP INDEX domains_site;
DROP INDEX domains_due;
ALTER TABLE domains DROP COLUMN check_failures;
ALTER TABLE domains DROP COLUMN next_check_at;
ALTER TABLE domains DROP COLUMN checked_at;
ALTER TABLE domains DROP COLUMN last_check;
ALTER TABLE domains DROP COLUMN verify_token;
