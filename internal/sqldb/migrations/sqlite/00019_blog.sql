-- +goose Up
-- The blog (internal/blog): a site's posts, their tags and the addresses
-- they had before a slug change. The same schema in both trees.

-- One post. body is sanitised HTML. status is draft or published; a
-- published post with published_at in the future is scheduled, and the
-- storefront shows it from then on (reads filter by published_at). sort_at
-- is published_at, or created_at for a draft without a date, so that one
-- keyset order serves every list. cover_media_id is an image of the site's
-- media library (0 for none); its use is recorded in media_uses, not by a
-- foreign key, so that deleting the image (after the library's warning)
-- leaves the post without a cover. author_id is the staff account chosen
-- as author (0 for none); author_name is the byline visitors see. search
-- is the lower-cased text of title, excerpt, tags and body, for the
-- admin's search.
CREATE TABLE blog_posts (
    site_id         BIGINT NOT NULL REFERENCES sites (id),
    id              BIGINT NOT NULL,
    slug            TEXT NOT NULL,
    title           TEXT NOT NULL,
    excerpt         TEXT NOT NULL,
    body            TEXT NOT NULL,
    cover_media_id  BIGINT NOT NULL,
    author_id       BIGINT NOT NULL,
    author_name     TEXT NOT NULL,
    status          TEXT NOT NULL,
    published_at    BIGINT,
    sort_at         BIGINT NOT NULL,
    seo_title       TEXT NOT NULL,
    seo_description TEXT NOT NULL,
    search          TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    UNIQUE (site_id, slug)
);
CREATE INDEX blog_posts_site_sort ON blog_posts (site_id, sort_at, id);
CREATE INDEX blog_posts_site_published ON blog_posts (site_id, status, published_at);

-- A post's tags: name as the owner wrote it, slug for its address
-- (/blog/tags/SLUG).
CREATE TABLE blog_post_tags (
    site_id  BIGINT NOT NULL,
    post_id  BIGINT NOT NULL,
    tag_slug TEXT NOT NULL,
    tag      TEXT NOT NULL,
    PRIMARY KEY (site_id, post_id, tag_slug),
    FOREIGN KEY (site_id, post_id) REFERENCES blog_posts (site_id, id) ON DELETE CASCADE
);
CREATE INDEX blog_post_tags_site_tag ON blog_post_tags (site_id, tag_slug);

-- Former addresses of posts, answered with a 301 to the post's current one.
CREATE TABLE blog_slugs (
    site_id    BIGINT NOT NULL,
    old_slug   TEXT NOT NULL,
    post_id    BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, old_slug),
    FOREIGN KEY (site_id, post_id) REFERENCES blog_posts (site_id, id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE blog_slugs;
DROP TABLE blog_post_tags;
DROP TABLE blog_posts;
