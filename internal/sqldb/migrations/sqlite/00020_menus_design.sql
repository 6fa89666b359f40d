-- +goose Up
-- Menus (internal/menus) and design settings (internal/design). The same
-- schema in both migration trees.

-- A site's menus: "header" and "footer". A row here means the owner has
-- edited that menu; without one the storefront shows the default (the
-- pages marked for the navigation), so existing sites do not change until
-- their owner edits a menu, and a menu emptied on purpose stays empty.
CREATE TABLE menus (
    site_id    BIGINT NOT NULL REFERENCES sites (id),
    menu       TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, menu)
);

-- One link of a menu. kind is page, post, category, product or url;
-- target_id names the page, post, category or product (resolved when the
-- page is drawn, so a renamed page keeps its link and a deleted one drops
-- out); url is the address for kind url. parent_id is 0 at the top and
-- the ID of a top-level item for a nested one (one level only). position
-- orders the items of one parent.
CREATE TABLE menu_items (
    site_id    BIGINT NOT NULL,
    id         BIGINT NOT NULL,
    menu       TEXT NOT NULL,
    parent_id  BIGINT NOT NULL,
    position   INTEGER NOT NULL,
    label      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    target_id  BIGINT NOT NULL,
    url        TEXT NOT NULL,
    PRIMARY KEY (site_id, id),
    FOREIGN KEY (site_id, menu) REFERENCES menus (site_id, menu) ON DELETE CASCADE
);
CREATE INDEX menu_items_site_menu ON menu_items (site_id, menu, parent_id, position);

-- A site's design settings (logo, favicon, colours, fonts, button shape,
-- header layout, footer text) as JSON: the published ones the storefront
-- shows and the owner's draft, seen only in the admin's preview until
-- published. No row means the design's defaults.
CREATE TABLE design_settings (
    site_id    BIGINT NOT NULL REFERENCES sites (id),
    draft      TEXT NOT NULL,
    published  TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (site_id)
);

-- +goose Down
DROP TABLE design_settings;
DROP TABLE menu_items;
DROP TABLE menus;
