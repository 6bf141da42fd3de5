using CxBot.Analysis.Taxonomy;
using CxBot.Responses.Metrics;
using CxBot.Workspace.Database;
using CxBot.Workspace.Pages;
using Npgsql;
using NpgsqlTypes;

namespace CxBot.Workspace.Themes;

/// <summary>Mentions of a theme in one week.</summary>
internal sealed record WeekCount(DateTimeOffset Week, long Mentions, long Positive, long Negative);

/// <summary>
/// One theme over the period. <see cref="NetSentiment"/> = 100 × (positive − negative) / mentions.
/// <see cref="Impact"/>: NPS of the responses whose answers mention the theme minus NPS of those that do not
/// (<see cref="Difference.A"/> is without, <see cref="Difference.B"/> with), with its 95% interval.
/// </summary>
internal sealed record ThemeFigures(
    string Theme, string Name, long Mentions, long Positive, long Neutral, long Negative, Difference Impact, IReadOnlyList<WeekCount> Weekly)
{
    public double? NetSentiment => Mentions == 0 ? null : 100.0 * (Positive - Negative) / Mentions;
}

/// <summary>An answer found by the open-text search; the matched words sit between \u0001 and \u0002.</summary>
internal sealed record TextHit(string ResponseId, string QuestionId, string Marked, string Language, DateTimeOffset At, bool Verified);

/// <summary>An answer that mentions a theme, with the phrases that named it.</summary>
internal sealed record ThemeAnswer(
    string ResponseId, string QuestionId, string Text, string Language, DateTimeOffset At, string Sentiment, IReadOnlyList<string> Evidence,
    bool Verified, string SurveyId, string ChannelId);

internal sealed record ThemesModel(
    OverviewFilter Filter, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<DateTimeOffset> Weeks, IReadOnlyList<ThemeFigures> Themes,
    long NpsResponses, string? Search, IReadOnlyList<TextHit> Hits, FilterChoices Choices);

internal sealed record ThemeModel(ThemesModel Overview, ThemeFigures Figures, IReadOnlyList<ThemeAnswer> Answers);

/// <summary>
/// The theme explorer's figures, always over the effective labels: the team's verified labels where an answer has
/// them, the analyzer's otherwise.
/// </summary>
internal sealed class ThemeQueries(NpgsqlDataSource dataSource, WorkspaceStore store, ThemeTaxonomy taxonomy, TimeProvider time)
{
    public const int AnswerLimit = 100;
    public const int HitLimit = 50;

    /// <summary>
    /// Each answer's themes as the workspace counts them: the team's for the revision they labelled, else the analyzer's.
    /// Corrected themes keep the analyzer's phrases when it found them too.
    /// </summary>
    internal const string Effective = """
        current_corrections as (
            select c.* from answer_corrections c
            join answers x on x.response_id = c.response_id and x.question_id = c.question_id and x.answer_id = c.answer_id),
        eff as (
            select t.response_id, t.question_id, t.theme, t.sentiment, t.evidence
            from answer_themes t
            where not exists (select 1 from current_corrections c where c.response_id = t.response_id and c.question_id = t.question_id)
            union all
            select c.response_id, c.question_id, x.theme, x.sentiment, coalesce(t.evidence, '{}'::text[])
            from current_corrections c
            cross join lateral jsonb_to_recordset(c.themes) as x(theme text, sentiment text)
            left join answer_themes t on t.response_id = c.response_id and t.question_id = c.question_id and t.theme = x.theme)
        """;

