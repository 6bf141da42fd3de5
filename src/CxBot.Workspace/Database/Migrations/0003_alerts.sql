-- The alert outbox: one row per (urgent case alert, webhook), written in the transaction that stores the case,
-- so an alert exists exactly when its case does. Rows are never deleted: a delivery that ran out of attempts
-- stays 'failed', visible on /workspace/alerts until an admin replays it.
create table alert_deliveries (
    id              uuid primary key,                 -- the delivery id a receiver de-duplicates on
    event           text not null,
    webhook         text not null,                    -- Workspace:Alerts:Webhooks:N:Name
    case_id         bigint not null,
    title           text not null,
    summary         text not null,
    link            text not null,
    facts           jsonb not null,                   -- [{"name": ..., "value": ...}] in the order given
    occurred_at     timestamptz not null default now(),
    status          text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
    attempts        integer not null default 0,
    next_attempt_at timestamptz default now(),        -- null once delivered or failed
    last_attempt_at timestamptz,
    last_status     integer,                          -- the receiver's HTTP status; null after a network error
    last_error      text,
    delivered_at    timestamptz,
    replays         integer not null default 0
);

-- What the dispatchers poll: only pending rows, by due time.
create index alert_deliveries_due on alert_deliveries (next_attempt_at) where status = 'pending';
create index alert_deliveries_status on alert_deliveries (status, occurred_at desc);
create index alert_deliveries_case on alert_deliveries (case_id);
