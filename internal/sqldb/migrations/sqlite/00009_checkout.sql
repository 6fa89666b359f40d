-- +goose Up
-- The shop's selling side: settings, shipping, payments, taxes, customers,
-- carts, orders with their lines, statuses, timeline and payments. Every
-- table is keyed by site first (see internal/sqldb/citus.sql).

-- One row per site that sells: the order number's format and sequence, and
-- whether prices are entered with tax. The sequence is advanced inside the
-- order's transaction after stock was taken, so a failed order leaves no gap.
CREATE TABLE shop_settings (
    site_id             BIGINT NOT NULL REFERENCES sites (id),
    order_number_format TEXT NOT NULL DEFAULT '{year}-{seq:5}',
    order_seq           BIGINT NOT NULL DEFAULT 0,
    prices_include_tax  BOOLEAN NOT NULL DEFAULT TRUE,
    -- The terms a shopper accepts at checkout; the version (a hash of the
    -- text) is recorded on each order.
    terms_text          TEXT NOT NULL DEFAULT '',
    updated_at          BIGINT NOT NULL,
    PRIMARY KEY (site_id)
);

-- Order statuses: the defaults (new, awaiting_payment, paid, shipped,
-- completed, cancelled) are inserted for a site the first time it needs
-- them; owners may add their own. notify: a change to it e-mails the
-- customer.
CREATE TABLE order_statuses (
    site_id      BIGINT NOT NULL REFERENCES sites (id),
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    colour       TEXT NOT NULL DEFAULT '',
    position     INTEGER NOT NULL,
    notify       BOOLEAN NOT NULL DEFAULT FALSE,
    is_completed BOOLEAN NOT NULL DEFAULT FALSE,
    is_cancelled BOOLEAN NOT NULL DEFAULT FALSE,
    is_default   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (site_id, code)
);

-- Shipping: zones of countries, each with its methods. countries is a
-- comma-separated list of ISO 3166 codes, or '*' for every other country.
CREATE TABLE shipping_zones (
    site_id    BIGINT NOT NULL REFERENCES sites (id),
    id         BIGINT NOT NULL,
    name       TEXT NOT NULL,
    countries  TEXT NOT NULL,
    position   INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id)
);

-- kind: flat, weight (bands is JSON [{"up_to_grams":…,"price":…}]),
-- pickup. free_over, when above 0, makes the method free from that
-- subtotal on.
CREATE TABLE shipping_methods (
    site_id    BIGINT NOT NULL,
    id         BIGINT NOT NULL,
    zone_id    BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    price      BIGINT NOT NULL DEFAULT 0,
    free_over  BIGINT NOT NULL DEFAULT 0,
    bands      TEXT NOT NULL DEFAULT '',
    tax_class  TEXT NOT NULL DEFAULT '',
    enabled    BOOLEAN NOT NULL DEFAULT TRUE,
    position   INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    FOREIGN KEY (site_id, zone_id) REFERENCES shipping_zones (site_id, id) ON DELETE CASCADE
);
CREATE INDEX shipping_methods_zone ON shipping_methods (site_id, zone_id, position);

-- Payment methods by code: bank_transfer, cod, card_test. details holds
-- the bank account shown to the shopper; fee is added to the order (COD).
CREATE TABLE payment_methods (
    site_id      BIGINT NOT NULL REFERENCES sites (id),
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    enabled      BOOLEAN NOT NULL DEFAULT FALSE,
    instructions TEXT NOT NULL DEFAULT '',
    details      TEXT NOT NULL DEFAULT '',
    fee          BIGINT NOT NULL DEFAULT 0,
    -- secret signs a card provider's callbacks (HMAC); never shown.
    secret       TEXT NOT NULL DEFAULT '',
    position     INTEGER NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (site_id, code)
);

-- Taxes: classes ('' is the standard class) and their rate per country
-- ('*' for any other), in basis points (2100 = 21 %).
CREATE TABLE tax_classes (
    site_id    BIGINT NOT NULL REFERENCES sites (id),
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, code)
);

CREATE TABLE tax_rates (
    site_id    BIGINT NOT NULL,
    id         BIGINT NOT NULL,
    class_code TEXT NOT NULL,
    country    TEXT NOT NULL,
    rate_bp    INTEGER NOT NULL,
    name       TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    UNIQUE (site_id, class_code, country),
    FOREIGN KEY (site_id, class_code) REFERENCES tax_classes (site_id, code) ON DELETE CASCADE
);

