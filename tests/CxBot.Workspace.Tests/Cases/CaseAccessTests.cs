using System.Net;
using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;

namespace CxBot.Workspace.Tests.Cases;

/// <summary>Sessions, roles and anti-forgery on every case page, API and write.</summary>
public sealed class CaseAccessTests(RedisServer redis, PostgresServer postgres)
{
    private static readonly (string Action, (string, string) Field)[] Writes =
    [
        ("assign", ("owner", "me")),
        ("status", ("status", "in_progress")),
        ("resolve", ("outcome", "resolved")),
        ("note", ("text", "a note")),
        ("message", ("text", "Hello")),
    ];

    private static async Task<(WorkspaceApp App, long Id)> StartWithCaseAsync(RedisServer redis, PostgresServer postgres, CancellationToken ct)
    {
        var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await CaseData.SeedAsync(app.Data, "r-1", ct, customer: "crm-1", nps: 1);
        await CaseData.Opener(app, CaseData.ShippedOptions()).ScanAsync(ct);
        return (app, await app.CountAsync("select id from cases", ct));
    }

    private static Task<long> ChangesAsync(WorkspaceApp app, CancellationToken ct) =>
        app.CountAsync("select (select count(*) from case_events where kind <> 'opened') + (select count(*) from workspace_audit where action <> 'case.open')", ct);

    [Fact]
    public async Task Without_a_session_pages_redirect_the_api_answers_401_and_writes_change_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, id) = await StartWithCaseAsync(redis, postgres, ct);
        await using var _ = app;
        using var http = app.NewClient();

        foreach (var path in new[] { "/workspace/cases", $"/workspace/cases/{id}", "/workspace/cases?status=all&lang=ru" })
        {
            using var response = await http.GetAsync(path, ct);
            WorkspaceApp.AssertSentToSignIn(response);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/workspace/api/cases", ct)).StatusCode);
        foreach (var (action, field) in Writes)
        {
            using var response = await http.PostAsync($"/workspace/cases/{id}/{action}", WorkspaceApp.Form(null, field), ct);
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized, $"{action}: {response.StatusCode}");
        }

        Assert.Equal(0, await ChangesAsync(app, ct));
    }

    [Fact]
    public async Task A_viewer_reads_cases_but_every_write_is_403()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, id) = await StartWithCaseAsync(redis, postgres, ct);
        await using var _ = app;
        using var viewer = await app.SignedInAsync("vera", ct);

        var page = await viewer.GetStringAsync($"/workspace/cases/{id}", ct);
        Assert.DoesNotContain($"action=\"/workspace/cases/{id}/", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/workspace/api/cases", ct)).StatusCode);
        var token = await WorkspaceApp.FormTokenAsync(viewer, $"/workspace/cases/{id}", ct);
        foreach (var (action, field) in Writes)
        {
            using var response = await viewer.PostAsync($"/workspace/cases/{id}/{action}", WorkspaceApp.Form(token, field), ct);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{action}: {response.StatusCode}");
        }

        Assert.Equal(0, await ChangesAsync(app, ct));
    }

    [Fact]
    public async Task An_analysts_write_without_the_antiforgery_token_is_400()
    {
        var ct = TestContext.Current.CancellationToken;
        var (app, id) = await StartWithCaseAsync(redis, postgres, ct);
        await using var _ = app;
        using var analyst = await app.SignedInAsync("ana", ct);

        foreach (var (action, field) in Writes)
        {
            using var response = await analyst.PostAsync($"/workspace/cases/{id}/{action}", WorkspaceApp.Form(null, field), ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{action}: {response.StatusCode}");
        }

        Assert.Equal(0, await ChangesAsync(app, ct));
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/workspace/cases/999999", ct)).StatusCode);
    }
}
