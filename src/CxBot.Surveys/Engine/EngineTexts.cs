using System.Collections.Frozen;
using System.Text.Json;

namespace CxBot.Surveys.Engine;

/// <summary>
/// The engine's own lines (hints, empathy, help, apologies) in every supported language, from
/// <c>Engine/Texts/{lang}.json</c>. A value is one line or an array of variants to vary between.
/// </summary>
public sealed class EngineTexts
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, string[]>> _byLanguage;

    private EngineTexts(FrozenDictionary<string, FrozenDictionary<string, string[]>> byLanguage) => _byLanguage = byLanguage;

    public static EngineTexts Default { get; } = LoadEmbedded();

    public IReadOnlyCollection<string> Languages => _byLanguage.Keys;

    /// <summary>The line for a key; the first variant when the key has several.</summary>
    public string Get(string language, string key) => Variants(language, key)[0];

    public string[] Variants(string language, string key) =>
        _byLanguage.TryGetValue(language, out var texts) && texts.TryGetValue(key, out var lines) ? lines
        : throw new KeyNotFoundException($"Engine text '{key}' is missing for '{language}'.");

    /// <summary>
    /// A variant of <paramref name="key"/> not among the recently used ones (tracked in <paramref name="recent"/>
    /// as key hash * 100 + index), so acknowledgements do not repeat within a conversation.
    /// </summary>
    public string Pick(string language, string key, int random, List<int> recent)
    {
        var lines = Variants(language, key);
        var keyHash = StableHash(key) * 100;
        var start = (int)((uint)random % (uint)lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var index = (start + i) % lines.Length;
            if (recent.Contains(keyHash + index)) continue;
            Remember(recent, keyHash + index, lines.Length);
            return lines[index];
        }
        // Every variant was used recently: forget this key's history and start again.
        recent.RemoveAll(r => r / 100 == keyHash / 100);
        Remember(recent, keyHash + start, lines.Length);
        return lines[start];
    }

    private static void Remember(List<int> recent, int entry, int variants)
    {
        recent.Add(entry);
        // Keep the state small: a handful of entries is enough to avoid visible repetition.
        while (recent.Count > Math.Min(6, Math.Max(2, variants - 1) * 2)) recent.RemoveAt(0);
    }

    // Bounded to keep key hash * 100 + index inside an int; stable across processes unlike string.GetHashCode.
    private static int StableHash(string key)
    {
        var h = 17;
        foreach (var c in key) h = (h * 31 + c) % 10_000_000;
        return h;
    }

    private static EngineTexts LoadEmbedded()
    {
        var assembly = typeof(EngineTexts).Assembly;
        var result = new Dictionary<string, FrozenDictionary<string, string[]>>();
        foreach (var language in Surveys.Languages.Supported)
        {
            var name = $"CxBot.Surveys.Engine.Texts.{language}.json";
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
            result[language] = Parse(stream);
        }
        return new EngineTexts(result.ToFrozenDictionary());
    }

    internal static FrozenDictionary<string, string[]> Parse(Stream json)
    {
        using var doc = JsonDocument.Parse(json);
        var texts = new Dictionary<string, string[]>();
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (p.Name.StartsWith('$')) continue;
            texts[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.String => [p.Value.GetString()!],
                JsonValueKind.Array => [.. p.Value.EnumerateArray().Select(v => v.GetString()!)],
                _ => throw new InvalidDataException($"Engine text '{p.Name}' must be a string or an array of strings."),
            };
        }
        return texts.ToFrozenDictionary();
    }
}
