using CxBot.Cli;

// cxbot: offline commands. Each command is a class with RunAsync(args, stdout, stderr, ct) returning the exit code.
var commands = new Dictionary<string, (string Usage, Func<string[], TextWriter, TextWriter, CancellationToken, Task<int>> Run)>
{
    // commands: one line each, sorted
    ["analyze"] = (AnalyzeCommand.Usage, AnalyzeCommand.RunAsync),
    ["db"] = (DbCommand.Usage, DbCommand.RunAsync),
    ["eval"] = (EvalCommand.Usage, EvalCommand.RunAsync),
    ["invite"] = (InviteCommand.Usage, InviteCommand.RunAsync),
    ["parse"] = ("--in F.jsonl --out G.jsonl   read typed answers", ParseCommand.RunAsync),
    ["privacy"] = (PrivacyCommand.Usage, PrivacyCommand.RunAsync),
    ["responses"] = (ResponsesCommand.Usage, ResponsesCommand.RunAsync),
    ["validate"] = ("[--publish] <dir>   check survey files", ValidateCommand.RunAsync),
    ["worker"] = (WorkerCommand.Usage, WorkerCommand.RunAsync),
    ["workspace"] = (WorkspaceCommand.Usage, WorkspaceCommand.RunAsync),
};

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };

if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine("usage: cxbot <command> [options]");
    foreach (var (name, (usage, _)) in commands.OrderBy(c => c.Key)) Console.Error.WriteLine($"  {name,-10} {usage}");
    return args.Length == 0 || args[0] is "help" or "--help" or "-h" ? 0 : 2;
}
try
{
    return await command.Run(args[1..], Console.Out, Console.Error, cts.Token);
}
catch (CommandLineException e)
{
    Console.Error.WriteLine($"cxbot {args[0]}: {e.Message}");
    return 2;
}