-- Customers: a shop's own accounts, per site. email_key is the address
-- lowercased, unique per site; the same person on two sites is two rows.
CREATE TABLE customers (
    site_id       BIGINT NOT NULL REFERENCES sites (id),
    id            BIGINT NOT NULL,
    email         TEXT NOT NULL,
    email_key     TEXT NOT NULL,
    password_hash TEXT NOT NULL DEFAULT '',
    name          TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    UNIQUE (site_id, email_key)
);

-- A customer's logged-in sessions: the cookie's hash, looked up with the
-- site the host resolved to, so a session never works on another site.
CREATE TABLE customer_sessions (
    site_id     BIGINT NOT NULL,
    token_hash  TEXT NOT NULL,
    customer_id BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    PRIMARY KEY (site_id, token_hash),
    FOREIGN KEY (site_id, customer_id) REFERENCES customers (site_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_sessions_customer ON customer_sessions (site_id, customer_id);

-- address is JSON (orders.Address).
CREATE TABLE customer_addresses (
    site_id     BIGINT NOT NULL,
    id          BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    address     TEXT NOT NULL,
    is_default  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    FOREIGN KEY (site_id, customer_id) REFERENCES customers (site_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_addresses_customer ON customer_addresses (site_id, customer_id, id);

-- Carts: a guest's by the hash of its cookie, a customer's by account.
-- checkout holds the checkout form's answers so far (JSON).
CREATE TABLE carts (
    site_id     BIGINT NOT NULL REFERENCES sites (id),
    id          BIGINT NOT NULL,
    token_hash  TEXT,
    customer_id BIGINT,
    checkout    TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    UNIQUE (site_id, token_hash),
    FOREIGN KEY (site_id, customer_id) REFERENCES customers (site_id, id) ON DELETE CASCADE
);
CREATE INDEX carts_customer ON carts (site_id, customer_id);
CREATE INDEX carts_updated ON carts (site_id, updated_at);

CREATE TABLE cart_lines (
    site_id    BIGINT NOT NULL,
    cart_id    BIGINT NOT NULL,
    variant_id BIGINT NOT NULL,
    qty        INTEGER NOT NULL,
    added_at   BIGINT NOT NULL,
    PRIMARY KEY (site_id, cart_id, variant_id),
    FOREIGN KEY (site_id, cart_id) REFERENCES carts (site_id, id) ON DELETE CASCADE,
    FOREIGN KEY (site_id, variant_id) REFERENCES product_variants (site_id, id) ON DELETE CASCADE
);

-- Orders: everything the shopper agreed to, frozen at placing. Money in
-- minor units of currency. Addresses are JSON (orders.Address). token is
-- the random public identifier of the order's page (/orders/{token}).
-- submission_key is the checkout form's random key: a second submission
-- of the same form finds the first order instead of placing another.
CREATE TABLE orders (
    site_id            BIGINT NOT NULL REFERENCES sites (id),
    id                 BIGINT NOT NULL,
    number             TEXT NOT NULL,
    token              TEXT NOT NULL,
    submission_key     TEXT NOT NULL,
    customer_id        BIGINT,
    email              TEXT NOT NULL,
    phone              TEXT NOT NULL DEFAULT '',
    customer_name      TEXT NOT NULL DEFAULT '',
    billing_address    TEXT NOT NULL,
    shipping_address   TEXT NOT NULL,
    status             TEXT NOT NULL,
    payment_status     TEXT NOT NULL,
    currency           TEXT NOT NULL,
    prices_include_tax BOOLEAN NOT NULL,
    subtotal           BIGINT NOT NULL,
    shipping_total     BIGINT NOT NULL,
    shipping_tax       BIGINT NOT NULL,
    payment_fee        BIGINT NOT NULL,
    tax_total          BIGINT NOT NULL,
    total              BIGINT NOT NULL,
    paid_total         BIGINT NOT NULL DEFAULT 0,
    shipping_method    TEXT NOT NULL DEFAULT '',
    shipping_name      TEXT NOT NULL DEFAULT '',
    payment_method     TEXT NOT NULL,
    payment_name       TEXT NOT NULL,
    payment_reference  TEXT NOT NULL DEFAULT '',
    note               TEXT NOT NULL DEFAULT '',
    staff_note         TEXT NOT NULL DEFAULT '',
    terms_version      TEXT NOT NULL DEFAULT '',
    terms_accepted_at  BIGINT,
    source             TEXT NOT NULL DEFAULT 'storefront',
    stock_returned_at  BIGINT,
    paid_at            BIGINT,
    cancelled_at       BIGINT,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    UNIQUE (site_id, number),
    UNIQUE (site_id, token),
    UNIQUE (site_id, submission_key),
    FOREIGN KEY (site_id, customer_id) REFERENCES customers (site_id, id)
);
CREATE INDEX orders_customer ON orders (site_id, customer_id, id);
CREATE INDEX orders_status ON orders (site_id, status, id);
CREATE INDEX orders_payment ON orders (site_id, payment_status, id);
CREATE INDEX orders_email ON orders (site_id, email, id);

-- The lines as sold: no foreign key to the catalog, so that deleting a
-- product keeps the order. rate_bp is the tax rate applied; total =
-- subtotal + tax when prices exclude tax, and subtotal when they include it.
CREATE TABLE order_lines (
    site_id       BIGINT NOT NULL,
    order_id      BIGINT NOT NULL,
    position      INTEGER NOT NULL,
    product_id    BIGINT NOT NULL,
    variant_id    BIGINT NOT NULL,
    title         TEXT NOT NULL,
    variant_title TEXT NOT NULL DEFAULT '',
    sku           TEXT NOT NULL DEFAULT '',
    qty           INTEGER NOT NULL,
    unit_price    BIGINT NOT NULL,
    tax_class     TEXT NOT NULL DEFAULT '',
    rate_bp       INTEGER NOT NULL DEFAULT 0,
    subtotal      BIGINT NOT NULL,
    tax           BIGINT NOT NULL,
    total         BIGINT NOT NULL,
    weight_grams  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, order_id, position),
    FOREIGN KEY (site_id, order_id) REFERENCES orders (site_id, id) ON DELETE CASCADE
);
CREATE INDEX order_lines_variant ON order_lines (site_id, variant_id);

-- The order's timeline: placed, paid, status changes, notes, e-mails.
CREATE TABLE order_events (
    site_id          BIGINT NOT NULL,
    id               BIGINT NOT NULL,
    order_id         BIGINT NOT NULL,
    kind             TEXT NOT NULL,
    message          TEXT NOT NULL DEFAULT '',
    public           BOOLEAN NOT NULL DEFAULT FALSE,
    actor_account_id BIGINT,
    created_at       BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    FOREIGN KEY (site_id, order_id) REFERENCES orders (site_id, id) ON DELETE CASCADE
);
CREATE INDEX order_events_order ON order_events (site_id, order_id, id);

-- Payments of an order, partial ones included. status: pending, succeeded,
-- failed, cancelled. token_hash is the hash of the hosted payment page's
-- token (card providers); provider_ref is the provider's own reference.
CREATE TABLE payments (
    site_id      BIGINT NOT NULL,
    id           BIGINT NOT NULL,
    order_id     BIGINT NOT NULL,
    method       TEXT NOT NULL,
    provider     TEXT NOT NULL DEFAULT '',
    amount       BIGINT NOT NULL,
    currency     TEXT NOT NULL,
    status       TEXT NOT NULL,
    token_hash   TEXT,
    provider_ref TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    actor_account_id BIGINT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    UNIQUE (site_id, token_hash),
    FOREIGN KEY (site_id, order_id) REFERENCES orders (site_id, id) ON DELETE CASCADE
);
CREATE INDEX payments_order ON payments (site_id, order_id, id);

-- +goose Down
DROP TABLE payments;
DROP TABLE order_events;
DROP TABLE order_lines;
DROP TABLE orders;
DROP TABLE cart_lines;
DROP TABLE carts;
DROP TABLE customer_addresses;
DROP TABLE customer_sessions;
DROP TABLE customers;
DROP TABLE tax_rates;
DROP TABLE tax_classes;
DROP TABLE payment_methods;
DROP TABLE shipping_methods;
DROP TABLE shipping_zones;
DROP TABLE order_statuses;
DROP TABLE shop_settings;
