using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;

namespace CxBot.Workspace.Tests.Pulse;

/// <summary>The pulse page and its JSON over seeded rows, against numbers worked out by hand.</summary>
public sealed partial class PulsePageTests(RedisServer redis, PostgresServer postgres)
{
    private static string Row(string html, string pillar) =>
        Regex.Match(html, $"<tr data-pillar=\"{pillar}\"[^>]*>(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;

    private static string Field(string html, string field) =>
        Regex.Match(html, $"data-field=\"{field}\"[^>]*>([^<]*)<").Groups[1].Value;

    private static string Mean(IEnumerable<int?> values) => values.Where(v => v is not null).Average(v => v!.Value).ToString("0.00", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_page_shows_the_team_and_the_customers_as_worked_out_by_hand()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await PulseScenario.SeedAsync(app, ct);
        using var http = await app.SignedInAsync("vera", ct);

        var html = await http.GetStringAsync("/workspace/pulse?days=30", ct);

        // Four colleagues answered in the period; three rated all ten: totals 36, 34, 35 → 35.0, s = 1,
        // t(0.975, 2) = 4.3027 → 35 ± 4.3027 × 1 / √3 = 35 ± 2.48.
        Assert.Equal("4", Field(html, "colleagues"));
        Assert.Equal(("35.0", "32.5", "37.5", "3"), (Field(html, "total"), Field(html, "total-low"), Field(html, "total-high"), Field(html, "total-n")));
        // Thirteen analysed customer answers: not the old one, the pulse's own comment or the unanalysed one.
        Assert.Equal("13", Field(html, "customer-answers"));

        // Every pillar's average is the plain mean of the ratings given.
        for (var p = 0; p < PulseSeed.Pillars.Length; p++)
            Assert.Equal(Mean(PulseScenario.Ratings.Select(r => r[p])), Field(Row(html, PulseSeed.Pillars[p]), "rating"));

        // Customer service: 5, 4, 5 → 4.67 ± 4.3027 × 0.577 / √3 = 4.67 ± 1.43, clipped to the scale → 3.23 – 5.00.
        var service = Row(html, "service");
        Assert.Equal(("4.67", "3.23", "5.00", "3"), (Field(service, "rating"), Field(service, "low"), Field(service, "high"), Field(service, "n")));
        // Ranked 2nd, 1st, 3rd → 2.0; in every top 3.
        Assert.Equal(("2.0", "100.0%"), (Field(service, "rank"), Field(service, "top3")));
        // Four of 13 answers mention it (a3 twice over, still once); one positive, three negative → −50.
        Assert.Equal(("30.8%", "4", "-50"), (Field(service, "share"), Field(service, "mentions"), Field(service, "net")));
        Assert.Contains("data-verdict=\"RatedWellSpokenOfBadly\"", service, StringComparison.Ordinal);

        // Friction: 5th, unranked (→ (5 + 1 + 10) / 2 = 8), unranked → 7.0; three negative mentions, the second most.
        var friction = Row(html, "friction");
        Assert.Equal(("7.0", "0.0%", "23.1%", "-100"), (Field(friction, "rank"), Field(friction, "top3"), Field(friction, "share"), Field(friction, "net")));
        Assert.Contains("data-verdict=\"MentionedMostRankedLow\"", friction, StringComparison.Ordinal);

        // Digital: ranked 3rd, 3rd, 4th → 3.3; praise and fault in one answer count as neither → 1 negative of 2 → −50;
        // too few mentions to flag.
        var digital = Row(html, "digital");
        Assert.Equal(("3.3", "66.7%", "-50", "2"), (Field(digital, "rank"), Field(digital, "top3"), Field(digital, "net"), Field(digital, "mentions")));
        Assert.Contains("data-verdict=\"None\"", digital, StringComparison.Ordinal);

        // Communication: nobody ranked it (8.0) and no customer spoke of it.
        var communication = Row(html, "communication");
        Assert.Equal(("8.0", "0.0%", "–", "0"), (Field(communication, "rank"), Field(communication, "share"), Field(communication, "net"), Field(communication, "mentions")));

        Assert.Equal(2, Regex.Matches(html, "<li data-pillar=\"(service|friction)\" data-verdict=").Count);
        Assert.Equal(2, Regex.Matches(html, "<g class=\"pillar disagree\"").Count);
    }

    [Fact]
    public async Task A_tag_correction_moves_the_customers_side_as_it_moves_the_themes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await PulseScenario.SeedAsync(app, ct);
        using var http = await app.SignedInAsync("vera", ct);
        Assert.Equal("0", Field(Row(await http.GetStringAsync("/workspace/pulse?days=30", ct), "communication"), "mentions"));

        // The team says customer 2's answer is about being kept informed, badly, and nothing else.
        await using (var correct = app.Data.CreateCommand("""
            insert into answer_corrections (response_id, question_id, answer_id, themes, sentiment, churn_risk, wants_contact, analyzer_themes, corrected_by)
            values ('customer2', 'reason', 'customer2:reason', '[{"theme": "communication", "sentiment": "negative"}]', 'negative', false, false, '{}', 'ana')
            """))
        {
            await correct.ExecuteNonQueryAsync(ct);
        }

        var communication = Row(await http.GetStringAsync("/workspace/pulse?days=30", ct), "communication");
        Assert.Equal(("1", "-100"), (Field(communication, "mentions"), Field(communication, "net")));
    }

