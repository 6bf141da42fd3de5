using Npgsql;
using NpgsqlTypes;

namespace CxBot.Responses.Metrics;

public enum MetricKind { Nps, Csat, Ces }

/// <summary>Which answers a metric counts: a period [From, To) and optional filters.</summary>
public sealed record MetricFilter(
    DateTimeOffset From,
    DateTimeOffset To,
    string? Survey = null,
    string? Question = null,
    string? Channel = null,
    string? Language = null,
    string? Journey = null,
    string? ContextKey = null,
    string? ContextValue = null);

/// <summary>
/// One cell of a metric: a time bucket (null without <c>by</c>) and a slice value (null without <c>slice</c>).
/// NPS: <see cref="Score"/> is the NPS, <see cref="Share"/> the % promoters. CSAT: Score is the % of 4-5,
/// Mean the mean. CES: Score is the mean, Share the % of 5-7.
/// </summary>
public sealed record MetricRow(DateTimeOffset? Bucket, string? Slice, long N, Estimate Score, Estimate? Share, Estimate? Mean);

public sealed record MetricDifference(string? Slice, Difference Score);

public sealed record QuestionFunnel(string QuestionId, long Answered, long Skipped, Estimate AnswerRate, long DroppedHere);

public sealed record ResponseFunnel(long Started, long Completed, Estimate CompletionRate, IReadOnlyList<QuestionFunnel> Questions);

public sealed record ThemeRow(DateTimeOffset? Bucket, string? Slice, string Theme, long Mentions, long Positive, long Negative, long Neutral, Estimate NegativeShare);

/// <summary>Metrics over the stored answers: SQL aggregates per bucket and slice, statistics in <see cref="Statistics"/>.</summary>
public sealed class MetricsQueries(NpgsqlDataSource dataSource)
{
    /// <summary>The slices a metric can be cut by; <c>context.NAME</c> slices by an invitation context attribute.</summary>
    public static IReadOnlyList<string> Slices { get; } = ["survey", "question", "channel", "language", "journey", "context.<name>"];

