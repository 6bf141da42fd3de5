-- The workspace's own tables, beside the response store's.

-- Every write made in the workspace: who, when, what it was before and after.
create table workspace_audit (
    id         bigint generated always as identity primary key,
    at         timestamptz not null default now(),
    user_name  text not null,
    role       text not null,
    action     text not null,
    entity     text not null,
    before     jsonb,
    after      jsonb
);
create index workspace_audit_at on workspace_audit (at desc);

-- Notes the team pins to a day on the overview charts ("price change", "app release").
create table workspace_notes (
    id         bigint generated always as identity primary key,
    day        date not null,
    text       text not null,
    author     text not null,
    created_at timestamptz not null default now()
);
create index workspace_notes_day on workspace_notes (day);
