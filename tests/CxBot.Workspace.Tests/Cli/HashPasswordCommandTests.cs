using CxBot.Testing;
using CxBot.Workspace.Auth;
using Microsoft.Extensions.Options;

namespace CxBot.Workspace.Tests.Cli;

/// <summary><c>cxbot workspace hash-password</c>, run as the operator runs it.</summary>
public sealed class HashPasswordCommandTests
{
    [Fact]
    public async Task The_printed_hash_signs_the_user_in_with_that_password_only()
    {
        var (exitCode, output, _, _) = await CxbotCommand.RunAsync("Zielony ogórek 7\n", ["workspace", "hash-password"], TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        var hash = output.Trim();
        var users = new UserDirectory(new Monitor(new WorkspaceOptions { Users = [new WorkspaceUser { Name = "ana", PasswordHash = hash, Role = Roles.Analyst }] }));
        Assert.NotNull(users.Verify("ana", "Zielony ogórek 7"));
        Assert.Null(users.Verify("ana", "Zielony ogorek 7"));
    }

    [Fact]
    public async Task Without_a_password_on_standard_input_it_fails_and_prints_nothing()
    {
        var (exitCode, output, _, _) = await CxbotCommand.RunAsync("", ["workspace", "hash-password"], TestContext.Current.CancellationToken);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
    }

    private sealed class Monitor(WorkspaceOptions value) : IOptionsMonitor<WorkspaceOptions>
    {
        public WorkspaceOptions CurrentValue => value;

        public WorkspaceOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<WorkspaceOptions, string?> listener) => null;
    }
}
