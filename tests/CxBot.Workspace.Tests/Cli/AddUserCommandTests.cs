using System.Diagnostics;
using System.Net;
using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;
using CxBot.Workspace.Tests.Users;

namespace CxBot.Workspace.Tests.Cli;

/// <summary><c>cxbot workspace add-user</c>, run as the operator runs it, against the test's database.</summary>
public sealed class AddUserCommandTests(RedisServer redis, PostgresServer postgres)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_added_user_signs_in_to_the_workspace_and_the_audit_log_names_the_command()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        var settings = new[] { $"--ConnectionStrings:Postgres={app.Data.ConnectionString}", $"--ConnectionStrings:Redis={redis.ConnectionString}" };

        var (added, output) = await RunAsync("first admin passphrase\n", ct, ["workspace", "add-user", "olga", "olga@example.com", "admin", .. settings]);
        var (again, _) = await RunAsync("first admin passphrase\n", ct, ["workspace", "add-user", "OLGA", "o2@example.com", "viewer", .. settings]);
        var (tooShort, _) = await RunAsync("short\n", ct, ["workspace", "add-user", "pia", "pia@example.com", "viewer", .. settings]);

        Assert.Equal(0, added);
        Assert.StartsWith("workspace: added olga (admin)", output, StringComparison.Ordinal);
        Assert.Equal(1, again);
        Assert.Equal(2, tooShort);
        using var olga = await UsersTests.SignInAsync(app, "olga", "first admin passphrase", ct);
        Assert.Equal(HttpStatusCode.Redirect, olga.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await olga.Client.GetAsync("/workspace/users", ct)).StatusCode);
        Assert.Equal(1, await app.CountAsync("select count(*) from workspace_audit where action = 'user.add' and user_name like 'cli:%' and after ->> 'name' = 'olga'", ct));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string input, CancellationToken ct, string[] arguments)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var cli = RepositoryPaths.InRoot("src", "CxBot.Cli", "bin", configuration, "net10.0", "cxbot.dll");
        Assert.True(File.Exists(cli), $"{cli} is not built.");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(cli);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input.AsMemory(), ct);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(Bound);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cxbot {string.Join(' ', arguments)} ran past {Bound}: {await error}");
        }

        return (process.ExitCode, await output);
    }
}
