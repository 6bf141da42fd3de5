-- The team's users kept in the database (beside the configured bootstrap users in Workspace:Users).
-- Never deleted: a user who leaves is disabled, so the audit log keeps naming someone who existed.
create table workspace_users (
    id            bigint generated always as identity primary key,
    name          text not null,
    email         text not null,
    role          text not null check (role in ('viewer', 'analyst', 'admin')),
    password_hash text not null,
    disabled      boolean not null default false,
    -- Changed by every role change, password reset and disabling: sessions carrying an older stamp end.
    stamp         uuid not null,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
create unique index workspace_users_name on workspace_users (lower(name));
create unique index workspace_users_email on workspace_users (lower(email));
