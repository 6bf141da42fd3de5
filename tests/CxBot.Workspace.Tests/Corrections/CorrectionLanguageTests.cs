using System.Net;
using System.Text.RegularExpressions;
using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;
using CxBot.Workspace.Tests.Themes;

namespace CxBot.Workspace.Tests.Corrections;

/// <summary>A correction made on a page in another language than English stores theme ids, never the names the reader saw.</summary>
public sealed partial class CorrectionLanguageTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task A_correction_posted_from_the_Polish_answer_page_stores_theme_ids()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.StandardAsync(app, ct);
        using var analyst = await app.SignedInAsync("ana", ct);
        const string path = "/workspace/answers/r2/why?lang=pl";
        var html = await analyst.GetStringAsync(path, ct);

        // The analyst picks "Cena i wartość" from the menu as a browser would: the form sends that option's value.
        var value = Regex.Match(html, "<option value=\"([^\"]+)\">Cena i wartość</option>").Groups[1].Value;
        var token = await WorkspaceApp.FormTokenAsync(analyst, path, ct);
        using var saved = await analyst.PostAsync("/workspace/answers/r2/why/correct",
            WorkspaceApp.Form(token, ("lang", "pl"), ("theme:delivery", "remove"), ("add", value), ("addSentiment", "negative"), ("sentiment", "negative")), ct);

        Assert.Equal("price_value", value);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/workspace/answers/r2/why?lang=pl", saved.Headers.Location?.OriginalString);
        Assert.Equal(1, await app.CountAsync("""
            select count(*) from workspace_audit where action = 'answer.correct' and entity = 'answer:r2/why'
              and after -> 'labels' -> 'themes' = '[{"theme": "price_value", "sentiment": "negative"}]'
            """, ct));
        Assert.Equal(0, await app.CountAsync("select count(*) from workspace_audit where after::text like '%Cena%'", ct));
        var page = await analyst.GetStringAsync(path, ct);
        Assert.Contains("<li data-theme=\"price_value\" class=\"tag negative\">Cena i wartość (", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_theme_name_posted_instead_of_an_id_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.StandardAsync(app, ct);
        using var analyst = await app.SignedInAsync("ana", ct);

        using var refused = await CorrectionTests.CorrectAsync(analyst, "r2", ct, true, ("add", "Cena i wartość"), ("addSentiment", "negative"), ("sentiment", "negative"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(0, await app.CountAsync("select count(*) from answer_corrections where response_id = 'r2'", ct));
    }
}
