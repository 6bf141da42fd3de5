using System.Net;
using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;

namespace CxBot.Workspace.Tests.Security;

/// <summary>Sessions, roles, anti-forgery and headers, over HTTP against the workspace on Kestrel.</summary>
public sealed class AccessTests(RedisServer redis, PostgresServer postgres)
{
    [Theory]
    [InlineData("/workspace")]
    [InlineData("/workspace/")]
    [InlineData("/workspace/audit")]
    [InlineData("/workspace?days=7&lang=ru")]
    [InlineData("/workspace/users")]
    [InlineData("/workspace/export/responses.csv?days=30")]
    [InlineData("/workspace/export/metrics.csv")]
    public async Task A_page_without_a_session_redirects_to_sign_in(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var http = app.NewClient();

        using var response = await http.GetAsync(path, ct);

        WorkspaceApp.AssertSentToSignIn(response);
    }

    [Fact]
    public async Task The_api_and_every_write_without_a_session_are_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var http = app.NewClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/workspace/api/overview", ct)).StatusCode);
        foreach (var path in new[] { "/workspace/notes", "/workspace/notes/1/delete", "/workspace/signout" })
        {
            using var response = await http.PostAsync(path, WorkspaceApp.Form(null, ("day", "2026-01-01"), ("text", "x")), ct);
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized, $"{path}: {response.StatusCode}");
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(0, await app.CountAsync("select count(*) from workspace_notes", ct));
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_gives_no_session()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var http = app.NewClient();
        var token = await WorkspaceApp.FormTokenAsync(http, "/workspace/signin", ct);

