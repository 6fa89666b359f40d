-- +goose Up
-- Platform tables (not owned by a site).
CREATE TABLE accounts (
    id                BIGINT PRIMARY KEY,
    email             TEXT NOT NULL UNIQUE,
    password_hash     TEXT NOT NULL,
    terms_version     TEXT NOT NULL DEFAULT '',
    terms_accepted_at BIGINT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);

CREATE TABLE operators (
    id            BIGINT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE sites (
    id                  BIGINT PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE,
    title               TEXT NOT NULL,
    owner_account_id    BIGINT NOT NULL REFERENCES accounts (id),
    theme               TEXT NOT NULL,
    plan                TEXT NOT NULL,
    trial_ends_at       BIGINT,
    requested_plan      TEXT NOT NULL DEFAULT '',
    requested_plan_at   BIGINT,
    contact_email       TEXT NOT NULL DEFAULT '',
    time_zone           TEXT NOT NULL DEFAULT 'UTC',
    language            TEXT NOT NULL DEFAULT 'en',
    currency            TEXT NOT NULL DEFAULT 'EUR',
    suspended_at        BIGINT,
    suspended_reason    TEXT NOT NULL DEFAULT '',
    maintenance_retry   INTEGER,
    content_version     BIGINT NOT NULL DEFAULT 1,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX sites_owner ON sites (owner_account_id);
CREATE INDEX sites_trial ON sites (plan, trial_ends_at);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    subject_id   BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX sessions_subject ON sessions (kind, subject_id);

-- One-time tokens of an account: password reset links and the hand-over of
-- a login from the platform host to a site's host.
CREATE TABLE account_tokens (
    token_hash  TEXT PRIMARY KEY,
    account_id  BIGINT NOT NULL REFERENCES accounts (id),
    purpose     TEXT NOT NULL,
    site_id     BIGINT,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX account_tokens_account ON account_tokens (account_id, purpose);

CREATE TABLE login_failures (
    key             TEXT PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_at BIGINT NOT NULL
);

CREATE TABLE platform_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE captchas (
    id         TEXT PRIMARY KEY,
    digits     TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE mail_messages (
    id         BIGINT PRIMARY KEY,
    site_id    BIGINT,
    to_addr    TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body_text  TEXT NOT NULL,
    status     TEXT NOT NULL,
    error      TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    sent_at    BIGINT
);

CREATE TABLE help_questions (
    id            BIGINT PRIMARY KEY,
    category_slug TEXT NOT NULL,
    article_slug  TEXT NOT NULL,
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    message       TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    handled_at    BIGINT
);

-- Tenant tables: (site_id, id) keys, site_id first in every index.
CREATE TABLE site_members (
    site_id    BIGINT NOT NULL REFERENCES sites (id),
    id         BIGINT NOT NULL,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    role       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    UNIQUE (site_id, account_id)
);
CREATE INDEX site_members_account ON site_members (account_id);

CREATE TABLE invitations (
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

CREATE TABLE domains (
    site_id     BIGINT NOT NULL REFERENCES sites (id),
    id          BIGINT NOT NULL,
    host        TEXT NOT NULL UNIQUE,
    is_primary  BOOLEAN NOT NULL DEFAULT FALSE,
    verified_at BIGINT,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (site_id, id)
);

CREATE TABLE pages (
    site_id    BIGINT NOT NULL REFERENCES sites (id),
    id         BIGINT NOT NULL,
    slug       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    in_nav     BOOLEAN NOT NULL DEFAULT TRUE,
    position   INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    UNIQUE (site_id, slug)
);

-- +goose Down
DROP TABLE pages;
DROP TABLE domains;
DROP TABLE invitations;
DROP TABLE site_members;
DROP TABLE help_questions;
DROP TABLE mail_messages;
DROP TABLE captchas;
DROP TABLE platform_settings;
DROP TABLE login_failures;
DROP TABLE account_tokens;
DROP TABLE sessions;
DROP TABLE sites;
DROP TABLE operators;
DROP TABLE accounts;
