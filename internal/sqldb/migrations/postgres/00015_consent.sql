-- +goose Up
-- Cookie consent and the privacy declaration (internal/consent). The same
-- schema in both migration trees.

-- The version of the site's consent policy. A visitor's choice names the
-- version it answered; a new version asks again. It lives on the site row
-- because the storefront reads it with the site on every request (the host
-- cache), to know without a query whether a visitor still has to choose.
ALTER TABLE sites ADD COLUMN consent_version BIGINT NOT NULL DEFAULT 1;

-- What the owner set for the consent bar and the privacy declaration. No
-- row means the defaults. Colours are #rrggbb. declaration is the owner's
-- own text of the privacy declaration (plain text with blank lines between
-- paragraphs); empty shows the generated one.
CREATE TABLE consent_settings (
    site_id     BIGINT NOT NULL REFERENCES sites (id),
    heading     TEXT NOT NULL,
    message     TEXT NOT NULL,
    background  TEXT NOT NULL,
    foreground  TEXT NOT NULL,
    accent      TEXT NOT NULL,
    controller  TEXT NOT NULL,
    declaration TEXT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (site_id)
);

-- Code the owner adds to every page (analytics, pixels), each in one
-- category: it runs only in the browsers of visitors who allowed it.
CREATE TABLE consent_scripts (
    site_id    BIGINT NOT NULL REFERENCES sites (id),
    id         BIGINT NOT NULL,
    name       TEXT NOT NULL,
    category   TEXT NOT NULL,
    code       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id)
);

-- Every choice a visitor made, as proof of consent. consent_id is the
-- random identifier kept in the visitor's cookie (the same one across
-- changes of mind); ip_hash is a keyed hash, never the address itself.
-- Categories are 0/1; gpc is 1 when the browser sent Sec-GPC: 1.
CREATE TABLE consent_log (
    site_id        BIGINT NOT NULL REFERENCES sites (id),
    id             BIGINT NOT NULL,
    consent_id     TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    policy_version BIGINT NOT NULL,
    preferences    INTEGER NOT NULL,
    statistics     INTEGER NOT NULL,
    marketing      INTEGER NOT NULL,
    gpc            INTEGER NOT NULL,
    ip_hash        TEXT NOT NULL,
    PRIMARY KEY (site_id, id)
);
CREATE INDEX consent_log_site_time ON consent_log (site_id, created_at);

-- The privacy declaration is at /privacy: a page already there moves to
-- privacy-page, as 00004_reserved_slugs did for the other site routes.
UPDATE pages SET slug = slug || '-page'
WHERE slug IN ('privacy')
AND NOT EXISTS (SELECT 1 FROM pages p2 WHERE p2.site_id = pages.site_id AND p2.slug = pages.slug || '-page');

-- +goose Down
DROP TABLE consent_log;
DROP TABLE consent_scripts;
DROP TABLE consent_settings;
ALTER TABLE sites DROP COLUMN consent_version;
