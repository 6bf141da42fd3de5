namespace CxBot.Surveys.Tests.Definitions;

/// <summary>The repository's own files, and a scratch directory of survey files per test.</summary>
internal sealed class SurveyFiles : IDisposable
{
    public SurveyFiles() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cxbot-surveys-" + Guid.NewGuid().ToString("N"));

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Dialogs => System.IO.Path.Combine(RepositoryRoot, "dialogs");

    public string Write(string name, string yaml)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, yaml.ReplaceLineEndings("\n"));
        return file;
    }

    /// <summary>Copies the shipped surveys and their lock, for tests that change one of them.</summary>
    public void CopyShipped()
    {
        foreach (var file in Directory.EnumerateFiles(Dialogs).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)))
            File.Copy(file, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file)));
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CxBot.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("CxBot.sln not found above " + AppContext.BaseDirectory);
    }
}
