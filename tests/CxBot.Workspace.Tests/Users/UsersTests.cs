using System.Net;
using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;

namespace CxBot.Workspace.Tests.Users;

/// <summary>The users page over HTTP: add, change a role, reset a password, disable and enable, each audited; sign-in of database users.</summary>
public sealed class UsersTests(RedisServer redis, PostgresServer postgres)
{
    private const string NewPassword = "another long passphrase";

    [Fact]
    public async Task An_admin_adds_a_user_who_then_signs_in_with_the_role_given()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var admin = await app.SignedInAsync("adam", ct);

        using var added = await AddAsync(admin, "Dana", "dana@example.com", "analyst", WorkspaceApp.Password, ct);

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = await admin.GetStringAsync("/workspace/users", ct);
        Assert.Contains("dana@example.com", page, StringComparison.Ordinal);
        Assert.Equal(1, await app.CountAsync("""
            select count(*) from workspace_audit where user_name = 'adam' and role = 'admin' and action = 'user.add' and before is null
              and after ->> 'name' = 'Dana' and after ->> 'role' = 'analyst' and not (after ? 'password_hash') and after::text not like '%AQAAAA%'
            """, ct));
        Assert.Equal(0, await app.CountAsync($"select count(*) from workspace_users where password_hash like '%{WorkspaceApp.Password}%'", ct));

