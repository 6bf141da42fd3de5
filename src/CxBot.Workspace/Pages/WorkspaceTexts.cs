using System.Collections.Frozen;
using System.Text.Json;

namespace CxBot.Workspace.Pages;

/// <summary>The page texts of each language (Texts/{lang}.json, embedded); English is the default and the fallback.</summary>
internal sealed class WorkspaceTexts
{
    public const string Default = "en";

    public static IReadOnlyList<string> Languages { get; } = ["en", "ru", "pl", "ro"];

    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _byLanguage = Load();

    public static string Pick(string? requested) => requested is not null && Languages.Contains(requested) ? requested : Default;

    public string Get(string language, string key) =>
        _byLanguage.TryGetValue(language, out var texts) && texts.TryGetValue(key, out var text) ? text
        : _byLanguage[Default].TryGetValue(key, out var fallback) ? fallback
        : throw new KeyNotFoundException($"No workspace text '{key}'.");

    private static FrozenDictionary<string, FrozenDictionary<string, string>> Load()
    {
        var assembly = typeof(WorkspaceTexts).Assembly;
        var result = new Dictionary<string, FrozenDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var language in Languages)
        {
            using var stream = assembly.GetManifestResourceStream($"CxBot.Workspace.Texts.{language}.json")
                ?? throw new InvalidOperationException($"Workspace texts for '{language}' are missing.");
            var texts = JsonSerializer.Deserialize(stream, WorkspaceJson.Default.DictionaryStringString)!;
            result[language] = texts.ToFrozenDictionary(StringComparer.Ordinal);
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
