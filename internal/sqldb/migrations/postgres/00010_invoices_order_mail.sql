-- +goose Up
-- Invoices and order e-mail templates (internal/invoices, internal/ordermail).
-- The same schema in both migration trees.

-- What a site prints on its invoices as the seller, filled in by the owner
-- on the invoice settings page. A site without a row uses its title.
CREATE TABLE invoice_settings (
    site_id        BIGINT NOT NULL REFERENCES sites (id),
    seller_name    TEXT NOT NULL,
    seller_address TEXT NOT NULL,
    company_id     TEXT NOT NULL,
    tax_id         TEXT NOT NULL,
    bank_account   TEXT NOT NULL,
    footer         TEXT NOT NULL,
    due_days       INTEGER NOT NULL,
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (site_id)
);

-- The last number given per site, kind (proforma, invoice, credit_note) and
-- year. A number is taken with one INSERT … ON CONFLICT DO UPDATE … RETURNING
-- in the transaction that writes the invoice, so two invoices can never get
-- the same number and a rolled-back invoice leaves no gap.
CREATE TABLE invoice_sequences (
    site_id     BIGINT NOT NULL REFERENCES sites (id),
    kind        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    last_number BIGINT NOT NULL,
    PRIMARY KEY (site_id, kind, year)
);

-- An issued document. It is never changed after it is written: seller,
-- buyer and lines are a JSON snapshot of what was printed, so that editing
-- the settings or anonymising a customer never alters an accounting record.
-- credits_id is, for a credit note, the invoice it cancels. One document of
-- each kind per order.
CREATE TABLE invoices (
    site_id           BIGINT NOT NULL REFERENCES sites (id),
    id                BIGINT NOT NULL,
    kind              TEXT NOT NULL,
    number            TEXT NOT NULL,
    order_id          BIGINT NOT NULL,
    order_number      TEXT NOT NULL,
    credits_id        BIGINT,
    currency          TEXT NOT NULL,
    language          TEXT NOT NULL,
    issued_at         BIGINT NOT NULL,
    due_at            BIGINT NOT NULL,
    seller            TEXT NOT NULL,
    buyer             TEXT NOT NULL,
    lines             TEXT NOT NULL,
    subtotal          BIGINT NOT NULL,
    tax               BIGINT NOT NULL,
    total             BIGINT NOT NULL,
    payment_method    TEXT NOT NULL,
    payment_reference TEXT NOT NULL,
    created_by        BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    UNIQUE (site_id, kind, number),
    UNIQUE (site_id, order_id, kind),
    FOREIGN KEY (site_id, credits_id) REFERENCES invoices (site_id, id)
);

-- A site's own wording of an order e-mail (event: received, paid, shipped,
-- cancelled). Without a row the default text in internal/ordermail is used.
CREATE TABLE order_mail_templates (
    site_id    BIGINT NOT NULL REFERENCES sites (id),
    event      TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, event)
);

-- +goose Down
DROP TABLE order_mail_templates;
DROP TABLE invoices;
DROP TABLE invoice_sequences;
DROP TABLE invoice_settings;
