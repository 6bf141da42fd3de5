using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;

namespace CxBot.Workspace.Tests.Themes;

/// <summary>The theme explorer over seeded rows, read over HTTP as a browser and a program would.</summary>
public sealed partial class ThemeExplorerTests(RedisServer redis, PostgresServer postgres)
{
    internal static async Task<Dictionary<string, JsonElement>> ThemesAsync(HttpClient http, CancellationToken ct, string query = "days=90")
    {
        using var body = JsonDocument.Parse(await http.GetStringAsync($"/workspace/api/themes?{query}", ct));
        return body.RootElement.GetProperty("themes").EnumerateArray().ToDictionary(t => t.GetProperty("theme").GetString()!, t => t.Clone());
    }

    internal static double? Number(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDouble();

    [Fact]
    public async Task Volume_net_sentiment_and_impact_equal_a_hand_computation_over_the_seeded_rows()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.StandardAsync(app, ct);
        using var http = await app.SignedInAsync("vera", ct);

        var themes = await ThemesAsync(http, ct);

        // NPS over r1..r6: 6 responses, promoters r2 r3, detractors r1 r4 r6.
        // delivery: r1 (neg), r2 (pos), r4 (neg) → net 100·(1 − 2)/3; with r1 r2 r4 (1 P, 2 D) = −33.3, without r3 r5 r6 (1 P, 1 D) = 0.
        // staff_attitude: r1 (neg), r3 (pos) → net 0; with r1 r3 = 0, without r2 r4 r5 r6 (1 P, 2 D) = −25.
        // price_value: r5 (neutral) → net 0; with r5 = 0, without r1 r2 r3 r4 r6 (2 P, 3 D) = −20.
        Assert.Equal(["delivery", "price_value", "staff_attitude"], themes.Keys.Order(StringComparer.Ordinal));
        var delivery = themes["delivery"];
        Assert.Equal((3, 1, 0, 2), (delivery.GetProperty("mentions").GetInt32(), delivery.GetProperty("positive").GetInt32(), delivery.GetProperty("neutral").GetInt32(), delivery.GetProperty("negative").GetInt32()));
        Assert.Equal(-100.0 / 3, Number(delivery.GetProperty("netSentiment"))!.Value, 6);
        Assert.Equal(-100.0 / 3, Number(delivery.GetProperty("impact").GetProperty("npsWith"))!.Value, 6);
        Assert.Equal(0, Number(delivery.GetProperty("impact").GetProperty("npsWithout"))!.Value, 6);
        Assert.Equal(-100.0 / 3, Number(delivery.GetProperty("impact").GetProperty("value"))!.Value, 6);
        Assert.Equal(3, delivery.GetProperty("weekly").EnumerateArray().Sum(w => w.GetProperty("mentions").GetInt32()));

        var staff = themes["staff_attitude"];
        Assert.Equal(2, staff.GetProperty("mentions").GetInt32());
        Assert.Equal(0, Number(staff.GetProperty("netSentiment"))!.Value, 6);
        Assert.Equal(25, Number(staff.GetProperty("impact").GetProperty("value"))!.Value, 6);

        var price = themes["price_value"];
        Assert.Equal((1, 1), (price.GetProperty("mentions").GetInt32(), price.GetProperty("neutral").GetInt32()));
        Assert.Equal(20, Number(price.GetProperty("impact").GetProperty("value"))!.Value, 6);

        // The page shows the same figures, and the impact chart puts the theme that pulls NPS down most first.
        var html = await http.GetStringAsync("/workspace/themes?days=90", ct);
        Assert.Equal("3", Cell(html, "delivery", "mentions"));
        Assert.Equal("-33.3", Cell(html, "delivery", "net"));
        Assert.Equal("-33.3", Cell(html, "delivery", "impact"));
        Assert.Equal("+25.0", Cell(html, "staff_attitude", "impact"));
        var impactSection = html[html.IndexOf("id=\"impact\"", StringComparison.Ordinal)..];
        Assert.True(impactSection.IndexOf("Delivery", StringComparison.Ordinal) < impactSection.IndexOf("Staff", StringComparison.Ordinal), "delivery pulls NPS down most");
        Assert.Contains("minus NPS of the responses that do not", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_narrows_the_figures_to_its_answers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.StandardAsync(app, ct);
        await ThemeSeed.AnswerAsync(app, "t1", 3, 2, "Доставка опоздала", [new("delivery", "negative", "Доставка опоздала")], ct, sentiment: "negative", language: "ru", channel: "telegram");
        using var http = await app.SignedInAsync("vera", ct);

        var all = await ThemesAsync(http, ct);
        var telegram = await ThemesAsync(http, ct, "days=90&channel=telegram");
        var week = await ThemesAsync(http, ct, "days=7");

        Assert.Equal(4, all["delivery"].GetProperty("mentions").GetInt32());
        Assert.Equal(["delivery"], telegram.Keys);
        Assert.Equal(1, telegram["delivery"].GetProperty("mentions").GetInt32());
        Assert.Equal(3, week["delivery"].GetProperty("mentions").GetInt32());
        Assert.False(week.ContainsKey("price_value"));
    }

    [Fact]
    public async Task A_theme_lists_the_answers_behind_it_with_the_matched_phrases_marked_and_the_rest_encoded()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.StandardAsync(app, ct);
        await ThemeSeed.AnswerAsync(app, "x1", 1, 2, "<script>alert(1)</script> the courier was late <b>again</b>", [new("delivery", "negative", "courier was late")], ct);
        using var http = await app.SignedInAsync("vera", ct);

        var html = await http.GetStringAsync("/workspace/themes/delivery?days=90", ct);

        Assert.Equal(4, AnswerItem().Matches(html).Count);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; the <mark>courier was late</mark> &lt;b&gt;again&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<mark>Fast delivery</mark>, great", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Delivery was late", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/workspace/answers/r1/why?lang=en\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/workspace/themes/no_such_theme", ct)).StatusCode);
    }

    [Fact]
    public async Task Searching_open_text_finds_answers_in_their_own_language_and_marks_the_words()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.StandardAsync(app, ct);
        await ThemeSeed.AnswerAsync(app, "s1", 4, 2, "<i>Couriers</i> are always LATE", [], ct);
        await ThemeSeed.AnswerAsync(app, "s2", 4, 2, "Курьер опоздал на два дня", [], ct, language: "ru");
        using var http = await app.SignedInAsync("vera", ct);

        var html = await http.GetStringAsync("/workspace/themes?days=90&q=late", ct);
        var russian = await http.GetStringAsync("/workspace/themes?days=90&q=" + Uri.EscapeDataString("опоздал"), ct);

        // English stemming: "late" finds r1, r4 and s1 (not the year-old answer, outside the period).
        Assert.Equal(3, HitItem().Matches(html).Count);
        Assert.Contains("&lt;i&gt;Couriers&lt;/i&gt; are always <mark>LATE</mark>", html, StringComparison.Ordinal);
        Assert.Contains("The courier was <mark>late</mark> and rude", html, StringComparison.Ordinal);
        Assert.Contains("Курьер <mark>опоздал</mark> на два дня", russian, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
    }

    private static string Cell(string html, string theme, string field)
    {
        var row = Regex.Match(html, $"<tr data-theme=\"{theme}\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"a row for {theme}");
        return Regex.Match(row.Groups[1].Value, $"data-field=\"{field}\">([^<]*)<").Groups[1].Value;
    }

    [GeneratedRegex("<li class=\"answer\"")]
    private static partial Regex AnswerItem();

    [GeneratedRegex("<li><p class=\"comment\">")]
    private static partial Regex HitItem();
}
