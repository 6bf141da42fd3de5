using System.Security.Claims;
using CxBot.Responses.Database;
using CxBot.Workspace;
using CxBot.Workspace.Auth;
using CxBot.Workspace.Database;
using CxBot.Workspace.Users;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CxBot.Cli;

/// <summary>
/// cxbot workspace hash-password: a PBKDF2 hash for a <c>Workspace:Users</c> entry.
/// cxbot workspace add-user: a team member in the database, e.g. the first admin of a deployment without configured users.
/// </summary>
public static class WorkspaceCommand
{
    public const string Usage = "hash-password | add-user <name> <email> <role>   (password on stdin)";

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        RunAsync(args, Console.In, stdout, stderr, ct);

    /// <summary>The password comes from standard input, never the command line, where it would stay in the shell's history.</summary>
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (ResponsesHost.Plain(args) is ["add-user", var name, var email, var role])
        {
            return await AddUserAsync(args, name, email, role, stdin, stdout, stderr, ct);
        }

        if (args is not ["hash-password"]) throw new CommandLineException("usage: cxbot workspace hash-password < password.txt | cxbot workspace add-user <name> <email> <role> < password.txt");
        var password = (await stdin.ReadLineAsync(ct))?.TrimEnd('\r');
        if (string.IsNullOrEmpty(password))
        {
            await stderr.WriteLineAsync("workspace: no password on standard input");
            return 2;
        }

        await stdout.WriteLineAsync(UserDirectory.Hash(password));
        return 0;
    }

    private static async Task<int> AddUserAsync(
        string[] args, string name, string email, string role, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var password = (await stdin.ReadLineAsync(ct))?.TrimEnd('\r') ?? "";
        if (!UserRules.ValidName(name) || !UserRules.ValidEmail(email) || !Roles.All.Contains(role) || !UserRules.ValidPassword(password))
        {
            await stderr.WriteLineAsync($"workspace: a user needs a name (up to {UserRules.MaxName} characters), an e-mail address, a role ({string.Join(", ", Roles.All)}) and a password of at least {UserRules.MinPassword} characters on standard input");
            return 2;
        }

        using var host = ResponsesHost.Build(args, runWorkers: false);
        var data = host.Services.GetRequiredService<NpgsqlDataSource>();
        var store = new UserStore(data, new WorkspaceSchema(data, host.Services.GetRequiredService<DatabaseSchema>()));
        // The audit log names who ran the command, as the operating system knows them.
        var actor = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "cli:" + Environment.UserName), new Claim(ClaimTypes.Role, Roles.Admin)], "cli", ClaimTypes.Name, ClaimTypes.Role));
        var (result, user) = await store.AddAsync(actor, name, email, role, password, ct);
        if (result != AddUserResult.Added)
        {
            await stderr.WriteLineAsync(result == AddUserResult.NameTaken ? $"workspace: the name '{name}' is taken" : $"workspace: the e-mail '{email}' is taken");
            return 1;
        }

        await stdout.WriteLineAsync($"workspace: added {user!.Name} ({user.Role}), id {user.Id}");
        return 0;
    }
}
