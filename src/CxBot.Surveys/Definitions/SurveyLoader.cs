namespace CxBot.Surveys.Definitions;

/// <summary>Loads and validates the survey files of a directory (<c>dialogs/</c>) once, at start-up.</summary>
public static class SurveyLoader
{
    /// <summary>
    /// Reads every <c>*.yaml</c>/<c>*.yml</c> file of <paramref name="directory"/>. Any error leaves the
    /// catalog empty: a half-loaded set of surveys would silently drop questions or whole journeys.
    /// Warnings (long button labels, drift from a published version) keep the catalog.
    /// </summary>
    public static (SurveyCatalog Catalog, IReadOnlyList<SurveyProblem> Problems) LoadDirectory(string directory)
    {
        var (sources, problems) = LoadSources(directory);
        return problems.Any(p => p.IsError)
            ? (SurveyCatalog.Empty, problems)
            : (new SurveyCatalog(sources.Select(s => s.Definition)), problems);
    }

    /// <summary>For the host: the catalog, or an <see cref="InvalidSurveyException"/> listing every problem.</summary>
    public static SurveyCatalog LoadOrThrow(string directory)
    {
        var (catalog, problems) = LoadDirectory(directory);
        return problems.Any(p => p.IsError) ? throw new InvalidSurveyException(problems) : catalog;
    }

    /// <summary>Reads one survey from YAML text; <paramref name="file"/> names it in problems.</summary>
    public static (SurveyDefinition? Survey, IReadOnlyList<SurveyProblem> Problems) Parse(string yaml, string file = "survey.yaml")
    {
        var (source, problems) = SurveyReader.Read(file, yaml);
        return (source?.Definition, problems);
    }

    internal static (IReadOnlyList<SurveySource> Sources, IReadOnlyList<SurveyProblem> Problems) LoadSources(string directory)
    {
        var problems = new List<SurveyProblem>();
        if (!Directory.Exists(directory))
        {
            problems.Add(new SurveyProblem(directory, 1, 1, "no such directory", ProblemSeverity.Error));
            return ([], problems);
        }
        // The path as given (e.g. "dialogs/x.yaml"), so an editor or terminal can open it from where the command ran.
        var files = Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Select(f => Path.Combine(directory, Path.GetFileName(f)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            problems.Add(new SurveyProblem(directory, 1, 1, "no survey files (*.yaml) in this directory", ProblemSeverity.Error));
            return ([], problems);
        }

        var sources = new List<SurveySource>();
        var byKey = new Dictionary<SurveyKey, SurveySource>();
        foreach (var file in files)
        {
            var (source, fileProblems) = SurveyReader.Read(file, File.ReadAllText(file));
            problems.AddRange(fileProblems);
            if (source is null) continue;
            if (byKey.TryGetValue(source.Definition.Key, out var first))
            {
                problems.Add(new SurveyProblem(file, source.Version.Line, source.Version.Column,
                    $"{source.Definition.Key} is already defined in {first.File}; give this file another id or version", ProblemSeverity.Error));
                continue;
            }
            byKey[source.Definition.Key] = source;
            sources.Add(source);
        }

        var (published, lockText, lockProblem) = SurveyLock.Read(directory);
        if (lockProblem is not null) problems.Add(lockProblem);
        if (published is not null)
        {
            foreach (var source in sources)
            {
                if (published.Surveys.TryGetValue(source.Definition.Key.ToString(), out var fingerprint))
                    problems.AddRange(SurveyLock.Compare(source, fingerprint));
            }
            var lockPath = Path.Combine(directory, SurveyLock.FileName);
            foreach (var key in published.Surveys.Keys.Where(k => sources.All(s => s.Definition.Key.ToString() != k)))
            {
                var (line, column) = Locate(lockText, $"\"{key}\"");
                problems.Add(new SurveyProblem(lockPath, line, column,
                    $"{key} is published but no survey file defines it any more; conversations that began with it cannot continue",
                    ProblemSeverity.Warning));
            }
        }
        return (sources, problems);
    }

    private static (int Line, int Column) Locate(string text, string needle)
    {
        var at = text.IndexOf(needle, StringComparison.Ordinal);
        if (at < 0) return (1, 1);
        var lineStart = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        return (text.AsSpan(0, at).Count('\n') + 1, at - lineStart + 1);
    }
}
