-- The words of an answer that made the analyzer name each theme, as found in the masked text, so the
-- workspace can highlight them. Empty for rows stored before this migration.
alter table answer_themes add column evidence text[] not null default '{}';
