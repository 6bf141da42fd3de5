using System.Net;
using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;
using CxBot.Workspace.Tests.Users;

namespace CxBot.Workspace.Tests.Auth;

/// <summary>Lock-out after repeated failed sign-ins, over HTTP against the workspace on Kestrel.</summary>
public sealed class LockoutTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task After_five_wrong_passwords_even_the_right_one_is_refused_for_that_name_only()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await UsersTests.SignInAsync(app, "ana", $"guess {i}", ct);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.Response.StatusCode);
        }

        using var locked = await UsersTests.SignInAsync(app, "ana", WorkspaceApp.Password, ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.Response.StatusCode);
        Assert.Equal("900", locked.Response.Headers.GetValues("Retry-After").Single());
        Assert.Contains("Try again in 15 minutes", await locked.Response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await locked.Client.GetAsync("/workspace", ct)).StatusCode);

        using var other = await UsersTests.SignInAsync(app, "vera", WorkspaceApp.Password, ct);
        Assert.Equal(HttpStatusCode.Redirect, other.Response.StatusCode);
    }

    [Fact]
    public async Task A_database_user_is_locked_out_like_a_configured_one()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct, new Dictionary<string, string?> { ["Workspace:MaxFailedSignInsPerName"] = "3" });
        using var admin = await app.SignedInAsync("adam", ct);
        (await UsersTests.AddAsync(admin, "dana", "dana@example.com", "viewer", WorkspaceApp.Password, ct)).Dispose();
        for (var i = 0; i < 3; i++)
        {
            (await UsersTests.SignInAsync(app, "dana", "wrong password", ct)).Dispose();
        }

        using var locked = await UsersTests.SignInAsync(app, "dana", WorkspaceApp.Password, ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.Response.StatusCode);
    }
}
