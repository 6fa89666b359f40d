-- +goose Up
-- Page settings, redirects and design requests. The same schema in both trees.

-- What a page tells search engines and social networks: its own title and
-- description (empty: derived from the page), the media library image shown
-- when it is shared (NULL: the first image of the page; no foreign key, so
-- deleting the image from the library leaves the page without one), and
-- whether it is the site's "page not found" page (at most one per site; the
-- store keeps that).
ALTER TABLE pages ADD COLUMN seo_title TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN seo_description TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN social_image_id BIGINT;
ALTER TABLE pages ADD COLUMN not_found BOOLEAN NOT NULL DEFAULT FALSE;

-- Permanent redirects of a site's old addresses (internal/redirects): a page
-- whose address changed, later a product or a post. The storefront reads
-- them only for a path nothing else answers. Chains are collapsed when a
-- row is written, so to_path is never another row's from_path.
CREATE TABLE redirects (
    site_id    BIGINT NOT NULL REFERENCES sites (id),
    from_path  TEXT NOT NULL,
    to_path    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, from_path)
);
CREATE INDEX redirects_site_to ON redirects (site_id, to_path);

-- "We can also create a unique design tailored to your wishes": an owner's
-- request (internal/designrequests), its status as the operator moves it
-- on (new, quoted, in_progress, done, declined) and the messages between
-- the two sides. author is owner or operator.
CREATE TABLE design_requests (
    site_id       BIGINT NOT NULL REFERENCES sites (id),
    id            BIGINT NOT NULL,
    what          TEXT NOT NULL,
    examples      TEXT NOT NULL,
    budget        TEXT NOT NULL,
    deadline      TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    status        TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (site_id, id)
);
CREATE INDEX design_requests_status ON design_requests (site_id, status);

CREATE TABLE design_request_messages (
    site_id    BIGINT NOT NULL,
    id         BIGINT NOT NULL,
    request_id BIGINT NOT NULL,
    author     TEXT NOT NULL,
    name       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    FOREIGN KEY (site_id, request_id) REFERENCES design_requests (site_id, id) ON DELETE CASCADE
);
CREATE INDEX design_request_messages_request ON design_request_messages (site_id, request_id, created_at);

-- +goose Down
DROP TABLE design_request_messages;
DROP TABLE design_requests;
DROP TABLE redirects;
ALTER TABLE pages DROP COLUMN not_found;
ALTER TABLE pages DROP COLUMN social_image_id;
ALTER TABLE pages DROP COLUMN seo_description;
ALTER TABLE pages DROP COLUMN seo_title;
