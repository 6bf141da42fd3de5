using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace CxBot.Responses.Query;

/// <summary>
/// Filters for the responses list. <see cref="ScoreBand"/>: detractor, passive, promoter (NPS) or
/// dissatisfied (CSAT 1-3), satisfied (CSAT 4-5). <see cref="Search"/>: words over the masked open text
/// (PostgreSQL full-text search, web-search syntax: quotes, "or", "-word"). <see cref="Journey"/>: the touchpoint.
/// <see cref="ContextKey"/> and <see cref="ContextValue"/>: one invitation context attribute, applied only as a pair,
/// as the metrics apply it.
/// </summary>
public sealed record ResponseFilter(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Survey = null,
    string? Channel = null,
    string? Language = null,
    string? ScoreBand = null,
    string? Theme = null,
    string? Sentiment = null,
    bool? ChurnRisk = null,
    bool? WantsContact = null,
    string? Search = null,
    string? Journey = null,
    string? ContextKey = null,
    string? ContextValue = null);

public sealed record ResponseSummary(
    string ResponseId,
    string SurveyId,
    int SurveyVersion,
    string ChannelId,
    string Language,
    string Status,
    DateTimeOffset StartedAt,
    int? Nps,
    int? Csat,
    int? Ces,
    string? Text,
    string? Sentiment,
    IReadOnlyList<string> Themes,
    bool ChurnRisk,
    bool WantsContact,
    IReadOnlyDictionary<string, string>? Context);

public sealed record ResponsePage(IReadOnlyList<ResponseSummary> Items, string? NextCursor);

/// <summary>
/// Lists responses newest first with keyset paging: the cursor is the last row's (started_at,
/// response_id), so pages stay stable while new responses arrive and deep pages cost no OFFSET scan.
/// </summary>
public sealed class ResponseQueries(NpgsqlDataSource dataSource)
{
    private static readonly string[] SearchConfigs = ["english", "russian", "cx_romanian", "cx_polish"];

    public async Task<ResponsePage> ListAsync(ResponseFilter filter, string? cursor, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var items = new List<ResponseSummary>(limit);
        await foreach (var item in QueryAsync(filter, cursor, limit + 1, cancellationToken))
        {
            items.Add(item);
        }

        string? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(limit);
            next = EncodeCursor(items[^1]);
        }

