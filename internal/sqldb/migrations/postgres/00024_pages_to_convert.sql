-- +goose Up
-- Every start converts the pages still written as HTML into sections
-- (pages.Store.ConvertBodies, migration 00017). Once they are all
-- converted the index is empty, so the check at start reads nothing
-- instead of scanning every site's pages.
CREATE INDEX pages_to_convert ON pages (site_id, id) WHERE sections IS NULL;

-- +goose Down
DROP INDEX pages_to_convert;
