using System.Collections.Frozen;
using System.Text.Json;

namespace CxBot.Workspace.Pages;

/// <summary>
/// The page texts of each language, embedded: Texts/{lang}.json for the shared ones and Texts/{page}.{lang}.json for
/// each page's own, so a page and its texts travel together. English is the default and the fallback; a key may be
/// defined only once per language.
/// </summary>
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
        const string Prefix = "CxBot.Workspace.Texts.";
        var result = new Dictionary<string, FrozenDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var language in Languages)
        {
            var files = assembly.GetManifestResourceNames()
                .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith($".{language}.json", StringComparison.Ordinal)
                    || n == $"{Prefix}{language}.json")
                .Order(StringComparer.Ordinal)
                .ToList();
            if (!files.Contains($"{Prefix}{language}.json"))
            {
                throw new InvalidOperationException($"Workspace texts for '{language}' are missing.");
            }

            var texts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                using var stream = assembly.GetManifestResourceStream(file)!;
                foreach (var (key, value) in JsonSerializer.Deserialize(stream, WorkspaceJson.Default.DictionaryStringString)!)
                {
                    if (!texts.TryAdd(key, value))
                    {
                        throw new InvalidOperationException($"Workspace text '{key}' is defined twice for '{language}' ({file}).");
                    }
                }
            }

            result[language] = texts.ToFrozenDictionary(StringComparer.Ordinal);
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
