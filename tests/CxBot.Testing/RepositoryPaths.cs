namespace CxBot.Testing;

/// <summary>Where the repository and the shared folder beside it are, found from the test's output folder.</summary>
public static class RepositoryPaths
{
    private const string SolutionFile = "CxBot.sln";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder that holds CxBot.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The shared folder next to the repository (specifications, evaluation sets).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>A path inside the repository.</summary>
    public static string InRoot(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A path inside the shared folder.</summary>
    public static string InShared(params string[] parts) => Path.Combine([Shared, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory}.");
    }
}
