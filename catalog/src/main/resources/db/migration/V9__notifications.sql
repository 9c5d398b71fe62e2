-- Safehold catalog, version 9: where notifications go, and what happened to each attempt.

-- A target is a webhook (generic JSON, Slack- or Teams-compatible) or an SMTP relay. Webhook URLs
-- of Slack and Teams are secrets in themselves, so every URL is sealed like a credential and only
-- its origin (scheme, host, port) is kept in clear for display and error messages.
CREATE TABLE notification_targets (
    id                     UUID PRIMARY KEY,
    name                   TEXT        NOT NULL UNIQUE,
    kind                   TEXT        NOT NULL CHECK (kind IN ('webhook', 'slack', 'teams', 'email')),
    url_enc                BYTEA,                     -- AES-GCM, as credentials; webhook kinds only
    url_origin             TEXT,                      -- e.g. https://hooks.slack.com
    secret_header          TEXT,                      -- webhook: header carrying the credential's secret
    smtp_host              TEXT,
    smtp_port              INTEGER CHECK (smtp_port BETWEEN 1 AND 65535),
    smtp_require_starttls  BOOLEAN     NOT NULL DEFAULT true,
    smtp_tls_sha256        TEXT,                      -- pinned SMTP certificate, upper-case colon hex
    mail_from              TEXT,
    mail_to                TEXT[]      NOT NULL DEFAULT '{}',
    credential_id          UUID REFERENCES credentials (id),   -- SMTP login, or the webhook secret
    event_types            TEXT[]      NOT NULL,      -- e.g. {run-failed,alert-raised}
    asset_kinds            TEXT[]      NOT NULL DEFAULT '{}',  -- empty: every kind
    enabled                BOOLEAN     NOT NULL DEFAULT true,
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((kind = 'email') = (smtp_host IS NOT NULL AND mail_from IS NOT NULL)),
    CHECK ((kind = 'email') <> (url_enc IS NOT NULL))
);

-- One row per delivery attempt (including the API's test sends), newest looked up first.
CREATE TABLE notification_deliveries (
    id          BIGSERIAL PRIMARY KEY,
    target_id   UUID        NOT NULL REFERENCES notification_targets (id) ON DELETE CASCADE,
    event_type  TEXT        NOT NULL,
    run_id      UUID        REFERENCES runs (id) ON DELETE SET NULL,
    attempt     INTEGER     NOT NULL,
    delivered   BOOLEAN     NOT NULL,
    detail      TEXT        NOT NULL,                 -- e.g. "HTTP 200", or the error sentence
    at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX notification_deliveries_target ON notification_deliveries (target_id, id DESC);
