-- +goose Up
-- The catalog: products with options, variants and images, a tree of
-- categories, stock history, old addresses and the search vocabulary. Every
-- table is keyed by site first (see internal/sqldb/citus.sql).
CREATE TABLE products (
    site_id          BIGINT NOT NULL REFERENCES sites (id),
    id               BIGINT NOT NULL,
    slug             TEXT NOT NULL,
    title            TEXT NOT NULL,
    -- sort_title is the title lowercased and without accents, compared
    -- byte-wise on both engines, so that "by title" is one order everywhere.
    sort_title       TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'draft',
    -- Money is integer minor units of currency (ISO 4217). price is the
    -- lowest price of the product's variants ("from"), kept by the store.
    price            BIGINT NOT NULL DEFAULT 0,
    compare_at_price BIGINT NOT NULL DEFAULT 0,
    currency         TEXT NOT NULL,
    tax_class        TEXT NOT NULL DEFAULT '',
    sku              TEXT NOT NULL DEFAULT '',
    ean              TEXT NOT NULL DEFAULT '',
    weight_grams     INTEGER NOT NULL DEFAULT 0,
    seo_title        TEXT NOT NULL DEFAULT '',
    seo_description  TEXT NOT NULL DEFAULT '',
    -- search_text is the normalised words of title, SKUs and description
    -- (catalog/search.go makes them), indexed by each engine's full-text search.
    search_text      TEXT NOT NULL DEFAULT '',
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    UNIQUE (site_id, slug)
);
-- One index per list order, with and without the status filter; the
-- newest-first order uses the primary key (IDs are time-ordered).
CREATE INDEX products_status ON products (site_id, status, id);
CREATE INDEX products_title ON products (site_id, sort_title, id);
CREATE INDEX products_status_title ON products (site_id, status, sort_title, id);
CREATE INDEX products_price ON products (site_id, price, id);
CREATE INDEX products_status_price ON products (site_id, status, price, id);

-- Up to 3 options per product, each with its ordered values.
CREATE TABLE product_options (
    site_id    BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    PRIMARY KEY (site_id, product_id, position),
    FOREIGN KEY (site_id, product_id) REFERENCES products (site_id, id) ON DELETE CASCADE
);

CREATE TABLE product_option_values (
    site_id         BIGINT NOT NULL,
    product_id      BIGINT NOT NULL,
    option_position INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    value           TEXT NOT NULL,
    PRIMARY KEY (site_id, product_id, option_position, position),
    FOREIGN KEY (site_id, product_id, option_position)
        REFERENCES product_options (site_id, product_id, position) ON DELETE CASCADE
);

-- A variant is what is sold and counted; a product without options has one.
-- option1..3 hold the variant's value of each option ('' when unused).
CREATE TABLE product_variants (
    site_id             BIGINT NOT NULL,
    id                  BIGINT NOT NULL,
    product_id          BIGINT NOT NULL,
    position            INTEGER NOT NULL,
    option1             TEXT NOT NULL DEFAULT '',
    option2             TEXT NOT NULL DEFAULT '',
    option3             TEXT NOT NULL DEFAULT '',
    -- NULL when the variant has no SKU, so that only real SKUs are unique.
    sku                 TEXT,
    price               BIGINT NOT NULL,
    compare_at_price    BIGINT NOT NULL DEFAULT 0,
    stock               INTEGER NOT NULL DEFAULT 0,
    track_stock         BOOLEAN NOT NULL DEFAULT TRUE,
    allow_backorder     BOOLEAN NOT NULL DEFAULT FALSE,
    low_stock_threshold INTEGER NOT NULL DEFAULT 0,
    weight_grams        INTEGER NOT NULL DEFAULT 0,
    -- media arrives with the media package; a plain ID until then.
    image_media_id      BIGINT,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    UNIQUE (site_id, sku),
    FOREIGN KEY (site_id, product_id) REFERENCES products (site_id, id) ON DELETE CASCADE
);
CREATE INDEX product_variants_product ON product_variants (site_id, product_id, position);
-- The low-stock list walks tracked variants from the emptiest up.
CREATE INDEX product_variants_stock ON product_variants (site_id, stock, id) WHERE track_stock;

