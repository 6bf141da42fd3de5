using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;

namespace CxBot.Workspace.Tests.Pages;

/// <summary>The overview page against seeded answers, read over HTTP as a browser would.</summary>
public sealed partial class OverviewTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task A_customer_answer_holding_html_and_script_is_shown_as_text()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await app.SeedAsync("x1", "nps", 2, 1, ct, text: "<script>alert('owned')</script><img src=x onerror=alert(1)> & \"quoted\"");
        using var http = await app.SignedInAsync("vera", ct);

        var html = await http.GetStringAsync("/workspace", ct);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_numbers_shown_equal_the_metrics_api_for_the_same_period_and_filter()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        int[] nps = [10, 9, 9, 8, 7, 6, 3, 10, 0, 9, 5, 10];
        for (var i = 0; i < nps.Length; i++)
        {
            var channel = i % 3 == 0 ? "telegram" : "webchat";
            await app.SeedAsync($"n{i}", "nps", nps[i], 2 + 5 * i, ct, channel: channel);
            await app.SeedAsync($"c{i}", "csat", 1 + i % 5, 3 + 4 * i, ct, channel: channel);
            await app.SeedAsync($"e{i}", "ces", 1 + i % 7, 1 + 6 * i, ct, channel: channel);
        }

        using var http = await app.SignedInAsync("vera", ct);
        using var api = new HttpClient { BaseAddress = app.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WorkspaceApp.ApiKey);

        foreach (var query in new[] { "days=90", "days=30", "days=90&channel=telegram" })
        {
            var html = await http.GetStringAsync($"/workspace?{query}", ct);
            var period = Period().Match(html);
            Assert.True(period.Success, "the page names its period");
            var filter = $"from={period.Groups[1].Value}&to={period.Groups[2].Value}" + (query.Contains("channel", StringComparison.Ordinal) ? "&channel=telegram" : "");
            foreach (var metric in new[] { "nps", "csat", "ces" })
            {
                using var body = JsonDocument.Parse(await api.GetStringAsync($"/api/admin/metrics/{metric}?{filter}", ct));
                var row = body.RootElement.GetProperty("rows").EnumerateArray().Single();
                var score = row.GetProperty("score");
                var panel = Panel().Matches(html).Single(m => m.Groups[1].Value == metric).Groups[2].Value;
                Assert.Equal(Shown(metric, score.GetProperty("value").GetDouble()), Field(panel, "value"));
                Assert.Equal(Shown(metric, score.GetProperty("low").GetDouble()), Field(panel, "low"));
                Assert.Equal(Shown(metric, score.GetProperty("high").GetDouble()), Field(panel, "high"));
                Assert.Equal(row.GetProperty("n").GetInt64().ToString(CultureInfo.InvariantCulture), Field(panel, "n"));
            }
        }
    }

    [Fact]
    public async Task A_change_within_chance_is_marked_not_significant()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        // Two answers in each 7-day period: far too few for any change to be more than chance.
        await app.SeedAsync("a1", "nps", 9, 1, ct);
        await app.SeedAsync("a2", "nps", 6, 2, ct);
        await app.SeedAsync("b1", "nps", 10, 9, ct);
        await app.SeedAsync("b2", "nps", 9, 10, ct);
        using var http = await app.SignedInAsync("vera", ct);

        var html = await http.GetStringAsync("/workspace?days=7", ct);

        var panel = Panel().Matches(html).Single(m => m.Groups[1].Value == "nps").Groups[2].Value;
        Assert.Contains("data-field=\"not-significant\"", panel, StringComparison.Ordinal);
        Assert.Equal("-100.0", Field(panel, "change"));
    }

    [Fact]
    public async Task The_page_switches_to_russian_and_keeps_the_numbers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await app.SeedAsync("r1", "nps", 10, 1, ct, language: "ru", text: "Всё отлично, спасибо");
        using var http = await app.SignedInAsync("vera", ct);

        var english = await http.GetStringAsync("/workspace", ct);
        var russian = await http.GetStringAsync("/workspace?lang=ru", ct);

        Assert.Contains("<html lang=\"ru\">", russian, StringComparison.Ordinal);
        Assert.Contains("Обзор", russian, StringComparison.Ordinal);
        Assert.Contains("Всё отлично, спасибо", russian, StringComparison.Ordinal);
        Assert.Equal(Field(english, "value"), Field(russian, "value"));
    }

    [Fact]
    public async Task The_api_gives_a_signed_in_viewer_the_overview_as_json()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await app.SeedAsync("j1", "csat", 5, 1, ct);
        await app.SeedAsync("j2", "csat", 2, 2, ct);
        using var http = await app.SignedInAsync("vera", ct);

        using var response = await http.GetAsync("/workspace/api/overview", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var csat = body.RootElement.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "csat");
        Assert.Equal(2, csat.GetProperty("now").GetProperty("n").GetInt64());
        Assert.Equal(50, csat.GetProperty("now").GetProperty("score").GetProperty("value").GetDouble(), 6);
    }

    private static string Shown(string metric, double value) =>
        value.ToString(metric == "ces" ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    private static string Field(string html, string name) =>
        Regex.Match(html, $"data-field=\"{name}\">([^<]*)<") is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"No field {name}.");

    [GeneratedRegex("data-from=\"([^\"]+)\" data-to=\"([^\"]+)\"")]
    private static partial Regex Period();

    [GeneratedRegex("<section class=\"panel\"[^>]*data-metric=\"(\\w+)\">(.*?)</section>", RegexOptions.Singleline)]
    private static partial Regex Panel();
}
