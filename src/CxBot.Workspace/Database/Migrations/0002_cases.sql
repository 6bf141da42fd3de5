-- Closing the loop: cases opened by rules for responses that need a person, their timeline, and the scanner's cursor.

-- One case per response (the unique key makes the scanner idempotent and safe with several hosts); erasing a
-- response erases its case and everything the customer wrote in it.
create table cases (
    id               bigint generated always as identity primary key,
    response_id      text not null unique references responses (response_id) on delete cascade,
    -- null for an anonymous response: such a case can be worked but not messaged
    customer_id      text,
    channel_id       text not null,
    conversation_id  text,
    language         text not null,
    reasons          text[] not null,
    urgent           boolean not null,
    status           text not null default 'open'
                     check (status in ('open', 'in_progress', 'waiting', 'resolved', 'closed')),
    owner            text,
    due_at           timestamptz not null,
    opened_at        timestamptz not null default now(),
    first_contact_at timestamptz,
    closed_at        timestamptz,
    outcome          text check (outcome in ('resolved', 'retained', 'churned', 'no_answer')),
    -- the chat the last message went out on, where the customer's reply is awaited
    thread_channel_id      text,
    thread_conversation_id text,
    updated_at       timestamptz not null default now()
);
create index cases_inbox on cases (status, urgent desc, due_at);
create index cases_owner on cases (owner) where owner is not null;

-- Everything that happened to a case, in order: opened, assigned, status, note, message, reply, resolved.
-- external_id is the channel's activity id of a customer's reply, so a redelivered reply is stored once.
create table case_events (
    id          bigint generated always as identity primary key,
    case_id     bigint not null references cases (id) on delete cascade,
    at          timestamptz not null default now(),
    kind        text not null,
    actor       text not null,
    text        text,
    detail      text,
    external_id text
);
create index case_events_case on case_events (case_id, id);
create unique index case_events_external on case_events (case_id, external_id) where external_id is not null;

-- The scanner walks answers in store order; the response store has no index for that.
create index if not exists answers_stored on answers (stored_at, response_id, question_id);

-- Where the scanner got to in answers.stored_at; it rescans a short overlap, which the unique key makes harmless.
create table case_scan_cursor (
    name      text primary key,
    stored_at timestamptz not null
);