        using var dana = await SignInAsync(app, "dana", WorkspaceApp.Password, ct);
        Assert.Equal(HttpStatusCode.Redirect, dana.Response.StatusCode);
        var overview = await dana.Client.GetStringAsync("/workspace", ct);
        Assert.Contains("<strong>Dana</strong> (analyst)", overview, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await dana.Client.GetAsync("/workspace/users", ct)).StatusCode);
    }

    [Fact]
    public async Task A_role_change_a_password_reset_and_disabling_are_audited_and_each_ends_the_users_open_session()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var admin = await app.SignedInAsync("adam", ct);
        (await AddAsync(admin, "dana", "dana@example.com", "viewer", WorkspaceApp.Password, ct)).Dispose();
        var id = await app.CountAsync("select id from workspace_users where name = 'dana'", ct);

        using var first = await SignInAsync(app, "dana", WorkspaceApp.Password, ct);
        Assert.Equal(HttpStatusCode.OK, (await first.Client.GetAsync("/workspace/api/overview", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, $"/workspace/users/{id}/role", ct, ("role", "analyst"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.Client.GetAsync("/workspace/api/overview", ct)).StatusCode);

        using var second = await SignInAsync(app, "dana", WorkspaceApp.Password, ct);
        Assert.Contains("(analyst)", await second.Client.GetStringAsync("/workspace", ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, $"/workspace/users/{id}/password", ct, ("password", NewPassword))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.Client.GetAsync("/workspace/api/overview", ct)).StatusCode);
        using (var old = await SignInAsync(app, "dana", WorkspaceApp.Password, ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, old.Response.StatusCode);
        }

        using var third = await SignInAsync(app, "dana", NewPassword, ct);
        Assert.Equal(HttpStatusCode.Redirect, third.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, $"/workspace/users/{id}/disable", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await third.Client.GetAsync("/workspace/api/overview", ct)).StatusCode);

        Assert.Equal(1, await app.CountAsync(
            "select count(*) from workspace_audit where action = 'user.role' and before ->> 'role' = 'viewer' and after ->> 'role' = 'analyst'", ct));
        Assert.Equal(1, await app.CountAsync(
            "select count(*) from workspace_audit where action = 'user.password' and (after ->> 'passwordReset')::boolean and after::text not like '%passphrase%'", ct));
        Assert.Equal(1, await app.CountAsync(
            "select count(*) from workspace_audit where action = 'user.disable' and before ->> 'disabled' = 'false' and after ->> 'disabled' = 'true'", ct));
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in_and_is_kept_until_enabled_again()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var admin = await app.SignedInAsync("adam", ct);
        (await AddAsync(admin, "dana", "dana@example.com", "viewer", WorkspaceApp.Password, ct)).Dispose();
        var id = await app.CountAsync("select id from workspace_users where name = 'dana'", ct);
        (await PostAsync(admin, $"/workspace/users/{id}/disable", ct)).Dispose();

        using (var refused = await SignInAsync(app, "dana", WorkspaceApp.Password, ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.Response.StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await refused.Client.GetAsync("/workspace", ct)).StatusCode);
        }

        Assert.Equal(1, await app.CountAsync("select count(*) from workspace_users where name = 'dana' and disabled", ct));
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, $"/workspace/users/{id}/enable", ct)).StatusCode);
        using var accepted = await SignInAsync(app, "dana", WorkspaceApp.Password, ct);
        Assert.Equal(HttpStatusCode.Redirect, accepted.Response.StatusCode);
        Assert.Equal(1, await app.CountAsync("select count(*) from workspace_audit where action = 'user.enable' and after ->> 'disabled' = 'false'", ct));
    }

    [Fact]
    public async Task A_taken_name_a_configured_name_a_taken_email_and_a_short_password_are_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var admin = await app.SignedInAsync("adam", ct);
        (await AddAsync(admin, "dana", "dana@example.com", "viewer", WorkspaceApp.Password, ct)).Dispose();

        using var sameName = await AddAsync(admin, "DANA", "other@example.com", "viewer", WorkspaceApp.Password, ct);
        using var configured = await AddAsync(admin, "Vera", "vera@example.com", "admin", WorkspaceApp.Password, ct);
        using var sameEmail = await AddAsync(admin, "dan", "Dana@Example.com", "viewer", WorkspaceApp.Password, ct);
        using var shortPassword = await AddAsync(admin, "eve", "eve@example.com", "viewer", "short", ct);
        using var unknownRole = await AddAsync(admin, "eve", "eve@example.com", "owner", WorkspaceApp.Password, ct);

        Assert.Equal(HttpStatusCode.Conflict, sameName.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, configured.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, sameEmail.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, shortPassword.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        Assert.Equal(1, await app.CountAsync("select count(*) from workspace_users", ct));
        Assert.Equal(1, await app.CountAsync("select count(*) from workspace_audit where action like 'user.%'", ct));
    }

    [Fact]
    public async Task An_admin_from_the_database_cannot_demote_or_disable_themself()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var bootstrap = await app.SignedInAsync("adam", ct);
        (await AddAsync(bootstrap, "dana", "dana@example.com", "admin", WorkspaceApp.Password, ct)).Dispose();
        var id = await app.CountAsync("select id from workspace_users where name = 'dana'", ct);
        using var dana = await SignInAsync(app, "dana", WorkspaceApp.Password, ct);

        using var demote = await PostAsync(dana.Client, $"/workspace/users/{id}/role", ct, ("role", "viewer"));
        using var disable = await PostAsync(dana.Client, $"/workspace/users/{id}/disable", ct);

        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, disable.StatusCode);
        Assert.Equal(1, await app.CountAsync("select count(*) from workspace_users where role = 'admin' and not disabled", ct));
    }

    [Fact]
    public async Task Markup_in_a_user_name_is_shown_as_text()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        using var admin = await app.SignedInAsync("adam", ct);
        (await AddAsync(admin, "<script>x()</script>", "x@example.com", "viewer", WorkspaceApp.Password, ct)).Dispose();

        var html = await admin.GetStringAsync("/workspace/users", ct);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;x()&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    internal static async Task<HttpResponseMessage> AddAsync(
        HttpClient admin, string name, string email, string role, string password, CancellationToken ct) =>
        await PostAsync(admin, "/workspace/users", ct, ("name", name), ("email", email), ("role", role), ("password", password));

    internal static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, CancellationToken ct, params (string, string)[] fields)
    {
        var token = await WorkspaceApp.FormTokenAsync(client, "/workspace/users", ct);
        return await client.PostAsync(path, WorkspaceApp.Form(token, fields), ct);
    }

    /// <summary>A fresh client's sign-in through the form; the caller reads the answer and keeps the client.</summary>
    internal static async Task<SignInAttempt> SignInAsync(WorkspaceApp app, string name, string password, CancellationToken ct)
    {
        var client = app.NewClient();
        var token = await WorkspaceApp.FormTokenAsync(client, "/workspace/signin", ct);
        var response = await client.PostAsync("/workspace/signin", WorkspaceApp.Form(token, ("name", name), ("password", password)), ct);
        return new SignInAttempt(client, response);
    }

    internal sealed record SignInAttempt(HttpClient Client, HttpResponseMessage Response) : IDisposable
    {
        public void Dispose()
        {
            Response.Dispose();
            Client.Dispose();
        }
    }
}
