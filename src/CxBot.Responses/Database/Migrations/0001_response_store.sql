-- The response store: what CX teams query once the pipeline has run.
-- Open text is kept masked (PII replaced by [email], [phone], ...); original_text stays null unless
-- Responses:KeepOriginalText is on.

-- unaccent folds diacritics for Polish search (PostgreSQL ships no Polish stemmer or stop list).
create extension if not exists unaccent;

-- Polish: the simple parser and dictionary, with diacritics folded first, so "zażółć" and "zazolc"
-- match and customers who type without Polish keys are found too. No stemming: without a Polish
-- dictionary a crude suffix stripper would merge unrelated words; prefix queries (word:*) cover inflection.
create text search configuration cx_polish (copy = simple);
alter text search configuration cx_polish
    alter mapping for asciiword, asciihword, hword_asciipart, word, hword, hword_part with unaccent, simple;

-- Romanian, Russian and English use the built-in Snowball configurations, with diacritics folded for
-- Romanian too (ș/ş and ț/ţ are typed both ways, or not at all).
create text search configuration cx_romanian (copy = romanian);
alter text search configuration cx_romanian
    alter mapping for word, hword, hword_part with unaccent, romanian_stem;

create function cx_search_config(language text) returns regconfig
    language sql immutable parallel safe
    return case language
        when 'en' then 'english'::regconfig
        when 'ru' then 'russian'::regconfig
        when 'ro' then 'cx_romanian'::regconfig
        when 'pl' then 'cx_polish'::regconfig
        else 'simple'::regconfig
    end;

create table responses (
    response_id     text primary key,
    survey_id       text not null,
    survey_version  integer not null,
    journey         text,
    channel_id      text not null,
    -- null for anonymous surveys
    conversation_id text,
    customer_id     text,
    language        text not null,
    context         jsonb not null default '{}'::jsonb,
    started_at      timestamptz not null,
    last_event_at   timestamptz not null,
    status          text not null default 'partial' check (status in ('partial', 'complete', 'stopped')),
    completed_at    timestamptz
);
create index responses_started on responses (started_at);
create index responses_survey on responses (survey_id, started_at);
create index responses_customer on responses (customer_id) where customer_id is not null;

create table answers (
    response_id     text not null references responses (response_id) on delete cascade,
    question_id     text not null,
    answer_id       text not null,
    revision        integer not null,
    -- 'answer' or 'skip'
    event           text not null check (event in ('answer', 'skip')),
    question_type   text,
    value           jsonb,
    -- the number of a scale question (NPS 0-10, CSAT 1-5, CES 1-7, Likert)
    score           smallint,
    masked_text     text,
    original_text   text,
    language        text not null,
    answered_at     timestamptz not null,
    stream_entry_id text not null,
    stored_at       timestamptz not null default now(),
    text_purged_at  timestamptz,
    search          tsvector,
    primary key (response_id, question_id)
);
create unique index answers_answer_id on answers (answer_id);
create index answers_type_time on answers (question_type, answered_at) include (score, response_id) where event = 'answer';
create index answers_search on answers using gin (search);
create index answers_text_age on answers (answered_at) where masked_text is not null or original_text is not null;

create table analyses (
    response_id      text not null,
    question_id      text not null,
    sentiment        text not null,
    sentiment_score  real not null,
    churn_risk       boolean not null,
    wants_contact    boolean not null,
    pii_kinds        text[] not null,
    analyzer         text not null,
    analyzer_version text not null,
    analyzed_at      timestamptz not null,
    primary key (response_id, question_id),
    foreign key (response_id, question_id) references answers (response_id, question_id) on delete cascade
);

create table answer_themes (
    response_id text not null,
    question_id text not null,
    theme       text not null,
    sentiment   text not null,
    confidence  real not null,
    primary key (response_id, question_id, theme),
    foreign key (response_id, question_id) references answers (response_id, question_id) on delete cascade
);
create index answer_themes_theme on answer_themes (theme);

-- A customer's choices about being contacted, kept apart from answers so erasure and export find them.
create table customer_preferences (
    customer_id     text primary key,
    contact_allowed boolean not null default true,
    opted_out_at    timestamptz,
    updated_at      timestamptz not null default now()
);

-- Proof that an erasure ran, without the erased id: a SHA-256 of it.
create table erasure_log (
    customer_hash text not null,
    erased_at     timestamptz not null default now(),
    responses     integer not null
);
