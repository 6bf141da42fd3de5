using CxBot.Responses.Metrics;
using CxBot.Workspace.Pages;
using Npgsql;
using NpgsqlTypes;

namespace CxBot.Workspace.Exports;

/// <summary>The overview's filters turned into a period and written out as CSV, row by row as the database yields them.</summary>
internal sealed class ExportQueries(NpgsqlDataSource dataSource, MetricsQueries metrics, TimeProvider time)
{
    public const string ResponsesHeader = "response_id,started_at,survey_id,survey_version,touchpoint,channel,language,status,nps,csat,ces,sentiment,themes,churn_risk,wants_contact,text";
    public const string MetricsHeader = "metric,scope,from,to,n,value,low,high";

    /// <summary>The same period the overview shows for these filters: whole UTC days ending at the next midnight.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Period(OverviewFilter filter)
    {
        var to = new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        return (to.AddDays(-filter.Days), to);
    }

    /// <summary>
    /// Every response started in the period that matches the filters, newest first. Only the masked text (PII already
    /// redacted by the pipeline) leaves the database. Returns the number of rows written.
    /// </summary>
    public async Task<long> WriteResponsesAsync(OverviewFilter filter, DateTimeOffset from, DateTimeOffset to, TextWriter writer, CancellationToken cancellationToken)
    {
        var parameters = new List<NpgsqlParameter>();
        string P(object value, NpgsqlDbType type)
        {
            parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = value });
            return "$" + parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var clauses = new List<string>
        {
            $"r.started_at >= {P(from.UtcDateTime, NpgsqlDbType.TimestampTz)}",
            $"r.started_at < {P(to.UtcDateTime, NpgsqlDbType.TimestampTz)}",
        };
        if (filter.Survey is { } s) clauses.Add($"r.survey_id = {P(s, NpgsqlDbType.Text)}");
        if (filter.Channel is { } c) clauses.Add($"r.channel_id = {P(c, NpgsqlDbType.Text)}");
        if (filter.Language is { } l) clauses.Add($"r.language = {P(l, NpgsqlDbType.Text)}");
        if (filter.Touchpoint is { } j) clauses.Add($"r.journey = {P(j, NpgsqlDbType.Text)}");
        var sql = $"""
            select r.response_id, r.started_at, r.survey_id, r.survey_version, r.journey, r.channel_id, r.language, r.status,
                   (select x.score from answers x where x.response_id = r.response_id and x.question_type = 'nps' and x.event = 'answer' order by x.question_id limit 1),
                   (select x.score from answers x where x.response_id = r.response_id and x.question_type = 'csat' and x.event = 'answer' order by x.question_id limit 1),
                   (select x.score from answers x where x.response_id = r.response_id and x.question_type = 'ces' and x.event = 'answer' order by x.question_id limit 1),
                   (select n.sentiment from analyses n where n.response_id = r.response_id order by n.question_id limit 1),
                   array(select distinct t.theme from answer_themes t where t.response_id = r.response_id order by t.theme),
                   exists (select 1 from analyses n where n.response_id = r.response_id and n.churn_risk),
                   exists (select 1 from analyses n where n.response_id = r.response_id and n.wants_contact),
                   (select string_agg(x.masked_text, ' | ' order by x.question_id) from answers x where x.response_id = r.response_id and x.masked_text is not null)
            from responses r
            where {string.Join(" and ", clauses)}
            order by r.started_at desc, r.response_id desc
            """;
        await writer.WriteAsync(Csv.Line(ResponsesHeader).AsMemory(), cancellationToken);
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            string Text(int i) => reader.IsDBNull(i) ? "" : Csv.Text(reader.GetString(i));
            string Score(int i) => reader.IsDBNull(i) ? "" : Csv.Number((long)reader.GetInt16(i));
            await writer.WriteAsync(Csv.Line(
                Text(0), Csv.Time(new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero)), Text(2), Csv.Number((long)reader.GetInt32(3)), Text(4), Text(5), Text(6), Text(7),
                Score(8), Score(9), Score(10), Text(11), Csv.Text(string.Join(';', reader.GetFieldValue<string[]>(12))),
                reader.GetBoolean(13) ? "true" : "false", reader.GetBoolean(14) ? "true" : "false", Text(15)).AsMemory(), cancellationToken);
            rows++;
        }

        return rows;
    }

    /// <summary>
    /// NPS, CSAT and CES over the whole period and by week, each with its 95% interval and n: the same queries the
    /// overview and the metrics API run. Returns the number of rows written.
    /// </summary>
    public async Task<long> WriteMetricsAsync(OverviewFilter filter, DateTimeOffset from, DateTimeOffset to, TextWriter writer, CancellationToken cancellationToken)
    {
        var metricFilter = filter.ToMetricFilter(from, to);
        await writer.WriteAsync(Csv.Line(MetricsHeader).AsMemory(), cancellationToken);
        long rows = 0;
        foreach (var kind in new[] { MetricKind.Nps, MetricKind.Csat, MetricKind.Ces })
        {
            var name = kind.ToString().ToLowerInvariant();
            foreach (var row in await metrics.QueryAsync(kind, metricFilter, null, null, cancellationToken))
            {
                await writer.WriteAsync(Line(name, "period", from, to, row).AsMemory(), cancellationToken);
                rows++;
            }

            foreach (var row in (await metrics.QueryAsync(kind, metricFilter, "week", null, cancellationToken)).Where(r => r.Bucket is not null).OrderBy(r => r.Bucket))
            {
                // A week that began before the period holds only the period's days: its "from" says so.
                var start = row.Bucket!.Value < from ? from : row.Bucket.Value;
                var end = row.Bucket.Value.AddDays(7) > to ? to : row.Bucket.Value.AddDays(7);
                await writer.WriteAsync(Line(name, "week", start, end, row).AsMemory(), cancellationToken);
                rows++;
            }
        }

        return rows;
    }

    private static string Line(string metric, string scope, DateTimeOffset from, DateTimeOffset to, MetricRow row) =>
        Csv.Line(metric, scope, Csv.Time(from), Csv.Time(to), Csv.Number(row.N), Csv.Number(row.Score.Value), Csv.Number(row.Score.Low), Csv.Number(row.Score.High));
}