    [Fact]
    public async Task The_json_carries_the_same_numbers_as_the_page()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await PulseScenario.SeedAsync(app, ct);
        using var http = await app.SignedInAsync("vera", ct);

        var html = await http.GetStringAsync("/workspace/pulse?days=30", ct);
        using var json = JsonDocument.Parse(await http.GetStringAsync("/workspace/api/pulse?days=30", ct));
        var root = json.RootElement;

        Assert.Equal(4, root.GetProperty("colleagues").GetInt64());
        Assert.Equal(13, root.GetProperty("customerAnswers").GetInt64());
        Assert.Equal(35.0, root.GetProperty("total").GetProperty("value").GetDouble(), 9);
        foreach (var pillar in root.GetProperty("pillars").EnumerateArray())
        {
            var row = Row(html, pillar.GetProperty("pillar").GetString()!);
            var rating = pillar.GetProperty("rating").GetProperty("value");
            Assert.Equal(rating.ValueKind == JsonValueKind.Null ? "–" : rating.GetDouble().ToString("0.00", CultureInfo.InvariantCulture), Field(row, "rating"));
            Assert.Equal(pillar.GetProperty("averageRank").GetDouble().ToString("0.0", CultureInfo.InvariantCulture), Field(row, "rank"));
            Assert.Equal(pillar.GetProperty("mentions").GetInt64().ToString(CultureInfo.InvariantCulture), Field(row, "mentions"));
            Assert.Contains($"data-verdict=\"{pillar.GetProperty("disagreement").GetString()}\"", row, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_period_without_a_pulse_says_so_and_flags_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await PulseSeed.CustomerAsync(app, "only-customer", "slow", [("wait_time", "negative")], 1, ct);
        using var http = await app.SignedInAsync("vera", ct);

        var html = await http.GetStringAsync("/workspace/pulse?lang=pl", ct);

        Assert.Contains("Brak odpowiedzi na puls w tym okresie.", html, StringComparison.Ordinal);
        Assert.Contains("data-field=\"no-disagreement\"", html, StringComparison.Ordinal);
        Assert.Equal("0", Field(html, "colleagues"));
        Assert.Equal("1", Field(Row(html, "service"), "mentions"));
    }

    [Theory]
    [InlineData("/workspace/pulse")]
    [InlineData("/workspace/pulse?days=7&lang=ro")]
    public async Task The_pulse_page_without_a_session_redirects_to_sign_in(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var http = app.NewClient();

        using var response = await http.GetAsync(path, ct);

        WorkspaceApp.AssertSentToSignIn(response);
    }

    [Fact]
    public async Task The_pulse_json_without_a_session_is_401_and_a_viewer_may_read_both()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var anonymous = app.NewClient();
        using var viewer = await app.SignedInAsync("vera", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/workspace/api/pulse", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/workspace/api/pulse", ct)).StatusCode);
        using var page = await viewer.GetAsync("/workspace/pulse", ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        // No script source at all: the chart and the table are plain SVG and HTML.
        Assert.StartsWith("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_quotes_no_customer_text_so_markup_in_answers_cannot_reach_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await PulseScenario.SeedAsync(app, ct);
        using var http = await app.SignedInAsync("ana", ct);

        var html = await http.GetStringAsync("/workspace/pulse?days=30", ct);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert(", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\" action=\"/workspace/pulse", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_page_links_to_the_pulse_in_its_language()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var http = await app.SignedInAsync("vera", ct);

        var html = await http.GetStringAsync("/workspace?lang=ru", ct);

        Assert.Contains("<a href=\"/workspace/pulse?lang=ru\">Пульс сотрудников</a>", html, StringComparison.Ordinal);
    }
}
