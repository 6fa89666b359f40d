-- +goose Up
-- Pages become ordered lists of sections (internal/sections), edited as a
-- draft and published as versions. The same schema in both trees.
--
-- sections: the published sections as JSON; NULL until the page's old
--   HTML body has been converted (pages.Store.ConvertBodies at start; a
--   page read before that is converted on the fly), so nothing is lost.
--   body stays as it was, for now, as the record of the foundation-era page.
-- draft: the sections being edited as JSON; NULL when there is no draft.
-- draft_by / draft_at: who saved the draft last, and when.
-- publish_at / publish_by: a scheduled publish of the draft (NULL: none);
--   pages.PublishDueJobs publishes it when due.
ALTER TABLE pages ADD COLUMN sections TEXT;
ALTER TABLE pages ADD COLUMN draft TEXT;
ALTER TABLE pages ADD COLUMN draft_by BIGINT;
ALTER TABLE pages ADD COLUMN draft_at BIGINT;
ALTER TABLE pages ADD COLUMN publish_at BIGINT;
ALTER TABLE pages ADD COLUMN publish_by BIGINT;
CREATE INDEX pages_publish_at ON pages (site_id, publish_at) WHERE publish_at IS NOT NULL;

-- Every publish of a page: its sections as they went live, who published
-- (an account ID; NULL for the conversion of a foundation-era page) and
-- when. Restoring publishes an old version's sections as a new version.
CREATE TABLE page_versions (
    site_id      BIGINT NOT NULL,
    page_id      BIGINT NOT NULL,
    id           BIGINT NOT NULL,
    sections     TEXT NOT NULL,
    published_by BIGINT,
    published_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    FOREIGN KEY (site_id, page_id) REFERENCES pages (site_id, id) ON DELETE CASCADE
);
CREATE INDEX page_versions_page ON page_versions (site_id, page_id, published_at);

-- +goose Down
DROP TABLE page_versions;
DROP INDEX pages_publish_at;
ALTER TABLE pages DROP COLUMN publish_by;
ALTER TABLE pages DROP COLUMN publish_at;
ALTER TABLE pages DROP COLUMN draft_at;
ALTER TABLE pages DROP COLUMN draft_by;
ALTER TABLE pages DROP COLUMN draft;
ALTER TABLE pages DROP COLUMN sections;
