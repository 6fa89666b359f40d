-- +goose Up
-- Webhooks (internal/webhooks): each site's subscriptions to change topics,
-- the events that were recorded for them, one delivery per event and
-- subscription, and every HTTP attempt of a delivery. The same schema in
-- both migration trees.

-- A subscription sends every event of one topic of the site to url.
-- secret is the signing key, kept as it was generated rather than hashed:
-- signing needs the key itself (HMAC), so a hash would be useless, and
-- encrypting it with a key that this same process holds would only move the
-- problem to where that key lives (the platform has no key store yet). It is
-- shown once, when the subscription is made, and never again: no page,
-- API answer or log line contains it. status is 'active' or 'paused';
-- paused_reason is 'owner' (paused by hand) or 'failing' (paused after
-- failing for the whole retry window). failing_since is the time of the
-- first failed attempt since the last success (0 when none).
CREATE TABLE webhook_subscriptions (
    site_id       BIGINT NOT NULL REFERENCES sites (id),
    id            BIGINT NOT NULL,
    topic         TEXT NOT NULL,
    url           TEXT NOT NULL,
    secret        TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'active',
    paused_reason TEXT NOT NULL DEFAULT '',
    failing_since BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (site_id, id)
);
-- The one lookup on the hot path: does this site listen to this topic?
CREATE INDEX webhook_subscriptions_topic ON webhook_subscriptions (site_id, topic, status);

-- A change that somebody listened to, with the JSON that is sent. Recorded
-- only when the site had an active subscription to the topic, so sites
-- without webhooks write nothing here.
CREATE TABLE webhook_events (
    site_id    BIGINT NOT NULL REFERENCES sites (id),
    id         BIGINT NOT NULL,
    topic      TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, id)
);

-- One event sent to one subscription; a resend is a new delivery of the
-- same event. status: pending, succeeded, failed (gave up after the
-- window), cancelled (the subscription was paused before it went).
CREATE TABLE webhook_deliveries (
    site_id         BIGINT NOT NULL,
    id              BIGINT NOT NULL,
    subscription_id BIGINT NOT NULL,
    event_id        BIGINT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_status     INTEGER NOT NULL DEFAULT 0,
    resent_from     BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    finished_at     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, id),
    FOREIGN KEY (site_id, subscription_id) REFERENCES webhook_subscriptions (site_id, id) ON DELETE CASCADE,
    FOREIGN KEY (site_id, event_id) REFERENCES webhook_events (site_id, id) ON DELETE CASCADE
);
-- The delivery log of a subscription, newest first.
CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (site_id, subscription_id, id);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (site_id, event_id);

-- Every HTTP attempt of a delivery: the response's status code (0 when
-- there was none), the error (a timeout, a refused address, a non-2xx
-- answer), and how long it took.
CREATE TABLE webhook_attempts (
    site_id     BIGINT NOT NULL,
    id          BIGINT NOT NULL,
    delivery_id BIGINT NOT NULL,
    attempt     INTEGER NOT NULL,
    status_code INTEGER NOT NULL,
    error       TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (site_id, id),
    FOREIGN KEY (site_id, delivery_id) REFERENCES webhook_deliveries (site_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (site_id, delivery_id, id);

-- +goose Down
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_events;
DROP TABLE webhook_subscriptions;
