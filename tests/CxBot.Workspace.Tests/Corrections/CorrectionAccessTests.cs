using System.Net;
using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;
using CxBot.Workspace.Tests.Themes;

namespace CxBot.Workspace.Tests.Corrections;

/// <summary>Sessions, roles, anti-forgery and encoding on the theme explorer and the correction pages.</summary>
public sealed class CorrectionAccessTests(RedisServer redis, PostgresServer postgres)
{
    [Theory]
    [InlineData("/workspace/themes")]
    [InlineData("/workspace/themes/delivery?days=30")]
    [InlineData("/workspace/answers/r1/why")]
    [InlineData("/workspace/corrections")]
    public async Task A_page_without_a_session_redirects_to_sign_in(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var http = app.NewClient();

        using var response = await http.GetAsync(path, ct);

        WorkspaceApp.AssertSentToSignIn(response);
    }

    [Fact]
    public async Task The_themes_api_and_a_correction_without_a_session_are_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.StandardAsync(app, ct);
        using var http = app.NewClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/workspace/api/themes", ct)).StatusCode);
        using var post = await http.PostAsync("/workspace/answers/r1/why/correct", WorkspaceApp.Form(null, ("sentiment", "positive")), ct);

        Assert.True(post.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized, $"{post.StatusCode}");
        Assert.Equal(0, await app.CountAsync("select count(*) from answer_corrections", ct));
    }

    [Fact]
    public async Task A_viewer_reads_the_answer_page_without_a_form_and_cannot_post_a_correction()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.StandardAsync(app, ct);
        using var viewer = await app.SignedInAsync("vera", ct);

        var page = await viewer.GetStringAsync("/workspace/answers/r1/why", ct);
        using var post = await CorrectionTests.CorrectAsync(viewer, "r1", ct, true, ("sentiment", "positive"));

        Assert.DoesNotContain("class=\"correction\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(0, await app.CountAsync("select count(*) from answer_corrections", ct));
        Assert.Equal(0, await app.CountAsync("select count(*) from workspace_audit where action = 'answer.correct'", ct));
    }

    [Fact]
    public async Task A_correction_without_its_antiforgery_token_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await ThemeSeed.StandardAsync(app, ct);
        using var analyst = await app.SignedInAsync("ana", ct);
        using var admin = await app.SignedInAsync("adam", ct);
        var othersToken = await WorkspaceApp.FormTokenAsync(admin, "/workspace/answers/r1/why", ct);

        using var without = await CorrectionTests.CorrectAsync(analyst, "r1", ct, false, ("sentiment", "positive"));
        using var foreign = await analyst.PostAsync("/workspace/answers/r1/why/correct", WorkspaceApp.Form(othersToken, ("sentiment", "positive")), ct);

        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Equal(0, await app.CountAsync("select count(*) from answer_corrections", ct));
    }

    [Fact]
    public async Task A_customer_answer_holding_html_is_shown_as_text_on_the_answer_and_corrections_pages()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        const string Hostile = "<script>alert('owned')</script><img src=x onerror=alert(1)> courier late";
        await ThemeSeed.AnswerAsync(app, "h1", 1, 1, Hostile, [new("delivery", "negative", "courier late")], ct);
        using var analyst = await app.SignedInAsync("ana", ct);
        using var saved = await CorrectionTests.CorrectAsync(analyst, "h1", ct, true, ("sentiment", "negative"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        foreach (var path in new[] { "/workspace/answers/h1/why", "/workspace/corrections", "/workspace/themes/delivery", "/workspace/themes?q=courier" })
        {
            var html = await analyst.GetStringAsync(path, ct);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        }
    }
}
