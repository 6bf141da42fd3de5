using System.Text.Json;
using CxBot.Workspace.Themes;
using Npgsql;
using NpgsqlTypes;

namespace CxBot.Workspace.Pulse;

/// <summary>Reads the colleagues' pulse answers and the customers' analysed open answers for one period.</summary>
internal sealed class PulseQueries(NpgsqlDataSource dataSource, PillarMap map, TimeProvider time)
{
    public static IReadOnlyList<int> Periods { get; } = [7, 30, 90, 365];

    public const int DefaultDays = 90;

    public static int PickDays(string? days) =>
        int.TryParse(days, System.Globalization.CultureInfo.InvariantCulture, out var d) && Periods.Contains(d) ? d : DefaultDays;

    public async Task<PulseModel> LoadAsync(int days, CancellationToken cancellationToken)
    {
        // As on the overview: the period ends at the next midnight, so a reload during the day shows the same numbers.
        var to = new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        var from = to.AddDays(-days);
        var responses = await TeamAsync(from, to, cancellationToken);
        var (answers, mentions) = await CustomersAsync(from, to, cancellationToken);
        return PulseCalculator.Compute(map, days, from, to, responses, answers, mentions);
    }

    private async Task<IReadOnlyList<PulseResponse>> TeamAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        // One row per question (the store keeps the latest revision), so a changed answer counts once.
        await using var command = dataSource.CreateCommand("""
            select a.response_id, a.question_id, a.score, a.value::text
            from answers a join responses r using (response_id)
            where r.survey_id = $1 and a.event = 'answer' and a.answered_at >= $2 and a.answered_at < $3
              and (a.question_id = any($4) or a.question_id = $5)
            order by a.response_id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = map.Survey });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = map.Pillars.Select(p => p.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = map.Ranking });
        var byResponse = new Dictionary<string, (Dictionary<string, int> Ratings, List<string>? Ranking)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            if (!byResponse.TryGetValue(id, out var response)) byResponse[id] = response = ([], null);
            var question = reader.GetString(1);
            if (question == map.Ranking)
            {
                if (!reader.IsDBNull(3) && JsonSerializer.Deserialize(reader.GetString(3), PulseJson.Default.ListString) is { } ranking)
                    byResponse[id] = response with { Ranking = ranking };
            }
            else if (!reader.IsDBNull(2))
            {
                response.Ratings[question] = reader.GetInt16(2);
            }
        }

        return [.. byResponse.Values.Select(r => new PulseResponse(r.Ratings, r.Ranking))];
    }

    private async Task<(long Answers, IReadOnlyList<PillarMentions> Mentions)> CustomersAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        // Customers only: the pulse's own journey is left out. An open answer counts once it is analysed;
        // per pillar it is positive when one of the pillar's themes was positive and none negative, and so on.
        // Themes as the workspace counts them everywhere: the team's corrected labels where an answer has them.
        await using var command = dataSource.CreateCommand($"""
            with {ThemeQueries.Effective},
            map (pillar, theme) as (select * from unnest($1::text[], $2::text[])),
            open as (
                select a.response_id, a.question_id
                from answers a
                join responses r using (response_id)
                join analyses an using (response_id, question_id)
                where a.event = 'answer' and a.answered_at >= $3 and a.answered_at < $4
                  and r.survey_id <> $5 and r.journey is distinct from 'employee_pulse'),
            per as (
                select m.pillar, o.response_id, o.question_id,
                       bool_or(t.sentiment = 'positive') as pos, bool_or(t.sentiment = 'negative') as neg
                from open o
                join eff t using (response_id, question_id)
                join map m on m.theme = t.theme
                group by m.pillar, o.response_id, o.question_id)
            select null, (select count(*) from open), 0, 0
            union all
            select pillar, count(*), count(*) filter (where pos and not neg), count(*) filter (where neg and not pos)
            from per group by pillar
            """);
        var pairs = map.Pillars.SelectMany(p => p.Themes.Select(t => (p.Id, Theme: t))).ToList();
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = pairs.Select(p => p.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = pairs.Select(p => p.Theme).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        command.Parameters.Add(new NpgsqlParameter { Value = map.Survey });
        long answers = 0;
        var mentions = new List<PillarMentions>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.IsDBNull(0)) answers = reader.GetInt64(1);
            else mentions.Add(new PillarMentions(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return (answers, mentions);
    }
}
