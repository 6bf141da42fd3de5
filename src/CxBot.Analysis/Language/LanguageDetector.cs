using System.Collections.Frozen;
using System.Text.Json;
using CxBot.Analysis.Embedded;

namespace CxBot.Analysis.Language;

/// <summary>
/// Tells en, ru, pl and ro apart from the text alone: Cyrillic is Russian; Latin text is scored by letters only
/// Polish or Romanian use, frequent short words (Russian typed in Latin letters included) and letter pairs.
/// Returns null when unsure ("9", "👍", "ok").
/// </summary>
public sealed class LanguageDetector
{
    private const double LetterWeight = 3.0;
    private const double WordWeight = 1.0;
    private const double PairWeight = 0.08;
    private const double MinScore = 1.0;
    private const double MinLead = 0.6;

    private static readonly string[] Latin = ["en", "pl", "ro", "ru"];

    private readonly FrozenDictionary<char, string> _letters;
    private readonly FrozenDictionary<string, string[]> _words;
    private readonly FrozenDictionary<string, string[]> _pairs;

    public LanguageDetector()
    {
        using var document = LanguageModel.ReadResource("language-profiles.json");
        var root = document.RootElement;
        var letters = new Dictionary<char, string>();
        foreach (var p in root.GetProperty("letters").EnumerateObject())
            foreach (var c in p.Value.GetString()!) letters[c] = p.Name;
        _letters = letters.ToFrozenDictionary();
        _words = Read(root.GetProperty("words"));
        _pairs = Read(root.GetProperty("pairs"));
    }

    public string? Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int cyrillic = 0, latin = 0;
        var scores = new Dictionary<string, double>(StringComparer.Ordinal) { ["en"] = 0, ["pl"] = 0, ["ro"] = 0, ["ru"] = 0 };
        foreach (var c in text)
        {
            if (TextNormalizer.IsCyrillic(c)) cyrillic++;
            else if (char.IsLetter(c))
            {
                latin++;
                if (_letters.TryGetValue(char.ToLowerInvariant(c), out var lang)) scores[lang] += LetterWeight;
            }
        }
        if (cyrillic > 0 && cyrillic >= latin) return "ru";
        if (latin == 0) return null;

        var folded = TextNormalizer.FoldText(text);
        foreach (var word in folded.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            var w = word.Replace("'", "", StringComparison.Ordinal);
            foreach (var lang in Latin)
            {
                if (Array.IndexOf(_words[lang], w) >= 0) scores[lang] += WordWeight;
            }
            for (var i = 0; i + 1 < w.Length; i++)
            {
                foreach (var lang in Latin)
                {
                    var pairs = _pairs[lang];
                    for (var p = 0; p < pairs.Length; p++)
                    {
                        if (pairs[p][0] == w[i] && pairs[p][1] == w[i + 1]) scores[lang] += PairWeight;
                    }
                }
            }
        }
        var ranked = scores.OrderByDescending(s => s.Value).ToArray();
        if (ranked[0].Value < MinScore || ranked[0].Value - ranked[1].Value < MinLead) return null;
        return ranked[0].Key;
    }

    private static readonly char[] WordSeparators = [' ', ',', '.', '!', '?', ';', ':', '-', '(', ')', '"', '\n', '\t', '/', '…'];

    private static FrozenDictionary<string, string[]> Read(JsonElement element) =>
        element.EnumerateObject().ToFrozenDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => TextNormalizer.FoldText(v.GetString()!)).ToArray(), StringComparer.Ordinal);
}
