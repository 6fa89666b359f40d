-- +goose Up
-- The public API (internal/apitokens, internal/web/api): each site's API
-- tokens, the platform's partner tokens, and the remembered answers of
-- mutations for idempotent retries. The same schema in both migration trees.

-- A site's API token. Only the SHA-256 of the secret is kept; prefix is its
-- first characters, shown in the admin so that the owner can tell tokens
-- apart, and the key the token is found by (the hash is then compared in
-- constant time). scopes is a comma-separated list; allowed_ips a
-- comma-separated list of CIDR ranges (empty: any address). limited marks
-- the profile that may not see customers' personal data. daily_cap is the
-- owner's cap on the token's points a day (0: none). expires_at and
-- revoked_at are 0 when not set. last_used_at is written at most once a
-- minute per token.
CREATE TABLE api_tokens (
    site_id      BIGINT NOT NULL REFERENCES sites (id),
    id           BIGINT NOT NULL,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    secret_hash  TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    allowed_ips  TEXT NOT NULL DEFAULT '',
    limited      BOOLEAN NOT NULL DEFAULT FALSE,
    daily_cap    BIGINT NOT NULL DEFAULT 0,
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL DEFAULT 0,
    last_used_at BIGINT NOT NULL DEFAULT 0,
    revoked_at   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, id),
    UNIQUE (site_id, prefix)
);

-- A partner token, issued by a platform operator to an integration partner
-- and valid on every site (with that site's own token). Looked up by prefix
-- before any site is known, like a session.
CREATE TABLE partner_tokens (
    id           BIGINT PRIMARY KEY,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL UNIQUE,
    secret_hash  TEXT NOT NULL,
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL DEFAULT 0,
    revoked_at   BIGINT NOT NULL DEFAULT 0
);

-- The first answer to a mutation sent with an idempotency key, per site and
-- token, kept 24 hours: a repeat gets it again without the work being done
-- twice. request_hash is the SHA-256 of the request, to refuse the same key
-- with another request.
CREATE TABLE api_idempotency (
    site_id      BIGINT NOT NULL REFERENCES sites (id),
    token_id     BIGINT NOT NULL,
    idem_key     TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (site_id, token_id, idem_key)
);
CREATE INDEX api_idempotency_age ON api_idempotency (site_id, created_at);

-- +goose Down
DROP TABLE api_idempotency;
DROP TABLE partner_tokens;
DROP TABLE api_tokens;
