-- +goose Up
-- Contact forms (internal/forms): the forms an owner builds and the
-- messages visitors send with them. The same schema in both trees.

-- One form. slug is how a page places it ([form SLUG] in the page's text).
-- fields is a JSON list of {key, label, kind, required, options}; kind is
-- text, email, phone, textarea, choice or checkbox. auto_reply, when not
-- empty, is sent to the visitor's e-mail address after a message.
CREATE TABLE forms (
    site_id    BIGINT NOT NULL REFERENCES sites (id),
    id         BIGINT NOT NULL,
    slug       TEXT NOT NULL,
    title      TEXT NOT NULL,
    fields     TEXT NOT NULL,
    thanks     TEXT NOT NULL,
    auto_reply TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    UNIQUE (site_id, slug)
);

-- A message sent with a form. data is a JSON list of {label, value} as the
-- visitor saw the fields then; search is its lower-cased text, for the
-- inbox's search. status: unread, read, spam. ip_hash is a keyed hash of
-- the sender's address, for the per-address limit.
CREATE TABLE form_submissions (
    site_id    BIGINT NOT NULL,
    id         BIGINT NOT NULL,
    form_id    BIGINT NOT NULL,
    status     TEXT NOT NULL,
    email      TEXT NOT NULL,
    data       TEXT NOT NULL,
    search     TEXT NOT NULL,
    ip_hash    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    FOREIGN KEY (site_id, form_id) REFERENCES forms (site_id, id) ON DELETE CASCADE
);
CREATE INDEX form_submissions_site_time ON form_submissions (site_id, created_at);
CREATE INDEX form_submissions_site_ip ON form_submissions (site_id, ip_hash, created_at);

-- +goose Down
DROP TABLE form_submissions;
DROP TABLE forms;
