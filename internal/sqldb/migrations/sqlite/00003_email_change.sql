-- +goose Up
-- The new address of a pending e-mail change travels with its one-time
-- token, so that the change happens only when the link sent there is opened.
ALTER TABLE account_tokens ADD COLUMN new_email TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE account_tokens DROP COLUMN new_email;
