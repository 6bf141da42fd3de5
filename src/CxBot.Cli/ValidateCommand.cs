using CxBot.Surveys.Definitions;

namespace CxBot.Cli;

/// <summary>
/// <c>cxbot validate [--publish] &lt;dir&gt;</c>: checks the survey files as the host would at start-up and
/// prints each problem as <c>file:line:column: message</c>. With --publish, records the current files
/// as published so later edits to those versions are flagged.
/// </summary>
public static class ValidateCommand
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var line = new CommandLine(args, "--publish");
        if (line.Positional.Count != 1) throw new CommandLineException("expected one directory: cxbot validate [--publish] <dir>");
        var directory = line.Positional[0];
        if (!Directory.Exists(directory)) throw new CommandLineException($"no such directory: {directory}");
        ct.ThrowIfCancellationRequested();

        var (catalog, problems) = SurveyLoader.LoadDirectory(directory);
        var errors = problems.Count(p => p.IsError);
        if (line.Has("--publish") && errors == 0)
        {
            var path = SurveyLock.Publish(directory, catalog);
            // Reload so the report reflects the new lock: drift warnings for the versions just published are gone.
            (catalog, problems) = SurveyLoader.LoadDirectory(directory);
            stdout.WriteLine($"published {string.Join(", ", catalog.All.Select(s => s.Key))} to {path}");
        }

        foreach (var problem in problems.OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ThenBy(p => p.Column))
            stdout.WriteLine(problem.ToString());

        var warnings = problems.Count - errors;
        var surveys = catalog.All.Count;
        stdout.WriteLine(errors > 0
            ? $"{errors} error(s), {warnings} warning(s): the surveys in {directory} cannot be used"
            : $"{surveys} survey(s) OK, {warnings} warning(s)");
        return Task.FromResult(errors > 0 ? 1 : 0);
    }
}
