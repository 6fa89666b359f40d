-- +goose Up
-- The e-mail a site shows its visitors, set by the owner. It is separate
-- from contact_email, the private address notifications go to, so that
-- signing up never publishes the owner's own e-mail: empty shows none.
ALTER TABLE sites ADD COLUMN public_email TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE sites DROP COLUMN public_email;