        using var refused = await http.PostAsync("/workspace/signin", WorkspaceApp.Form(token, ("name", "ana"), ("password", "guess")), ct);
        using var unknown = await http.PostAsync("/workspace/signin", WorkspaceApp.Form(token, ("name", "nobody"), ("password", WorkspaceApp.Password)), ct);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("/workspace", ct)).StatusCode);
    }

    [Fact]
    public async Task Sign_in_returns_only_to_a_workspace_address()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var http = app.NewClient();
        var token = await WorkspaceApp.FormTokenAsync(http, "/workspace/signin", ct);

        using var response = await http.PostAsync("/workspace/signin",
            WorkspaceApp.Form(token, ("name", "vera"), ("password", WorkspaceApp.Password), ("returnUrl", "//evil.example/workspace")), ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/workspace?", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_cannot_add_a_note_and_an_analyst_can_with_an_audit_line()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var viewer = await app.SignedInAsync("vera", ct);
        using var analyst = await app.SignedInAsync("ana", ct);

        var viewerToken = await WorkspaceApp.FormTokenAsync(viewer, "/workspace", ct);
        using var forbidden = await viewer.PostAsync("/workspace/notes", WorkspaceApp.Form(viewerToken, ("day", "2026-02-03"), ("text", "price change")), ct);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(0, await app.CountAsync("select count(*) from workspace_notes", ct));

        var analystToken = await WorkspaceApp.FormTokenAsync(analyst, "/workspace", ct);
        using var added = await analyst.PostAsync("/workspace/notes", WorkspaceApp.Form(analystToken, ("day", "2026-02-03"), ("text", "price change")), ct);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(1, await app.CountAsync("select count(*) from workspace_notes", ct));
        Assert.Equal(1, await app.CountAsync(
            "select count(*) from workspace_audit where user_name = 'ana' and role = 'analyst' and action = 'note.add' and before is null and after ->> 'text' = 'price change'", ct));

        var id = await app.CountAsync("select id from workspace_notes", ct);
        using var viewerDelete = await viewer.PostAsync($"/workspace/notes/{id}/delete", WorkspaceApp.Form(viewerToken), ct);
        Assert.Equal(HttpStatusCode.Forbidden, viewerDelete.StatusCode);
        using var deleted = await analyst.PostAsync($"/workspace/notes/{id}/delete", WorkspaceApp.Form(analystToken), ct);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(1, await app.CountAsync(
            "select count(*) from workspace_audit where action = 'note.delete' and after is null and before ->> 'text' = 'price change'", ct));
    }

    [Fact]
    public async Task Only_an_admin_reads_the_audit_log()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var analyst = await app.SignedInAsync("ana", ct);
        using var admin = await app.SignedInAsync("adam", ct);

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/workspace/audit", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/workspace/audit", ct)).StatusCode);
    }

    [Fact]
    public async Task A_form_post_without_its_antiforgery_token_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var analyst = await app.SignedInAsync("ana", ct);
        using var other = await app.SignedInAsync("adam", ct);
        var othersToken = await WorkspaceApp.FormTokenAsync(other, "/workspace", ct);

        using var without = await analyst.PostAsync("/workspace/notes", WorkspaceApp.Form(null, ("day", "2026-02-03"), ("text", "no token")), ct);
        using var foreign = await analyst.PostAsync("/workspace/notes", WorkspaceApp.Form(othersToken, ("day", "2026-02-03"), ("text", "someone else's token")), ct);
        using var signOut = await analyst.PostAsync("/workspace/signout", WorkspaceApp.Form(null), ct);

        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(0, await app.CountAsync("select count(*) from workspace_notes", ct));
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/workspace", ct)).StatusCode);
    }

    [Fact]
    public async Task Pages_carry_a_script_free_csp_and_the_session_cookie_is_http_only()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var http = app.NewClient();
        var token = await WorkspaceApp.FormTokenAsync(http, "/workspace/signin", ct);
        using var signIn = await http.PostAsync("/workspace/signin", WorkspaceApp.Form(token, ("name", "vera"), ("password", WorkspaceApp.Password)), ct);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("cxbot.workspace=", StringComparison.Ordinal));

        using var page = await http.GetAsync("/workspace", ct);

        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.DoesNotContain("<script", await page.Content.ReadAsStringAsync(ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task After_signing_out_the_session_is_gone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var http = await app.SignedInAsync("vera", ct);
        var token = await WorkspaceApp.FormTokenAsync(http, "/workspace", ct);

        using var signOut = await http.PostAsync("/workspace/signout", WorkspaceApp.Form(token), ct);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/workspace/api/overview", ct)).StatusCode);
    }

    [Fact]
    public async Task User_changes_need_a_session_the_admin_role_and_the_form_token()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var anonymous = app.NewClient();
        using var viewer = await app.SignedInAsync("vera", ct);
        using var analyst = await app.SignedInAsync("ana", ct);
        using var admin = await app.SignedInAsync("adam", ct);
        (await Users.UsersTests.AddAsync(admin, "dana", "dana@example.com", "viewer", WorkspaceApp.Password, ct)).Dispose();
        var id = await app.CountAsync("select id from workspace_users", ct);
        var fields = new[] { ("name", "eve"), ("email", "eve@example.com"), ("role", "admin"), ("password", WorkspaceApp.Password) };
        string[] paths = ["/workspace/users", $"/workspace/users/{id}/role", $"/workspace/users/{id}/password", $"/workspace/users/{id}/disable", $"/workspace/users/{id}/enable"];

        foreach (var path in paths)
        {
            using var none = await anonymous.PostAsync(path, WorkspaceApp.Form(null, fields), ct);
            Assert.True(none.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized, $"{path}: {none.StatusCode}");
            foreach (var client in new[] { viewer, analyst })
            {
                var token = await WorkspaceApp.FormTokenAsync(client, "/workspace", ct);
                using var forbidden = await client.PostAsync(path, WorkspaceApp.Form(token, fields), ct);
                Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            }

            using var tokenless = await admin.PostAsync(path, WorkspaceApp.Form(null, fields), ct);
            Assert.Equal(HttpStatusCode.BadRequest, tokenless.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/workspace/users", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/workspace/users", ct)).StatusCode);
        Assert.Equal(1, await app.CountAsync("select count(*) from workspace_users where role = 'viewer' and not disabled", ct));
        Assert.Equal(1, await app.CountAsync("select count(*) from workspace_audit where action like 'user.%'", ct));
    }
}
