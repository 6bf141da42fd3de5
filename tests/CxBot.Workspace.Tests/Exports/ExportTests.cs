using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;

namespace CxBot.Workspace.Tests.Exports;

/// <summary>The CSV exports of the overview's filters, read over HTTP and compared with the seeded data and the metrics API.</summary>
public sealed partial class ExportTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task The_responses_csv_holds_exactly_the_filtered_responses_with_their_scores_and_masked_text()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await app.SeedAsync("t1", "nps", 9, 2, ct, channel: "telegram", journey: "checkout", text: "Fast, and \"friendly\"\r\ncourier");
        await app.SeedAsync("t2", "nps", 3, 5, ct, channel: "telegram", journey: "checkout", language: "ru", text: "Курьер опоздал, [email] не ответил");
        await app.SeedAsync("t3", "nps", 7, 6, ct, channel: "telegram", journey: "delivery");
        await app.SeedAsync("w1", "nps", 10, 3, ct, channel: "webchat", journey: "checkout");
        await app.SeedAsync("old", "nps", 0, 45, ct, channel: "telegram", journey: "checkout");
        await ExecuteAsync(app, "update answers set original_text = 'Курьер опоздал, dana@example.com не ответил' where response_id = 't2' and question_id = 'comment'", ct);
        using var http = await app.SignedInAsync("vera", ct);

        using var response = await http.GetAsync("/workspace/export/responses.csv?days=30&channel=telegram&touchpoint=checkout", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.StartsWith("attachment; filename=\"responses-", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var rows = CsvReader.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        var header = rows[0];
        Assert.Equal("response_id,started_at,survey_id,survey_version,touchpoint,channel,language,status,nps,csat,ces,sentiment,themes,churn_risk,wants_contact,text", string.Join(',', header));
        var byId = rows.Skip(1).ToDictionary(r => r[0], r => header.Zip(r).ToDictionary(p => p.First, p => p.Second));
        Assert.Equal(["t1", "t2"], rows.Skip(1).Select(r => r[0]));
        Assert.Equal("9", byId["t1"]["nps"]);
        Assert.Equal("3", byId["t2"]["nps"]);
        Assert.Equal("checkout", byId["t2"]["touchpoint"]);
        Assert.Equal("ru", byId["t2"]["language"]);
        Assert.Equal("Fast, and \"friendly\"\r\ncourier", byId["t1"]["text"]);
        Assert.Equal("Курьер опоздал, [email] не ответил", byId["t2"]["text"]);
        Assert.DoesNotContain("dana@example.com", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(1, await app.CountAsync("""
            select count(*) from workspace_audit where user_name = 'vera' and role = 'viewer' and action = 'export.responses'
              and (after ->> 'rows')::int = 2 and after -> 'filters' ->> 'channel' = 'telegram' and after -> 'filters' ->> 'touchpoint' = 'checkout'
              and (after -> 'filters' ->> 'days')::int = 30 and (after ->> 'complete')::boolean
            """, ct));
    }

    [Fact]
    public async Task The_responses_csv_agrees_row_for_row_with_the_admin_apis_csv_including_the_analysis()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        for (var i = 0; i < 9; i++)
        {
            await app.SeedAsync($"r{i}", i % 3 == 0 ? "csat" : "nps", i % 3 == 0 ? 1 + i % 5 : i, 1 + 3 * i, ct,
                channel: i % 2 == 0 ? "telegram" : "webchat", text: i % 2 == 0 ? $"=comment {i}, with \"quotes\"" : null);
            if (i % 2 == 0)
            {
                await ExecuteAsync(app, $"""
                    insert into analyses (response_id, question_id, sentiment, sentiment_score, churn_risk, wants_contact, pii_kinds, analyzer, analyzer_version, analyzed_at)
                    values ('r{i}', 'comment', '{(i % 4 == 0 ? "negative" : "positive")}', 0.5, {(i % 4 == 0 ? "true" : "false")}, {(i == 2 ? "true" : "false")}, array[]::text[], 'embedded', '1', now());
                    insert into answer_themes (response_id, question_id, theme, sentiment, confidence) values ('r{i}', 'comment', 'delivery', 'negative', 0.9), ('r{i}', 'comment', 'courier', 'negative', 0.8);
                    """, ct);
            }
        }

        using var http = await app.SignedInAsync("vera", ct);
        using var api = new HttpClient { BaseAddress = app.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WorkspaceApp.ApiKey);

        var ours = await CsvAsync(http, "/workspace/export/responses.csv?days=30", ct);
        var from = DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1).AddDays(-30);
        // The admin API ends lines with the platform's newline; its fields here hold no line breaks.
        var theirs = CsvReader.Parse((await api.GetStringAsync($"/api/admin/responses.csv?from={from:yyyy-MM-dd}T00:00:00Z", ct)).ReplaceLineEndings("\r\n"));

        Assert.Equal(10, ours.Count);
        Assert.Equal(ours.Count, theirs.Count);
        var ourColumns = ours[0].Select((name, index) => (name, index)).ToDictionary(c => c.name == "channel" ? "channel" : c.name, c => c.index);
        var theirColumns = theirs[0].Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index);
        foreach (var (mine, other) in ours.Skip(1).Zip(theirs.Skip(1)))
        {
            foreach (var column in theirColumns.Keys.Where(c => c != "started_at"))
            {
                Assert.Equal(other[theirColumns[column]], mine[ourColumns[column]]);
            }

            Assert.Equal(DateTimeOffset.Parse(other[theirColumns["started_at"]], CultureInfo.InvariantCulture).ToUnixTimeSeconds(),
                DateTimeOffset.Parse(mine[ourColumns["started_at"]], CultureInfo.InvariantCulture).ToUnixTimeSeconds());
        }

        var r0 = ours.Single(r => r[0] == "r0");
        Assert.Equal(["negative", "courier;delivery", "true", "false"], [r0[11], r0[12], r0[13], r0[14]]);
        Assert.Equal("true", ours.Single(r => r[0] == "r2")[14]);
    }

    [Fact]
    public async Task Cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised_and_negative_scores_stay_numbers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        string[] hostile = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1+1"];
        for (var i = 0; i < hostile.Length; i++)
        {
            await app.SeedAsync($"h{i}", "nps", 1, 1 + i, ct, text: hostile[i]);
        }

        await app.SeedAsync("safe", "nps", 2, 8, ct, survey: "=survey", text: "a = b");
        using var http = await app.SignedInAsync("vera", ct);

        var rows = await CsvAsync(http, "/workspace/export/responses.csv?days=30", ct);
        var metrics = await CsvAsync(http, "/workspace/export/metrics.csv?days=30", ct);

        var text = rows.Skip(1).ToDictionary(r => r[0], r => r[^1]);
        for (var i = 0; i < hostile.Length; i++)
        {
            Assert.Equal("'" + hostile[i], text[$"h{i}"]);
        }

        Assert.Equal("a = b", text["safe"]);
        Assert.Equal("'=survey", rows.Single(r => r[0] == "safe")[2]);
        var nps = metrics.Single(r => r[0] == "nps" && r[1] == "period");
        Assert.StartsWith("-", nps[5], StringComparison.Ordinal);
        Assert.True(double.Parse(nps[5], CultureInfo.InvariantCulture) < 0);
    }

    [Fact]
    public async Task The_metrics_csv_equals_the_metrics_api_for_the_period_and_each_week_with_the_filters_applied()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        int[] nps = [10, 9, 9, 8, 7, 6, 3, 10, 0, 9, 5, 10, 4, 9];
        for (var i = 0; i < nps.Length; i++)
        {
            var channel = i % 3 == 0 ? "webchat" : "telegram";
            await app.SeedAsync($"n{i}", "nps", nps[i], 1 + 4 * i, ct, channel: channel);
            await app.SeedAsync($"c{i}", "csat", 1 + i % 5, 2 + 4 * i, ct, channel: channel);
            await app.SeedAsync($"e{i}", "ces", 1 + i % 7, 3 + 4 * i, ct, channel: channel);
        }

        using var http = await app.SignedInAsync("vera", ct);
        using var api = new HttpClient { BaseAddress = app.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WorkspaceApp.ApiKey);

        var rows = await CsvAsync(http, "/workspace/export/metrics.csv?days=90&channel=telegram", ct);

        Assert.Equal("metric,scope,from,to,n,value,low,high", string.Join(',', rows[0]));
        var period = rows.Single(r => r[0] == "nps" && r[1] == "period");
        var (from, to) = (period[2], period[3]);
        var checkedRows = 0;
        foreach (var metric in new[] { "nps", "csat", "ces" })
        {
            var filter = $"from={from}&to={to}&channel=telegram";
            using var whole = JsonDocument.Parse(await api.GetStringAsync($"/api/admin/metrics/{metric}?{filter}", ct));
            var expected = whole.RootElement.GetProperty("rows").EnumerateArray().Single();
            AssertRow(expected, rows.Single(r => r[0] == metric && r[1] == "period"));
            checkedRows++;

            using var weekly = JsonDocument.Parse(await api.GetStringAsync($"/api/admin/metrics/{metric}?{filter}&by=week", ct));
            var weeks = weekly.RootElement.GetProperty("rows").EnumerateArray().ToList();
            var csvWeeks = rows.Where(r => r[0] == metric && r[1] == "week").ToList();
            Assert.Equal(weeks.Count, csvWeeks.Count);
            Assert.True(weeks.Count >= 5, $"{metric}: {weeks.Count} weeks");
            foreach (var (week, csv) in weeks.Zip(csvWeeks))
            {
                AssertRow(week, csv);
                checkedRows++;
            }
        }

        // Only telegram's answers are counted: webchat's would raise n.
        Assert.Equal(nps.Where((_, i) => i % 3 != 0).Count(), long.Parse(period[4], CultureInfo.InvariantCulture));
        Assert.Equal(rows.Count - 1, checkedRows);
        Assert.Equal(1, await app.CountAsync(
            $"select count(*) from workspace_audit where action = 'export.metrics' and (after ->> 'rows')::int = {checkedRows} and after -> 'filters' ->> 'channel' = 'telegram'", ct));
    }

    [Fact]
    public async Task The_overview_links_to_both_exports_with_its_current_filters()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await app.SeedAsync("a", "nps", 9, 1, ct, channel: "telegram", language: "ru", journey: "check out&pay");
        using var http = await app.SignedInAsync("vera", ct);

        var html = await http.GetStringAsync("/workspace?days=30&channel=telegram&language=ru&touchpoint=check%20out%26pay&lang=pl", ct);

        var links = ExportLink().Matches(html).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        Assert.Equal("/workspace/export/responses.csv?days=30&channel=telegram&language=ru&touchpoint=check%20out%26pay", links["responses"]);
        Assert.Equal("/workspace/export/metrics.csv?days=30&channel=telegram&language=ru&touchpoint=check%20out%26pay", links["metrics"]);
        Assert.Contains("Eksportuj odpowiedzi (CSV)", html, StringComparison.Ordinal);
        var rows = await CsvAsync(http, links["responses"], ct);
        Assert.Equal("a", Assert.Single(rows.Skip(1))[0]);
    }

    [Fact]
    public async Task Exports_are_streamed_rather_than_sent_with_a_precomputed_length()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await app.SeedAsync("a", "nps", 9, 1, ct);
        using var http = await app.SignedInAsync("vera", ct);

        foreach (var path in new[] { "/workspace/export/responses.csv", "/workspace/export/metrics.csv" })
        {
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(response.Content.Headers.ContentLength);
            Assert.True(response.Headers.TransferEncodingChunked, path);
            Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        }
    }

    private static void AssertRow(JsonElement expected, string[] csv)
    {
        var score = expected.GetProperty("score");
        Assert.Equal(expected.GetProperty("n").GetInt64(), long.Parse(csv[4], CultureInfo.InvariantCulture));
        Assert.Equal(Number(score.GetProperty("value")), Number(csv[5]));
        Assert.Equal(Number(score.GetProperty("low")), Number(csv[6]));
        Assert.Equal(Number(score.GetProperty("high")), Number(csv[7]));
        if (expected.GetProperty("bucket").ValueKind == JsonValueKind.String)
        {
            var bucket = expected.GetProperty("bucket").GetDateTimeOffset();
            var from = DateTimeOffset.Parse(csv[2], CultureInfo.InvariantCulture);
            Assert.True(from == bucket || from > bucket && from < bucket.AddDays(7), $"{csv[2]} is in the week of {bucket:O}");
        }
    }

    private static double? Number(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDouble();

    private static double? Number(string s) => s.Length == 0 ? null : double.Parse(s, CultureInfo.InvariantCulture);

    private static async Task<List<string[]>> CsvAsync(HttpClient http, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        return CsvReader.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
    }

    private static async Task ExecuteAsync(WorkspaceApp app, string sql, CancellationToken ct)
    {
        await using var command = app.Data.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(ct);
    }

    [GeneratedRegex("<a class=\"export\" data-export=\"(\\w+)\" href=\"([^\"]+)\"")]
    private static partial Regex ExportLink();
}
