using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CxBot.Testing;
using CxBot.Workspace.Tests.Exports;
using CxBot.Workspace.Tests.Infrastructure;
using CxBot.Workspace.Tests.Themes;

namespace CxBot.Workspace.Tests.Pages;

/// <summary>The context attribute filter (<c>attr</c>, <c>value</c>) on the overview, the theme explorer and the exports.</summary>
public sealed partial class AttributeFilterTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task Numbers_with_an_attribute_filter_equal_the_metrics_api_with_the_same_context_filter()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        int[] nps = [10, 9, 2, 8, 7, 6, 3, 10, 0, 9, 5, 10, 1, 4];
        for (var i = 0; i < nps.Length; i++)
        {
            var context = $$"""{"plan": "{{(i % 3 == 0 ? "gold" : "silver")}}", "product": "{{(i % 2 == 0 ? "router" : "modem")}}"}""";
            await app.SeedAsync($"n{i}", "nps", nps[i], 1 + 3 * i, ct);
            await ContextAsync(app, $"n{i}", context, ct);
            await app.SeedAsync($"c{i}", "csat", 1 + i % 5, 2 + 3 * i, ct);
            await ContextAsync(app, $"c{i}", context, ct);
        }

        using var http = await app.SignedInAsync("vera", ct);
        using var api = Api(app);
        foreach (var (attr, value) in new[] { ("plan", "gold"), ("plan", "silver"), ("product", "router") })
        {
            var html = await http.GetStringAsync($"/workspace?days=90&attr={attr}&value={value}", ct);
            var period = Period().Match(html);
            Assert.True(period.Success, "the page names its period");
            foreach (var metric in new[] { "nps", "csat" })
            {
                var filter = $"from={period.Groups[1].Value}&to={period.Groups[2].Value}&context.{attr}={value}";
                using var body = JsonDocument.Parse(await api.GetStringAsync($"/api/admin/metrics/{metric}?{filter}", ct));
                var row = body.RootElement.GetProperty("rows").EnumerateArray().Single();
                var panel = Panel().Matches(html).Single(m => m.Groups[1].Value == metric).Groups[2].Value;
                Assert.Equal(Shown(row.GetProperty("score").GetProperty("value").GetDouble()), Field(panel, "value"));
                Assert.Equal(Shown(row.GetProperty("score").GetProperty("low").GetDouble()), Field(panel, "low"));
                Assert.Equal(Shown(row.GetProperty("score").GetProperty("high").GetDouble()), Field(panel, "high"));
                Assert.Equal(row.GetProperty("n").GetInt64().ToString(CultureInfo.InvariantCulture), Field(panel, "n"));
            }
        }

        // The filter narrows the numbers: 5 of the 14 NPS answers are on the gold plan.
        var gold = await http.GetStringAsync("/workspace?days=90&attr=plan&value=gold", ct);
        Assert.Equal("5", Field(Panel().Matches(gold).Single(m => m.Groups[1].Value == "nps").Groups[2].Value, "n"));
        using var json = JsonDocument.Parse(await http.GetStringAsync("/workspace/api/overview?days=90&attr=plan&value=gold", ct));
        Assert.Equal(5, json.RootElement.GetProperty("metrics")[0].GetProperty("now").GetProperty("n").GetInt64());
    }

    [Fact]
    public async Task The_latest_comments_respect_the_touchpoint_and_the_attribute()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await app.SeedAsync("g1", "nps", 9, 1, ct, journey: "checkout", text: "Gold checkout comment");
        await ContextAsync(app, "g1", """{"plan": "gold"}""", ct);
        await app.SeedAsync("s1", "nps", 4, 2, ct, journey: "checkout", text: "Silver checkout comment");
        await ContextAsync(app, "s1", """{"plan": "silver"}""", ct);
        await app.SeedAsync("g2", "nps", 7, 3, ct, journey: "delivery", text: "Gold delivery comment");
        await ContextAsync(app, "g2", """{"plan": "gold"}""", ct);
        using var http = await app.SignedInAsync("vera", ct);

        var both = Comments(await http.GetStringAsync("/workspace?touchpoint=checkout&attr=plan&value=gold", ct));
        var delivery = Comments(await http.GetStringAsync("/workspace?touchpoint=delivery", ct));
        var gold = Comments(await http.GetStringAsync("/workspace?attr=plan&value=gold", ct));

        Assert.Equal(["Gold checkout comment"], both);
        Assert.Equal(["Gold delivery comment"], delivery);
        Assert.Equal(["Gold checkout comment", "Gold delivery comment"], gold);
    }

    [Fact]
    public async Task Theme_figures_drill_down_and_search_respect_the_attribute_and_carry_it_in_their_links()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.AnswerAsync(app, "t1", 2, 1, "The courier was late again", [new("delivery", "negative", "courier was late")], ct);
        await ThemeSeed.AnswerAsync(app, "t2", 10, 2, "The courier came early", [new("delivery", "positive", "came early")], ct);
        await ThemeSeed.AnswerAsync(app, "t3", 3, 3, "The courier lost the parcel", [new("delivery", "negative", "lost the parcel")], ct);
        await ContextAsync(app, "t1", """{"plan": "gold"}""", ct);
        await ContextAsync(app, "t2", """{"plan": "silver"}""", ct);
        await ContextAsync(app, "t3", """{"plan": "gold"}""", ct);
        using var http = await app.SignedInAsync("vera", ct);

        using var all = JsonDocument.Parse(await http.GetStringAsync("/workspace/api/themes?q=courier", ct));
        using var gold = JsonDocument.Parse(await http.GetStringAsync("/workspace/api/themes?attr=plan&value=gold&q=courier", ct));
        var page = await http.GetStringAsync("/workspace/themes?attr=plan&value=gold", ct);
        var drill = await http.GetStringAsync("/workspace/themes/delivery?attr=plan&value=gold", ct);

        Assert.Equal(3, Delivery(all).GetProperty("mentions").GetInt64());
        Assert.Equal(2, Delivery(gold).GetProperty("mentions").GetInt64());
        Assert.Equal(2, Delivery(gold).GetProperty("negative").GetInt64());
        Assert.Equal(2, gold.RootElement.GetProperty("npsResponses").GetInt64());
        Assert.Equal(["t1", "t3"], gold.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("responseId").GetString()!).Order());
        Assert.Equal(3, all.RootElement.GetProperty("hits").GetArrayLength());
        Assert.Equal(["t1", "t3"], AnswerIds().Matches(drill).Select(m => m.Groups[1].Value).Order());
        Assert.Contains("href=\"/workspace/themes/delivery?days=90&amp;attr=plan&amp;value=gold&amp;lang=en\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/workspace/themes?days=90&amp;attr=plan&amp;value=gold&amp;lang=en\"", drill, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"attr\" value=\"plan\"><input type=\"hidden\" name=\"value\" value=\"gold\">", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"plan\" selected>plan</option>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_exports_respect_the_attribute_filter_carried_in_the_overviews_export_links()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        int[] nps = [10, 2, 9, 6, 8, 0];
        for (var i = 0; i < nps.Length; i++)
        {
            await app.SeedAsync($"x{i}", "nps", nps[i], 1 + i, ct, channel: "telegram");
            await ContextAsync(app, $"x{i}", i % 2 == 0 ? """{"product": "router"}""" : """{"product": "modem"}""", ct);
        }

        using var http = await app.SignedInAsync("vera", ct);
        using var api = Api(app);

        var html = await http.GetStringAsync("/workspace?days=30&channel=telegram&attr=product&value=router", ct);
        var links = ExportLink().Matches(html).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        Assert.Equal("/workspace/export/responses.csv?days=30&channel=telegram&attr=product&value=router", links["responses"]);
        Assert.Equal("/workspace/export/metrics.csv?days=30&channel=telegram&attr=product&value=router", links["metrics"]);

        var responses = await CsvAsync(http, links["responses"], ct);
        Assert.Equal(["x0", "x2", "x4"], responses.Skip(1).Select(r => r[0]).Order());

        var metrics = await CsvAsync(http, links["metrics"], ct);
        var header = metrics[0].ToList();
        var period = metrics.Single(r => r[0] == "nps" && r[1] == "period");
        var filter = $"from={period[header.IndexOf("from")]}&to={period[header.IndexOf("to")]}&channel=telegram&context.product=router";
        using var body = JsonDocument.Parse(await api.GetStringAsync($"/api/admin/metrics/nps?{filter}", ct));
        var row = body.RootElement.GetProperty("rows").EnumerateArray().Single();
        Assert.Equal("3", period[header.IndexOf("n")]);
        Assert.Equal(row.GetProperty("score").GetProperty("value").GetDouble(), double.Parse(period[header.IndexOf("value")], CultureInfo.InvariantCulture));
        Assert.Equal(1, await app.CountAsync("""
            select count(*) from workspace_audit where action = 'export.responses'
              and after -> 'filters' ->> 'attr' = 'product' and after -> 'filters' ->> 'value' = 'router'
            """, ct));
    }

    [Fact]
    public async Task An_unknown_attribute_name_and_an_over_long_value_are_ignored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await app.SeedAsync("u1", "nps", 10, 1, ct);
        await ContextAsync(app, "u1", """{"plan": "gold"}""", ct);
        await app.SeedAsync("u2", "nps", 0, 2, ct);
        await ContextAsync(app, "u2", """{"plan": "silver"}""", ct);
        using var http = await app.SignedInAsync("vera", ct);
        var longValue = new string('g', 501);

        var unknown = await http.GetStringAsync("/workspace?attr=region&value=north", ct);
        var tooLong = await http.GetStringAsync($"/workspace?attr=plan&value={longValue}", ct);
        var known = await http.GetStringAsync("/workspace?attr=plan&value=gold", ct);
        using var export = await http.GetAsync($"/workspace/export/responses.csv?attr=region&value=north", ct);
        var exported = CsvReader.Parse((await export.Content.ReadAsStringAsync(ct)).TrimStart('\uFEFF'));

        Assert.Equal("2", Field(unknown, "n"));
        Assert.DoesNotContain("data-field=\"attribute-filter\"", unknown, StringComparison.Ordinal);
        Assert.DoesNotContain("attr=region", unknown, StringComparison.Ordinal);
        Assert.Equal("2", Field(tooLong, "n"));
        Assert.DoesNotContain(longValue, tooLong, StringComparison.Ordinal);
        Assert.Equal("1", Field(known, "n"));
        Assert.Equal(["u1", "u2"], exported.Skip(1).Select(r => r[0]).Order());
    }

    [Fact]
    public async Task Customer_controlled_attribute_names_and_values_are_shown_as_text()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await app.SeedAsync("h1", "nps", 9, 1, ct);
        await ContextAsync(app, "h1", """{"<b>plan</b>": "<script>alert(1)</script>\"x"}""", ct);
        using var http = await app.SignedInAsync("vera", ct);
        var query = $"attr={Uri.EscapeDataString("<b>plan</b>")}&value={Uri.EscapeDataString("<script>alert(1)</script>\"x")}";

        foreach (var path in new[] { "/workspace", "/workspace/themes" })
        {
            var html = await http.GetStringAsync($"{path}?{query}", ct);

            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
            Assert.Contains("<option value=\"&lt;b&gt;plan&lt;/b&gt;\" selected>&lt;b&gt;plan&lt;/b&gt;</option>", html, StringComparison.Ordinal);
            Assert.Contains("<option value=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;x\"></option>", html, StringComparison.Ordinal);
            Assert.Contains("<strong>&lt;b&gt;plan&lt;/b&gt;</strong> = <strong>&lt;script&gt;alert(1)&lt;/script&gt;&quot;x</strong>", html, StringComparison.Ordinal);
        }

        Assert.Equal("1", Field(await http.GetStringAsync($"/workspace?{query}", ct), "n"));
    }

    [Fact]
    public async Task The_remove_filter_link_drops_the_attribute_and_keeps_the_other_filters()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await app.SeedAsync("m1", "nps", 9, 1, ct);
        await ContextAsync(app, "m1", """{"plan": "gold"}""", ct);
        await app.SeedAsync("m2", "nps", 3, 1, ct);
        await ContextAsync(app, "m2", """{"plan": "silver"}""", ct);
        using var http = await app.SignedInAsync("vera", ct);

        var filtered = await http.GetStringAsync("/workspace?days=30&touchpoint=checkout&attr=plan&value=gold&lang=pl", ct);
        var href = WebUtility.HtmlDecode(RemoveLink().Match(filtered).Groups[1].Value);
        var unfiltered = await http.GetStringAsync(href, ct);

        Assert.Equal("/workspace?days=30&touchpoint=checkout&lang=pl", href);
        Assert.Equal("1", Field(filtered, "n"));
        Assert.Equal("2", Field(unfiltered, "n"));
        Assert.DoesNotContain("data-field=\"attribute-filter\"", unfiltered, StringComparison.Ordinal);
        Assert.Contains("<option value=\"gold\"></option>", filtered, StringComparison.Ordinal);
    }

    private static HttpClient Api(WorkspaceApp app)
    {
        var api = new HttpClient { BaseAddress = app.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WorkspaceApp.ApiKey);
        return api;
    }

    private static async Task ContextAsync(WorkspaceApp app, string responseId, string json, CancellationToken ct)
    {
        await using var command = app.Data.CreateCommand("update responses set context = $1::jsonb where response_id = $2");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = json });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = responseId });
        Assert.Equal(1, await command.ExecuteNonQueryAsync(ct));
    }

    private static async Task<List<string[]>> CsvAsync(HttpClient http, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        return CsvReader.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
    }

    private static JsonElement Delivery(JsonDocument themes) =>
        themes.RootElement.GetProperty("themes").EnumerateArray().Single(t => t.GetProperty("theme").GetString() == "delivery");

    private static List<string> Comments(string html) =>
        [.. Comment().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    private static string Shown(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Field(string html, string name) =>
        Regex.Match(html, $"data-field=\"{name}\">([^<]*)<") is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"No field {name}.");

    [GeneratedRegex("data-from=\"([^\"]+)\" data-to=\"([^\"]+)\"")]
    private static partial Regex Period();

    [GeneratedRegex("<section class=\"panel\"[^>]*data-metric=\"(\\w+)\">(.*?)</section>", RegexOptions.Singleline)]
    private static partial Regex Panel();

    [GeneratedRegex("<p class=\"comment\">([^<]*)</p>")]
    private static partial Regex Comment();

    [GeneratedRegex("<li class=\"answer\" data-response=\"([^\"]+)\"")]
    private static partial Regex AnswerIds();

    [GeneratedRegex("data-export=\"(\\w+)\" href=\"([^\"]+)\"")]
    private static partial Regex ExportLink();

    [GeneratedRegex("<a class=\"remove-filter\" href=\"([^\"]+)\"")]
    private static partial Regex RemoveLink();
}
