-- +goose Up
-- A Premium site's own stylesheet (internal/customcss), served after its
-- design's at /site.css. The same schema in both trees.
CREATE TABLE custom_css (
    site_id    BIGINT NOT NULL REFERENCES sites (id),
    css        TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (site_id)
);

-- +goose Down
DROP TABLE custom_css;
