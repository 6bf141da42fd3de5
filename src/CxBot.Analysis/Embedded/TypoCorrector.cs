namespace CxBot.Analysis.Embedded;

/// <summary>
/// Mends one typo in a long word that no lexicon entry or cue knows, when the known cue words (or cue prefixes)
/// of six letters or more one typing slip away all belong to one word family: "disapointed" reads as
/// "disappointed", "frustating" as "frustrating". Kept narrow on purpose (see <see cref="WithinOneEdit"/>):
/// short and known words are never touched and an ambiguous word is left alone, because a looser version
/// (edit distance on every word) made results worse, turning real words into other real words.
/// </summary>
internal sealed class TypoCorrector
{
    public const int MinLength = 6;

    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly HashSet<string> _knownPrefixes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _indexed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _words = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _prefixes = new(StringComparer.Ordinal);
    private readonly List<(string Form, string Stem)> _wordList = [];
    private readonly List<string> _prefixList = [];
    private int _shortestPrefix = int.MaxValue;

    public TypoCorrector(IEnumerable<(string Form, string Stem, bool Prefix)> vocabulary, IEnumerable<string> stopwords)
    {
        foreach (var w in stopwords) _known.Add(w);
        foreach (var (form, stem, prefix) in vocabulary)
        {
            if (prefix)
            {
                _knownPrefixes.Add(form);
                // "*" keeps a prefix apart from the whole word spelt the same.
                if (form.Length >= MinLength && IsLetters(form) && _indexed.Add("*" + form))
                {
                    Index(_prefixes, form, _prefixList.Count);
                    _prefixList.Add(form);
                    _shortestPrefix = Math.Min(_shortestPrefix, form.Length);
                }
                continue;
            }
            _known.Add(form);
            if (stem.Length > 0) _known.Add(stem);
            if (form.Length >= MinLength && IsLetters(form) && _indexed.Add(form))
            {
                Index(_words, form, _wordList.Count);
                _wordList.Add((form, stem.Length > 0 ? stem : form));
            }
        }
    }

    /// <summary>Replaces, in place, each unknown long word that has exactly one known word family one edit away.</summary>
    public void Fix(List<Token> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind != TokenKind.Word || t.Form.Length < MinLength || IsKnown(t)) continue;
            if (Correct(t.Form) is { } fixedWord) tokens[i] = t with { Form = fixedWord.Form, Stem = fixedWord.Stem, AltForm = null };
        }
    }

    private bool IsKnown(Token t)
    {
        if (_known.Contains(t.Form) || _known.Contains(t.Stem) || t.AltForm is not null || !IsLetters(t.Form)) return true;
        var lookup = _knownPrefixes.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var k = 2; k <= t.Form.Length; k++)
        {
            if (lookup.Contains(t.Form.AsSpan(0, k))) return true;
        }
        return false;
    }

    private (string Form, string Stem)? Correct(string word)
    {
        var found = new List<(string Form, string Stem, string Family)>();
        foreach (var id in Candidates(_words, word))
        {
            var (form, stem) = _wordList[id];
            if (WithinOneEdit(word, form)) found.Add((form, stem, stem));
        }
        if (_prefixList.Count > 0)
        {
            for (var m = Math.Max(MinLength - 1, _shortestPrefix - 1); m <= word.Length; m++)
            {
                var head = word[..m];
                foreach (var id in Candidates(_prefixes, head))
                {
                    var prefix = _prefixList[id];
                    if (WithinOneEdit(head, prefix, tail: 2)) found.Add((prefix + word[m..], prefix + word[m..], prefix));
                }
            }
        }
        if (found.Count == 0) return null;
        // Unique means one word family: every candidate's stem or prefix starts with the shortest of them.
        var family = found.MinBy(f => f.Family.Length).Family;
        if (!found.All(f => f.Family.StartsWith(family, StringComparison.Ordinal))) return null;
        var best = found.OrderBy(f => f.Form.Length == word.Length ? 0 : 1).ThenBy(f => f.Form, StringComparer.Ordinal).First();
        return (best.Form, best.Stem);
    }

    private static IEnumerable<int> Candidates(Dictionary<string, List<int>> index, string word)
    {
        var seen = new HashSet<int>();
        if (index.TryGetValue(word, out var exact)) foreach (var id in exact) if (seen.Add(id)) yield return id;
        for (var k = 0; k < word.Length; k++)
        {
            if (index.TryGetValue(word.Remove(k, 1), out var list)) foreach (var id in list) if (seen.Add(id)) yield return id;
        }
    }

    // Symmetric deletion: a word and every one-letter deletion of it, so that a lookup finds all words one edit away.
    private static void Index(Dictionary<string, List<int>> index, string word, int id)
    {
        Add(word);
        for (var k = 0; k < word.Length; k++) Add(word.Remove(k, 1));

        void Add(string key)
        {
            if (!index.TryGetValue(key, out var list)) index[key] = list = [];
            if (!list.Contains(id)) list.Add(id);
        }
    }

    /// <summary>
    /// Damerau-Levenshtein (optimal string alignment) distance of exactly one, of the kinds typing makes and real
    /// words rarely differ by: two letters swapped, a doubled letter typed once or a letter typed twice, or a
    /// letter missing or extra after the fourth. Never a wrong letter ("writing"/"waiting", "skipped"/"shipped"),
    /// never the first letter ("either"/"neither"), never the last <paramref name="tail"/> letters, where
    /// inflections differ ("rozumiem"/"rozumie", "serviciu"/"serviciul"); a cut-off prefix needs a longer tail.
    /// </summary>
    internal static bool WithinOneEdit(string a, string b, int tail = 1)
    {
        if (a == b) return false;
        var diff = a.Length - b.Length;
        if (diff is > 1 or < -1) return false;
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        if (i == 0 || i + tail >= Math.Min(a.Length, b.Length)) return false;
        if (diff == 0)
        {
            return i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a.AsSpan(i + 2).SequenceEqual(b.AsSpan(i + 2));
        }
        var (longer, shorter) = diff > 0 ? (a, b) : (b, a);
        if (!longer.AsSpan(i + 1).SequenceEqual(shorter.AsSpan(i))) return false;
        // The extra letter of the longer word is at i; it doubles a neighbour when it equals the letter before it.
        var doubled = longer[i] == longer[i - 1] || i + 1 < longer.Length && longer[i] == longer[i + 1];
        return doubled || i >= 4;
    }

    private static bool IsLetters(string s)
    {
        foreach (var c in s) if (!char.IsLetter(c)) return false;
        return true;
    }
}