    public async Task<IReadOnlyList<MetricRow>> QueryAsync(MetricKind kind, MetricFilter filter, string? by, string? slice, CancellationToken cancellationToken)
    {
        var (sql, parameters) = Build(kind, filter, by, slice);
        var rows = new List<MetricRow>();
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            DateTimeOffset? bucket = reader.IsDBNull(0) ? null : new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero);
            var sliceValue = reader.IsDBNull(1) ? null : reader.GetString(1);
            rows.Add(ToRow(kind, bucket, sliceValue, Counts.Read(reader, 2)));
        }

        return rows;
    }

    /// <summary>The metric in period B minus period A, per slice, with significance.</summary>
    public async Task<IReadOnlyList<MetricDifference>> CompareAsync(MetricKind kind, MetricFilter a, MetricFilter b, string? slice, CancellationToken cancellationToken)
    {
        var inA = (await QueryCountsAsync(kind, a, slice, cancellationToken)).ToDictionary(r => r.Slice ?? "", r => r.Counts);
        var inB = (await QueryCountsAsync(kind, b, slice, cancellationToken)).ToDictionary(r => r.Slice ?? "", r => r.Counts);
        var result = new List<MetricDifference>();
        foreach (var key in inA.Keys.Union(inB.Keys).Order(StringComparer.Ordinal))
        {
            var ca = inA.GetValueOrDefault(key) ?? Counts.Zero;
            var cb = inB.GetValueOrDefault(key) ?? Counts.Zero;
            var difference = kind switch
            {
                MetricKind.Nps => Statistics.NpsDifference(ca.N, ca.AtLeast9, ca.AtMost6, cb.N, cb.AtLeast9, cb.AtMost6),
                MetricKind.Csat => Statistics.ProportionDifference(ca.N, ca.AtLeast4, cb.N, cb.AtLeast4),
                _ => Statistics.MeanDifference(ca.N, ca.Sum, ca.Squares, cb.N, cb.Sum, cb.Squares, 1, 7),
            };
            result.Add(new MetricDifference(slice is null ? null : key, difference));
        }

        return result;
    }

    /// <summary>
    /// Responses started in the period, how many completed, and per question how many answered or
    /// skipped it (partial responses count) and how many unfinished responses stopped there.
    /// </summary>
    public async Task<ResponseFunnel> FunnelAsync(MetricFilter filter, CancellationToken cancellationToken)
    {
        var parameters = new List<NpgsqlParameter>();
        var where = ResponseWhere(filter, parameters, "r.started_at");
        var sql = $"""
            with r as (select r.response_id, r.status from responses r where {where}),
            last as (
                select distinct on (a.response_id) a.response_id, a.question_id
                from answers a join r on r.response_id = a.response_id
                where r.status <> 'complete'
                order by a.response_id, a.answered_at desc, a.question_id),
            per as (
                select a.question_id,
                       count(*) filter (where a.event = 'answer') as answered,
                       count(*) filter (where a.event = 'skip') as skipped
                from answers a join r on r.response_id = a.response_id
                group by a.question_id)
            select (select count(*) from r), (select count(*) from r where status = 'complete'),
                   per.question_id, per.answered, per.skipped,
                   (select count(*) from last where last.question_id = per.question_id)
            from (select 1) one left join per on true
            order by per.question_id
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long started = 0, completed = 0;
        var questions = new List<QuestionFunnel>();
        while (await reader.ReadAsync(cancellationToken))
        {
            started = reader.GetInt64(0);
            completed = reader.GetInt64(1);
            if (!reader.IsDBNull(2))
            {
                var answered = reader.GetInt64(3);
                questions.Add(new QuestionFunnel(reader.GetString(2), answered, reader.GetInt64(4),
                    Statistics.Proportion(started, Math.Min(started, answered)), reader.GetInt64(5)));
            }
        }

        return new ResponseFunnel(started, completed, Statistics.Proportion(started, completed), questions);
    }

    /// <summary>How often each theme is mentioned, and with what sentiment, per bucket and slice.</summary>
    public async Task<IReadOnlyList<ThemeRow>> ThemesAsync(MetricFilter filter, string? by, string? slice, CancellationToken cancellationToken)
    {
        var parameters = new List<NpgsqlParameter>();
        var where = AnswerWhere(filter, parameters);
        var bucket = Bucket(by);
        var sliceSql = Slice(slice, parameters);
        var sql = $"""
            select {bucket}, {sliceSql}, t.theme, count(*),
                   count(*) filter (where t.sentiment = 'positive'),
                   count(*) filter (where t.sentiment = 'negative'),
                   count(*) filter (where t.sentiment = 'neutral')
            from answer_themes t
            join answers a on a.response_id = t.response_id and a.question_id = t.question_id
            join responses r on r.response_id = a.response_id
            where {where}
            group by 1, 2, 3 order by 1, 2, 4 desc, 3
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ThemeRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var n = reader.GetInt64(3);
            var negative = reader.GetInt64(5);
            rows.Add(new ThemeRow(
                reader.IsDBNull(0) ? null : new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetString(2), n, reader.GetInt64(4), negative, reader.GetInt64(6), Statistics.Proportion(n, negative)));
        }

        return rows;
    }

    internal static MetricRow ToRow(MetricKind kind, DateTimeOffset? bucket, string? slice, Counts c) => kind switch
    {
        MetricKind.Nps => new MetricRow(bucket, slice, c.N, Statistics.Nps(c.N, c.AtLeast9, c.AtMost6), Statistics.Proportion(c.N, c.AtLeast9), null),
        MetricKind.Csat => new MetricRow(bucket, slice, c.N, Statistics.Proportion(c.N, c.AtLeast4), null, Statistics.Mean(c.N, c.Sum, c.Squares, 1, 5)),
        _ => new MetricRow(bucket, slice, c.N, Statistics.Mean(c.N, c.Sum, c.Squares, 1, 7), Statistics.Proportion(c.N, c.AtLeast5), null),
    };

    private async Task<List<(string? Slice, Counts Counts)>> QueryCountsAsync(MetricKind kind, MetricFilter filter, string? slice, CancellationToken cancellationToken)
    {
        var (sql, parameters) = Build(kind, filter, null, slice);
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(string?, Counts)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.IsDBNull(1) ? null : reader.GetString(1), Counts.Read(reader, 2)));
        }

        return rows;
    }

    private static (string Sql, List<NpgsqlParameter> Parameters) Build(MetricKind kind, MetricFilter filter, string? by, string? slice)
    {
        var parameters = new List<NpgsqlParameter>
        {
            new() { NpgsqlDbType = NpgsqlDbType.Text, Value = kind.ToString().ToLowerInvariant() },
        };
        var where = "a.question_type = $1 and a.score is not null and " + AnswerWhere(filter, parameters);
        var sliceSql = Slice(slice, parameters);
        var sql = $"""
            select {Bucket(by)}, {sliceSql}, count(*),
                   count(*) filter (where a.score >= 9), count(*) filter (where a.score <= 6),
                   count(*) filter (where a.score >= 4), count(*) filter (where a.score >= 5),
                   coalesce(sum(a.score), 0)::float8, coalesce(sum(a.score::int * a.score::int), 0)::float8
            from answers a join responses r on r.response_id = a.response_id
            where {where}
            group by 1, 2 order by 1, 2
            """;
        return (sql, parameters);
    }

    private static string AnswerWhere(MetricFilter filter, List<NpgsqlParameter> parameters)
    {
        var clauses = new List<string> { "a.event = 'answer'" };
        clauses.Add($"a.answered_at >= {Add(parameters, filter.From.UtcDateTime, NpgsqlDbType.TimestampTz)}");
        clauses.Add($"a.answered_at < {Add(parameters, filter.To.UtcDateTime, NpgsqlDbType.TimestampTz)}");
        if (filter.Question is { } q) clauses.Add($"a.question_id = {Add(parameters, q, NpgsqlDbType.Text)}");
        CommonFilters(filter, parameters, clauses);
        return string.Join(" and ", clauses);
    }

    internal static string ResponseWhere(MetricFilter filter, List<NpgsqlParameter> parameters, string timeColumn)
    {
        var clauses = new List<string>
        {
            $"{timeColumn} >= {Add(parameters, filter.From.UtcDateTime, NpgsqlDbType.TimestampTz)}",
            $"{timeColumn} < {Add(parameters, filter.To.UtcDateTime, NpgsqlDbType.TimestampTz)}",
        };
        CommonFilters(filter, parameters, clauses);
        return string.Join(" and ", clauses);
    }

    private static void CommonFilters(MetricFilter filter, List<NpgsqlParameter> parameters, List<string> clauses)
    {
        if (filter.Survey is { } s) clauses.Add($"r.survey_id = {Add(parameters, s, NpgsqlDbType.Text)}");
        if (filter.Channel is { } c) clauses.Add($"r.channel_id = {Add(parameters, c, NpgsqlDbType.Text)}");
        if (filter.Language is { } l) clauses.Add($"r.language = {Add(parameters, l, NpgsqlDbType.Text)}");
        if (filter.Journey is { } j) clauses.Add($"r.journey = {Add(parameters, j, NpgsqlDbType.Text)}");
        if (filter.ContextKey is { } key && filter.ContextValue is { } value)
        {
            clauses.Add($"r.context ->> {Add(parameters, key, NpgsqlDbType.Text)} = {Add(parameters, value, NpgsqlDbType.Text)}");
        }
    }

    internal static string Bucket(string? by) => by switch
    {
        null or "" or "all" => "null::timestamp",
        "day" or "week" or "month" => $"date_trunc('{by}', a.answered_at, 'UTC')",
        _ => throw new ArgumentException($"by must be day, week or month, not '{by}'.", nameof(by)),
    };

    internal static string Slice(string? slice, List<NpgsqlParameter> parameters) => slice switch
    {
        null or "" => "null::text",
        "survey" => "r.survey_id",
        "question" => "a.question_id",
        "channel" => "r.channel_id",
        "language" => "r.language",
        "journey" => "r.journey",
        _ when slice.StartsWith("context.", StringComparison.Ordinal) && slice.Length > "context.".Length =>
            $"r.context ->> {Add(parameters, slice["context.".Length..], NpgsqlDbType.Text)}",
        _ => throw new ArgumentException($"slice must be one of {string.Join(", ", Slices)}, not '{slice}'.", nameof(slice)),
    };

    internal static string Add(List<NpgsqlParameter> parameters, object value, NpgsqlDbType type)
    {
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = value });
        return "$" + parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>The sufficient statistics of one cell: counts by threshold, sum and sum of squares.</summary>
internal sealed record Counts(long N, long AtLeast9, long AtMost6, long AtLeast4, long AtLeast5, double Sum, double Squares)
{
    public static Counts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0);

    public static Counts Read(NpgsqlDataReader reader, int first) => new(
        reader.GetInt64(first), reader.GetInt64(first + 1), reader.GetInt64(first + 2), reader.GetInt64(first + 3),
        reader.GetInt64(first + 4), reader.GetDouble(first + 5), reader.GetDouble(first + 6));
}
