using CxBot.Workspace.Auth;

namespace CxBot.Cli;

/// <summary>cxbot workspace hash-password: a PBKDF2 hash for a <c>Workspace:Users</c> entry.</summary>
public static class WorkspaceCommand
{
    public const string Usage = "hash-password   read a password from stdin, print its hash for Workspace:Users";

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        RunAsync(args, Console.In, stdout, stderr, ct);

    /// <summary>The password comes from standard input, never the command line, where it would stay in the shell's history.</summary>
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (args is not ["hash-password"]) throw new CommandLineException("usage: cxbot workspace hash-password < password.txt");
        var password = (await stdin.ReadLineAsync(ct))?.TrimEnd('\r');
        if (string.IsNullOrEmpty(password))
        {
            await stderr.WriteLineAsync("workspace: no password on standard input");
            return 2;
        }

        await stdout.WriteLineAsync(UserDirectory.Hash(password));
        return 0;
    }
}