CREATE TABLE product_images (
    site_id    BIGINT NOT NULL,
    id         BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    media_id   BIGINT NOT NULL,
    position   INTEGER NOT NULL,
    alt        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (site_id, id),
    FOREIGN KEY (site_id, product_id) REFERENCES products (site_id, id) ON DELETE CASCADE
);
CREATE INDEX product_images_product ON product_images (site_id, product_id, position);

CREATE TABLE categories (
    site_id     BIGINT NOT NULL REFERENCES sites (id),
    id          BIGINT NOT NULL,
    parent_id   BIGINT,
    slug        TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    UNIQUE (site_id, slug),
    FOREIGN KEY (site_id, parent_id) REFERENCES categories (site_id, id)
);
CREATE INDEX categories_parent ON categories (site_id, parent_id, position);

-- A product in several categories, ordered within each.
CREATE TABLE product_categories (
    site_id     BIGINT NOT NULL,
    category_id BIGINT NOT NULL,
    product_id  BIGINT NOT NULL,
    position    BIGINT NOT NULL,
    PRIMARY KEY (site_id, category_id, product_id),
    FOREIGN KEY (site_id, category_id) REFERENCES categories (site_id, id) ON DELETE CASCADE,
    FOREIGN KEY (site_id, product_id) REFERENCES products (site_id, id) ON DELETE CASCADE
);
CREATE INDEX product_categories_order ON product_categories (site_id, category_id, position, product_id);
CREATE INDEX product_categories_product ON product_categories (site_id, product_id);

-- Every change of a variant's stock: who, when, why and by how much.
CREATE TABLE stock_movements (
    site_id          BIGINT NOT NULL,
    id               BIGINT NOT NULL,
    variant_id       BIGINT NOT NULL,
    delta            INTEGER NOT NULL,
    quantity_after   INTEGER NOT NULL,
    reason           TEXT NOT NULL,
    actor_account_id BIGINT,
    created_at       BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    FOREIGN KEY (site_id, variant_id) REFERENCES product_variants (site_id, id) ON DELETE CASCADE
);
CREATE INDEX stock_movements_variant ON stock_movements (site_id, variant_id, id);

-- Old addresses of products and categories, answered with a 301 to the
-- current one. kind is 'product' or 'category'.
CREATE TABLE catalog_redirects (
    site_id    BIGINT NOT NULL REFERENCES sites (id),
    kind       TEXT NOT NULL,
    old_slug   TEXT NOT NULL,
    target_id  BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, kind, old_slug)
);
CREATE INDEX catalog_redirects_target ON catalog_redirects (site_id, kind, target_id);

-- Each site's search vocabulary: every word of its products with how many
-- products hold it. A query word that matches nothing is corrected to the
-- nearest words of this list (typo tolerance), the same way on both engines.
CREATE TABLE product_search_terms (
    site_id  BIGINT NOT NULL REFERENCES sites (id),
    -- compared byte-wise on both engines, so that prefix ranges agree.
    term     TEXT NOT NULL,
    products INTEGER NOT NULL,
    PRIMARY KEY (site_id, term)
);

-- Full-text search (the one part that differs from PostgreSQL): an FTS5
-- index of products.search_text, kept by triggers. Its rowid is the
-- product's ID (IDs are unique across sites), and its site column holds
-- "s<site_id>", so that a query matches within one site's documents only.
CREATE VIRTUAL TABLE product_search USING fts5 (
    site, terms, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
-- +goose StatementBegin
CREATE TRIGGER products_search_insert AFTER INSERT ON products BEGIN
    INSERT INTO product_search (rowid, site, terms) VALUES (new.id, 's' || new.site_id, new.search_text);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER products_search_update AFTER UPDATE OF search_text ON products BEGIN
    DELETE FROM product_search WHERE rowid = old.id;
    INSERT INTO product_search (rowid, site, terms) VALUES (new.id, 's' || new.site_id, new.search_text);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER products_search_delete AFTER DELETE ON products BEGIN
    DELETE FROM product_search WHERE rowid = old.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE product_search_terms;
DROP TABLE catalog_redirects;
DROP TABLE stock_movements;
DROP TABLE product_categories;
DROP TABLE categories;
DROP TABLE product_images;
DROP TABLE product_variants;
DROP TABLE product_option_values;
DROP TABLE product_options;
DROP TABLE product_search;
DROP TABLE products;
