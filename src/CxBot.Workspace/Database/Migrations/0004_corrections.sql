-- A CX team's verified labels of one open-text answer. Wherever the workspace counts themes and sentiment it
-- uses these instead of the analyzer's ("effective" labels); the analyzer's own labels stay in analyses and
-- answer_themes, so agreement can be measured and a re-analysis never overwrites the team's work.
create table answer_corrections (
    response_id        text not null,
    question_id        text not null,
    -- The revision the team labelled: when the customer goes back and changes the answer, the labels no longer
    -- apply and the analyzer's labels of the new text count again.
    answer_id          text not null,
    -- [{"theme": "delivery", "sentiment": "negative"}, ...]
    themes             jsonb not null,
    sentiment          text not null check (sentiment in ('positive', 'negative', 'neutral', 'mixed')),
    churn_risk         boolean not null,
    wants_contact      boolean not null,
    -- What the analyzer had said when the team saved these labels: the agreement figures compare the two.
    analyzer_themes    text[] not null,
    analyzer_sentiment text,
    analyzer_churn     boolean,
    corrected_by       text not null,
    corrected_at       timestamptz not null default now(),
    primary key (response_id, question_id),
    foreign key (response_id, question_id) references answers (response_id, question_id) on delete cascade
);
create index answer_corrections_at on answer_corrections (corrected_at);