        return new ResponsePage(items, next);
    }

    /// <summary>Every matching response, newest first, streamed (for CSV export).</summary>
    public async IAsyncEnumerable<ResponseSummary> QueryAsync(
        ResponseFilter filter, string? cursor, int? limit, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parameters = new List<NpgsqlParameter>();
        var clauses = new List<string> { "true" };
        string P(object value, NpgsqlDbType type) => Metrics.MetricsQueries.Add(parameters, value, type);
        if (filter.From is { } from) clauses.Add($"r.started_at >= {P(from.UtcDateTime, NpgsqlDbType.TimestampTz)}");
        if (filter.To is { } to) clauses.Add($"r.started_at < {P(to.UtcDateTime, NpgsqlDbType.TimestampTz)}");
        if (filter.Survey is { } s) clauses.Add($"r.survey_id = {P(s, NpgsqlDbType.Text)}");
        if (filter.Channel is { } c) clauses.Add($"r.channel_id = {P(c, NpgsqlDbType.Text)}");
        if (filter.Language is { } l) clauses.Add($"r.language = {P(l, NpgsqlDbType.Text)}");
        if (filter.Journey is { } j) clauses.Add($"r.journey = {P(j, NpgsqlDbType.Text)}");
        if (filter.ContextKey is { } key && filter.ContextValue is { } value)
        {
            clauses.Add($"r.context ->> {P(key, NpgsqlDbType.Text)} = {P(value, NpgsqlDbType.Text)}");
        }

        if (filter.ScoreBand is { } band)
        {
            var (type, low, high) = Band(band);
            clauses.Add($"exists (select 1 from answers x where x.response_id = r.response_id and x.event = 'answer' and x.question_type = '{type}' and x.score between {low} and {high})");
        }

        if (filter.Theme is { } theme) clauses.Add($"exists (select 1 from answer_themes t where t.response_id = r.response_id and t.theme = {P(theme, NpgsqlDbType.Text)})");
        if (filter.Sentiment is { } sentiment) clauses.Add($"exists (select 1 from analyses n where n.response_id = r.response_id and n.sentiment = {P(sentiment.ToLowerInvariant(), NpgsqlDbType.Text)})");
        if (filter.ChurnRisk is { } churn) clauses.Add($"{(churn ? "" : "not ")}exists (select 1 from analyses n where n.response_id = r.response_id and n.churn_risk)");
        if (filter.WantsContact is { } contact) clauses.Add($"{(contact ? "" : "not ")}exists (select 1 from analyses n where n.response_id = r.response_id and n.wants_contact)");
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var text = P(filter.Search, NpgsqlDbType.Text);
            var configs = filter.Language is { } lang ? [SearchConfig(lang)] : SearchConfigs;
            var query = string.Join(" || ", configs.Select(cfg => $"websearch_to_tsquery('{cfg}', {text})"));
            clauses.Add($"exists (select 1 from answers x where x.response_id = r.response_id and x.search @@ ({query}))");
        }

        if (cursor is not null)
        {
            var (at, id) = DecodeCursor(cursor);
            clauses.Add($"(r.started_at, r.response_id) < ({P(at.UtcDateTime, NpgsqlDbType.TimestampTz)}, {P(id, NpgsqlDbType.Text)})");
        }

        var sql = $"""
            select r.response_id, r.survey_id, r.survey_version, r.channel_id, r.language, r.status, r.started_at,
                   (select x.score from answers x where x.response_id = r.response_id and x.question_type = 'nps' and x.event = 'answer' order by x.question_id limit 1),
                   (select x.score from answers x where x.response_id = r.response_id and x.question_type = 'csat' and x.event = 'answer' order by x.question_id limit 1),
                   (select x.score from answers x where x.response_id = r.response_id and x.question_type = 'ces' and x.event = 'answer' order by x.question_id limit 1),
                   (select string_agg(x.masked_text, ' | ' order by x.question_id) from answers x where x.response_id = r.response_id and x.masked_text is not null),
                   (select n.sentiment from analyses n where n.response_id = r.response_id order by n.question_id limit 1),
                   array(select distinct t.theme from answer_themes t where t.response_id = r.response_id order by t.theme),
                   exists (select 1 from analyses n where n.response_id = r.response_id and n.churn_risk),
                   exists (select 1 from analyses n where n.response_id = r.response_id and n.wants_contact),
                   r.context::text
            from responses r
            where {string.Join(" and ", clauses)}
            order by r.started_at desc, r.response_id desc
            {(limit is { } n ? "limit " + n.ToString(CultureInfo.InvariantCulture) : "")}
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            int? Score(int i) => reader.IsDBNull(i) ? null : reader.GetInt16(i);
            var context = System.Text.Json.JsonSerializer.Deserialize(reader.GetString(15), ResponsesJson.Default.DictionaryStringString);
            yield return new ResponseSummary(
                reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero), Score(7), Score(8), Score(9),
                reader.IsDBNull(10) ? null : reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.GetFieldValue<string[]>(12), reader.GetBoolean(13), reader.GetBoolean(14),
                context is { Count: > 0 } ? context : null);
        }
    }

    /// <summary>Writes the matching responses as CSV (RFC 4180, UTF-8), newest first.</summary>
    public async Task WriteCsvAsync(ResponseFilter filter, TextWriter writer, CancellationToken cancellationToken)
    {
        await writer.WriteLineAsync("response_id,survey_id,survey_version,channel,language,status,started_at,nps,csat,ces,sentiment,themes,churn_risk,wants_contact,text");
        await foreach (var r in QueryAsync(filter, null, null, cancellationToken))
        {
            var line = string.Join(',',
                Csv(r.ResponseId), Csv(r.SurveyId), r.SurveyVersion.ToString(CultureInfo.InvariantCulture), Csv(r.ChannelId), Csv(r.Language), Csv(r.Status),
                r.StartedAt.ToString("O", CultureInfo.InvariantCulture), Number(r.Nps), Number(r.Csat), Number(r.Ces), Csv(r.Sentiment),
                Csv(string.Join(';', r.Themes)), r.ChurnRisk ? "true" : "false", r.WantsContact ? "true" : "false", Csv(r.Text));
            await writer.WriteLineAsync(line.AsMemory(), cancellationToken);
        }
    }

    internal static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";

        // A leading =, +, - or @ makes spreadsheets evaluate a cell: customer text must never run as a formula.
        var text = value[0] is '=' or '+' or '-' or '@' ? "'" + value : value;
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || text != value ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    internal static string EncodeCursor(ResponseSummary last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(last.StartedAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "|" + last.ResponseId))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static (DateTimeOffset At, string Id) DecodeCursor(string cursor)
    {
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return (new DateTimeOffset(long.Parse(text.AsSpan(0, bar), CultureInfo.InvariantCulture), TimeSpan.Zero), text[(bar + 1)..]);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new ArgumentException("The cursor is not one this API returned.", nameof(cursor), e);
        }
    }

    internal static string SearchConfig(string language) => language switch
    {
        "en" => "english",
        "ru" => "russian",
        "ro" => "cx_romanian",
        "pl" => "cx_polish",
        _ => "simple",
    };

    private static (string Type, int Low, int High) Band(string band) => band.ToLowerInvariant() switch
    {
        "detractor" => ("nps", 0, 6),
        "passive" => ("nps", 7, 8),
        "promoter" => ("nps", 9, 10),
        "dissatisfied" => ("csat", 1, 3),
        "satisfied" => ("csat", 4, 5),
        _ => throw new ArgumentException($"score band must be detractor, passive, promoter, dissatisfied or satisfied, not '{band}'."),
    };

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
