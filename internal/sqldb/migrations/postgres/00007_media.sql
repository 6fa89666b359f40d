-- +goose Up
-- The media library (internal/media): each site's uploaded images, and where
-- each one is used, so that the library can show usage counts and warn
-- before an image in use is deleted. The same schema in both migration trees.

-- The file itself lives under the data dir (media/<site_id>/<id>); the row
-- says what it is. sha256 is of the stored bytes (after an SVG is cleaned),
-- unique per site so that the same picture uploaded twice is kept once.
CREATE TABLE media (
    site_id      BIGINT NOT NULL REFERENCES sites (id),
    id           BIGINT NOT NULL,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes        BIGINT NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    alt          TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    UNIQUE (site_id, sha256)
);

-- One row per (image, thing that shows it): a product, a page, a section.
-- The owning package replaces its rows with media.SetUsesTx in the same
-- transaction as its own change. Deleting an image (forced, after the
-- warning) removes its uses with it.
CREATE TABLE media_uses (
    site_id    BIGINT NOT NULL,
    media_id   BIGINT NOT NULL,
    owner_kind TEXT NOT NULL,
    owner_id   BIGINT NOT NULL,
    PRIMARY KEY (site_id, media_id, owner_kind, owner_id),
    FOREIGN KEY (site_id, media_id) REFERENCES media (site_id, id) ON DELETE CASCADE
);
CREATE INDEX media_uses_owner ON media_uses (site_id, owner_kind, owner_id);

-- +goose Down
DROP TABLE media_uses;
DROP TABLE media;
