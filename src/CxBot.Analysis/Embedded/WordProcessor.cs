using System.Collections.Concurrent;
using System.Text;
using Lucene.Net.Tartarus.Snowball;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace CxBot.Analysis.Embedded;

/// <summary>
/// Turns a folded word into the form and stem lexicon entries are compared with, per language: Snowball stemmers
/// for English, Romanian and Russian; suffix rules for Polish (no Snowball stemmer for it here). Russian is
/// compared in a script-neutral spelling, so "доставка", "dostavka" and "dostavku" meet.
/// </summary>
internal sealed class WordProcessor
{
    private const int CacheLimit = 50_000;

    private static readonly string[] PolishSuffixes =
    [
        "owaniami", "owaniach", "owaniem", "owania", "owanie", "aniami", "eniami", "aniach", "eniach", "aniem", "eniem",
        "iejszy", "ejszy", "ami", "ach", "owi", "ego", "emu", "ymi", "imi", "iej", "ych", "ich", "ymi", "scie", "smy",
        "cie", "lam", "lem", "lismy", "lysmy", "ej", "om", "ow", "em", "ie", "ia", "iu", "ii", "ym", "im", "y", "a", "e", "i", "o", "u", "l",
    ];

    private readonly string _language;
    private readonly Func<SnowballProgram>? _stemmerFactory;
    private readonly ThreadLocal<SnowballProgram?> _stemmer;
    private readonly ConcurrentDictionary<string, (string Form, string Stem)> _cache = new(StringComparer.Ordinal);

    public WordProcessor(string language)
    {
        _language = language;
        _stemmerFactory = language switch
        {
            "en" => () => new EnglishStemmer(),
            "ro" => () => new RomanianStemmer(),
            "ru" => () => new RussianStemmer(),
            _ => null,
        };
        _stemmer = new ThreadLocal<SnowballProgram?>(() => _stemmerFactory?.Invoke());
    }

    public string Language => _language;

    /// <summary>The comparable form and stem of a folded word.</summary>
    public (string Form, string Stem) Process(string folded)
    {
        if (_cache.TryGetValue(folded, out var hit)) return hit;
        var result = Compute(folded);
        if (_cache.Count < CacheLimit) _cache.TryAdd(folded, result);
        return result;
    }

    /// <summary>The comparable form of a cue written with a trailing '*' (a prefix): no stemming.</summary>
    public string ProcessPrefix(string folded) => _language == "ru" ? RussianSpelling.Neutral(RussianSpelling.ToCyrillic(folded)) : folded;

    private (string Form, string Stem) Compute(string word)
    {
        if (word.Length == 0 || !char.IsLetter(word[0]) && !char.IsLetter(word[^1])) return (word, word);
        switch (_language)
        {
            case "ru":
            {
                var cyrillic = RussianSpelling.ToCyrillic(word);
                return (RussianSpelling.Neutral(cyrillic), RussianSpelling.Neutral(Snowball(cyrillic)));
            }
            case "pl":
                return (word, PolishStem(word));
            default:
                return (word, word.Length <= 3 ? word : Snowball(word));
        }
    }

    private string Snowball(string word)
    {
        var stemmer = _stemmer.Value;
        if (stemmer is null) return word;
        stemmer.SetCurrent(word);
        stemmer.Stem();
        return stemmer.Current;
    }

    private static string PolishStem(string word)
    {
        if (word.Length <= 4) return word;
        foreach (var suffix in PolishSuffixes)
        {
            if (word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal)) return word[..^suffix.Length];
        }
        return word;
    }
}

/// <summary>Russian in either script: Latin transliteration back to Cyrillic (for the stemmer) and a script-neutral spelling.</summary>
internal static class RussianSpelling
{
    private static readonly (string Latin, string Cyrillic)[] Reverse =
    [
        ("shch", "щ"), ("sch", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ts", "тс"), ("tz", "ц"),
        ("ya", "я"), ("ja", "я"), ("yu", "ю"), ("ju", "ю"), ("yo", "ё"), ("ye", "е"),
        ("a", "а"), ("b", "б"), ("v", "в"), ("w", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"),
        ("j", "й"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"),
        ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("x", "х"), ("c", "ц"), ("q", "к"), ("y", "ы"),
    ];

    public static string ToCyrillic(string word)
    {
        var hasLatin = false;
        foreach (var c in word) if (c is >= 'a' and <= 'z') { hasLatin = true; break; }
        if (!hasLatin) return word;
        var sb = new StringBuilder(word.Length);
        var i = 0;
        while (i < word.Length)
        {
            var matched = false;
            foreach (var (latin, cyrillic) in Reverse)
            {
                if (string.CompareOrdinal(word, i, latin, 0, latin.Length) == 0)
                {
                    // A "y" after a vowel closes the syllable: "moy" is мой, not моы.
                    if (latin == "y" && i > 0 && "аеиоуыэюяё".Contains(sb[^1]) ) sb.Append('й');
                    else sb.Append(cyrillic);
                    i += latin.Length;
                    matched = true;
                    break;
                }
            }
            if (!matched) sb.Append(word[i++]);
        }
        return sb.ToString();
    }

    public static string Neutral(string cyrillic)
    {
        var sb = new StringBuilder(cyrillic.Length + 4);
        foreach (var c in cyrillic)
        {
            sb.Append(c switch
            {
                'а' => "a", 'б' => "b", 'в' => "v", 'г' => "g", 'д' => "d", 'е' or 'ё' or 'э' => "e", 'ж' => "zh", 'з' => "z",
                'и' or 'й' or 'ы' => "i", 'к' => "k", 'л' => "l", 'м' => "m", 'н' => "n", 'о' => "o", 'п' => "p", 'р' => "r",
                'с' => "s", 'т' => "t", 'у' => "u", 'ф' => "f", 'х' => "h", 'ц' => "ts", 'ч' => "ch", 'ш' or 'щ' => "sh",
                'ъ' or 'ь' => "", 'ю' => "iu", 'я' => "ia",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }
}
