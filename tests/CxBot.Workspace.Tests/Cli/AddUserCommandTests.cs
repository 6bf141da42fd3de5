using System.Net;
using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;
using CxBot.Workspace.Tests.Users;

namespace CxBot.Workspace.Tests.Cli;

/// <summary><c>cxbot workspace add-user</c>, run as the operator runs it, against the test's database.</summary>
public sealed class AddUserCommandTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task The_added_user_signs_in_to_the_workspace_and_the_audit_log_names_the_command()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        var settings = new[] { $"--ConnectionStrings:Postgres={app.Data.ConnectionString}", $"--ConnectionStrings:Redis={redis.ConnectionString}" };

        var added = await CxbotCommand.RunAsync("first admin passphrase\n", ["workspace", "add-user", "olga", "olga@example.com", "admin", .. settings], ct);
        var again = await CxbotCommand.RunAsync("first admin passphrase\n", ["workspace", "add-user", "OLGA", "o2@example.com", "viewer", .. settings], ct);
        var tooShort = await CxbotCommand.RunAsync("short\n", ["workspace", "add-user", "pia", "pia@example.com", "viewer", .. settings], ct);

        Assert.Equal(0, added.ExitCode);
        Assert.StartsWith("workspace: added olga (admin)", added.Output, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal(2, tooShort.ExitCode);
        using var olga = await UsersTests.SignInAsync(app, "olga", "first admin passphrase", ct);
        Assert.Equal(HttpStatusCode.Redirect, olga.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await olga.Client.GetAsync("/workspace/users", ct)).StatusCode);
        Assert.Equal(1, await app.CountAsync("select count(*) from workspace_audit where action = 'user.add' and user_name like 'cli:%' and after ->> 'name' = 'olga'", ct));
    }
}