    public async Task<ThemesModel> LoadAsync(OverviewFilter filter, string? search, CancellationToken cancellationToken)
    {
        var choices = await store.ChoicesAsync(filter.Attribute, cancellationToken);
        filter = filter.WithKnownAttribute(choices.Attributes);

        // The period ends at the next midnight, as on the overview, so a reload during the day shows the same weeks.
        var to = new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        var from = to.AddDays(-filter.Days);
        var weeks = Weeks(from, to);

        var parameters = new List<NpgsqlParameter>();
        var where = Where(filter, from, to, parameters);
        var counts = new Dictionary<string, List<(DateTimeOffset Week, long N, long Positive, long Negative, long Neutral)>>(StringComparer.Ordinal);
        await using (var command = dataSource.CreateCommand($"""
            with {Effective},
            scope as (select a.response_id, a.question_id, a.answered_at from answers a join responses r on r.response_id = a.response_id
                      where {where} and a.masked_text is not null)
            select e.theme, date_trunc('week', s.answered_at, 'UTC'), count(*),
                   count(*) filter (where e.sentiment = 'positive'), count(*) filter (where e.sentiment = 'negative'),
                   count(*) filter (where e.sentiment = 'neutral')
            from eff e join scope s on s.response_id = e.response_id and s.question_id = e.question_id
            group by 1, 2
            """))
        {
            command.Parameters.AddRange(parameters.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var theme = reader.GetString(0);
                if (!counts.TryGetValue(theme, out var list)) counts[theme] = list = [];
                list.Add((new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
            }
        }

        parameters = [];
        where = Where(filter, from, to, parameters);
        var withTheme = new Dictionary<string, (long N, long Promoters, long Detractors)>(StringComparer.Ordinal);
        (long N, long Promoters, long Detractors) all = (0, 0, 0);
        await using (var command = dataSource.CreateCommand($"""
            with {Effective},
            nps as (select distinct on (a.response_id) a.response_id, a.score from answers a join responses r on r.response_id = a.response_id
                    where {where} and a.question_type = 'nps' and a.score is not null
                    order by a.response_id, a.question_id),
            rt as (select distinct e.response_id, e.theme from eff e join nps on nps.response_id = e.response_id)
            select rt.theme, count(*), count(*) filter (where nps.score >= 9), count(*) filter (where nps.score <= 6)
            from rt join nps on nps.response_id = rt.response_id group by rt.theme
            union all
            select null, count(*), count(*) filter (where score >= 9), count(*) filter (where score <= 6) from nps
            """))
        {
            command.Parameters.AddRange(parameters.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
                if (reader.IsDBNull(0)) all = row;
                else withTheme[reader.GetString(0)] = row;
            }
        }

        var themes = new List<ThemeFigures>();
        foreach (var (theme, list) in counts)
        {
            var w = withTheme.GetValueOrDefault(theme);
            var impact = Statistics.NpsDifference(all.N - w.N, all.Promoters - w.Promoters, all.Detractors - w.Detractors, w.N, w.Promoters, w.Detractors);
            var byWeek = list.ToDictionary(x => x.Week);
            var weekly = weeks.Select(week => byWeek.TryGetValue(week, out var x) ? new WeekCount(week, x.N, x.Positive, x.Negative) : new WeekCount(week, 0, 0, 0)).ToList();
            themes.Add(new ThemeFigures(theme, Name(theme), list.Sum(x => x.N), list.Sum(x => x.Positive), list.Sum(x => x.Neutral), list.Sum(x => x.Negative), impact, weekly));
        }

        themes.Sort((a, b) => b.Mentions != a.Mentions ? b.Mentions.CompareTo(a.Mentions) : string.CompareOrdinal(a.Theme, b.Theme));
        var hits = string.IsNullOrWhiteSpace(search) ? [] : await SearchAsync(filter, from, to, search.Trim(), cancellationToken);
        return new ThemesModel(filter, from, to, weeks, themes, all.N, string.IsNullOrWhiteSpace(search) ? null : search.Trim(), hits,
            choices);
    }

    /// <summary>The theme's figures and the answers behind them, newest first; null for a theme no answer in the period has.</summary>
    public async Task<ThemeModel?> ThemeAsync(string theme, OverviewFilter filter, CancellationToken cancellationToken)
    {
        var overview = await LoadAsync(filter, null, cancellationToken);
        if (overview.Themes.FirstOrDefault(t => t.Theme == theme) is not { } figures)
        {
            return null;
        }

        var parameters = new List<NpgsqlParameter>();
        var where = Where(overview.Filter, overview.From, overview.To, parameters);
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = theme });
        var themeParameter = "$" + parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var command = dataSource.CreateCommand($"""
            with {Effective}
            select a.response_id, a.question_id, a.masked_text, a.language, a.answered_at, e.sentiment, e.evidence,
                   exists (select 1 from answer_corrections c where c.response_id = a.response_id and c.question_id = a.question_id and c.answer_id = a.answer_id),
                   r.survey_id, r.channel_id
            from eff e
            join answers a on a.response_id = e.response_id and a.question_id = e.question_id
            join responses r on r.response_id = a.response_id
            where e.theme = {themeParameter} and {where} and a.masked_text is not null
            order by a.answered_at desc, a.response_id
            limit {AnswerLimit}
            """);
        command.Parameters.AddRange(parameters.ToArray());
        var answers = new List<ThemeAnswer>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            answers.Add(new ThemeAnswer(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5), reader.GetFieldValue<string[]>(6), reader.GetBoolean(7),
                reader.GetString(8), reader.GetString(9)));
        }

        return new ThemeModel(overview, figures, answers);
    }

    public string Name(string theme) => taxonomy.Find(theme)?.Name ?? theme;

    /// <summary>Open text that matches the words (web-search syntax), each answer searched in its own language's configuration.</summary>
    private async Task<IReadOnlyList<TextHit>> SearchAsync(OverviewFilter filter, DateTimeOffset from, DateTimeOffset to, string search, CancellationToken cancellationToken)
    {
        var parameters = new List<NpgsqlParameter>();
        var where = Where(filter, from, to, parameters);
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = search });
        var q = "$" + parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Control characters mark the matches: ts_headline's own markers would be HTML, and the text must be encoded first.
        await using var command = dataSource.CreateCommand($"""
            select a.response_id, a.question_id,
                   ts_headline(cx_search_config(a.language), a.masked_text, q, 'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', HighlightAll=true'),
                   a.language, a.answered_at,
                   exists (select 1 from answer_corrections c where c.response_id = a.response_id and c.question_id = a.question_id and c.answer_id = a.answer_id)
            from answers a
            join responses r on r.response_id = a.response_id
            cross join lateral websearch_to_tsquery(cx_search_config(a.language), {q}) q
            where {where} and a.masked_text is not null and a.search @@ q
            order by a.answered_at desc, a.response_id
            limit {HitLimit}
            """);
        command.Parameters.AddRange(parameters.ToArray());
        var hits = new List<TextHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new TextHit(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetBoolean(5)));
        }

        return hits;
    }

    /// <summary>The Monday-based weeks that overlap [from, to).</summary>
    internal static IReadOnlyList<DateTimeOffset> Weeks(DateTimeOffset from, DateTimeOffset to)
    {
        var day = from.UtcDateTime.Date;
        var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        var weeks = new List<DateTimeOffset>();
        for (var w = new DateTimeOffset(monday, TimeSpan.Zero); w < to; w = w.AddDays(7)) weeks.Add(w);
        return weeks;
    }

    private static string Where(OverviewFilter filter, DateTimeOffset from, DateTimeOffset to, List<NpgsqlParameter> parameters)
    {
        string P(object value, NpgsqlDbType type)
        {
            parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = value });
            return "$" + parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var clauses = new List<string>
        {
            "a.event = 'answer'",
            $"a.answered_at >= {P(from.UtcDateTime, NpgsqlDbType.TimestampTz)}",
            $"a.answered_at < {P(to.UtcDateTime, NpgsqlDbType.TimestampTz)}",
        };
        if (filter.Survey is { } s) clauses.Add($"r.survey_id = {P(s, NpgsqlDbType.Text)}");
        if (filter.Channel is { } c) clauses.Add($"r.channel_id = {P(c, NpgsqlDbType.Text)}");
        if (filter.Language is { } l) clauses.Add($"r.language = {P(l, NpgsqlDbType.Text)}");
        if (filter.Touchpoint is { } j) clauses.Add($"r.journey = {P(j, NpgsqlDbType.Text)}");
        if (filter.HasAttribute) clauses.Add($"r.context ->> {P(filter.Attribute!, NpgsqlDbType.Text)} = {P(filter.AttributeValue!, NpgsqlDbType.Text)}");
        return string.Join(" and ", clauses);
    }
}
