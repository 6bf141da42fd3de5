using System.Diagnostics;
using CxBot.Testing;
using CxBot.Workspace.Auth;
using Microsoft.Extensions.Options;

namespace CxBot.Workspace.Tests.Cli;

/// <summary><c>cxbot workspace hash-password</c>, run as the operator runs it.</summary>
public sealed class HashPasswordCommandTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_printed_hash_signs_the_user_in_with_that_password_only()
    {
        var (exitCode, output) = await RunAsync("Zielony ogórek 7\n", "workspace", "hash-password");

        Assert.Equal(0, exitCode);
        var hash = output.Trim();
        var users = new UserDirectory(new Monitor(new WorkspaceOptions { Users = [new WorkspaceUser { Name = "ana", PasswordHash = hash, Role = Roles.Analyst }] }));
        Assert.NotNull(users.Verify("ana", "Zielony ogórek 7"));
        Assert.Null(users.Verify("ana", "Zielony ogorek 7"));
    }

    [Fact]
    public async Task Without_a_password_on_standard_input_it_fails_and_prints_nothing()
    {
        var (exitCode, output) = await RunAsync("", "workspace", "hash-password");

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string input, params string[] arguments)
    {
        var ct = TestContext.Current.CancellationToken;
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

    private sealed class Monitor(WorkspaceOptions value) : IOptionsMonitor<WorkspaceOptions>
    {
        public WorkspaceOptions CurrentValue => value;

        public WorkspaceOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<WorkspaceOptions, string?> listener) => null;
    }
}
