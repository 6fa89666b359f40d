-- +goose Up
-- Catalog import and feeds (internal/catalog): product CSV imports with
-- their progress and report, each site's secret feed address, and which
-- products are samples. The same schema in both migration trees.

-- One uploaded product file. The file itself is kept here (it is checked
-- UTF-8 text of at most 10 MB) so that any node's job worker can read it;
-- content is emptied when the import ends. status: preview (uploaded, not
-- confirmed), queued, running, done, failed. errors is a JSON list of
-- {row, column, message}.
CREATE TABLE imports (
    site_id       BIGINT NOT NULL REFERENCES sites (id),
    id            BIGINT NOT NULL,
    status        TEXT NOT NULL,
    filename      TEXT NOT NULL,
    content       TEXT NOT NULL,
    currency      TEXT NOT NULL,
    max_products  INTEGER NOT NULL,
    total_rows    INTEGER NOT NULL DEFAULT 0,
    done_rows     INTEGER NOT NULL DEFAULT 0,
    created_count INTEGER NOT NULL DEFAULT 0,
    updated_count INTEGER NOT NULL DEFAULT 0,
    errors        TEXT NOT NULL DEFAULT '[]',
    created_by    BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    started_at    BIGINT NOT NULL DEFAULT 0,
    finished_at   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, id)
);

-- The secret part of a site's feed addresses (/feeds/TOKEN/google.xml on
-- the site's own host). A new token replaces the row; the old addresses
-- stop working at once. The token is checked together with the site the
-- host resolved to, so it needs no index of its own.
CREATE TABLE site_feeds (
    site_id    BIGINT NOT NULL REFERENCES sites (id),
    token      TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id)
);

-- Products a new shop starts with as examples: only these are removed by
-- "Delete sample products". A deleted product takes its row with it.
CREATE TABLE sample_products (
    site_id    BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    PRIMARY KEY (site_id, product_id),
    FOREIGN KEY (site_id, product_id) REFERENCES products (site_id, id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE sample_products;
DROP TABLE site_feeds;
DROP TABLE imports;
