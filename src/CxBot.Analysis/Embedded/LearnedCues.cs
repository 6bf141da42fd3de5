namespace CxBot.Analysis.Embedded;

/// <summary>A learned cue found in an answer: the theme it stands for, its key (a stem or two stems) and where it is.</summary>
internal readonly record struct LearnedHit(string Theme, string Key, bool Bigram, int Start, int End);

/// <summary>
/// Cue phrases learned from a CX team's corrections, per language: content-word stems and pairs of adjacent
/// stems of an answer the analyzer gave too few themes, and the taxonomy cues that fired for a theme the team
/// took away. Kept conservative, since one correction must not retag many unrelated answers: a theme is
/// given only for a learned pair, or for two learned single words of the same theme.
/// </summary>
internal sealed class LearnedCues
{
    public const int MinWordLength = 5;
    public const int MinPairWordLength = 3;
    public const int MaxWordsPerCorrection = 3;
    public const int MaxPairsPerCorrection = 2;

    private readonly Lock _gate = new();
    private Dictionary<string, Snapshot> _languages = new(StringComparer.Ordinal);

    /// <summary>What one language has learned; never changed once published (copy on write).</summary>
    internal sealed class Snapshot
    {
        public static readonly Snapshot Empty = new(new(StringComparer.Ordinal), []);

        public Snapshot(Dictionary<string, HashSet<string>> cues, HashSet<int> suppressed)
        {
            Cues = cues;
            Suppressed = suppressed;
        }

        /// <summary>Learned cue key (a stem, or two stems joined by a space) to the themes it stands for.</summary>
        public Dictionary<string, HashSet<string>> Cues { get; }

        /// <summary>Taxonomy cue patterns (by number) that no longer give their theme.</summary>
        public HashSet<int> Suppressed { get; }

        public Snapshot Copy() => new(
            Cues.ToDictionary(kv => kv.Key, kv => new HashSet<string>(kv.Value, StringComparer.Ordinal), StringComparer.Ordinal),
            [.. Suppressed]);
    }

    public Snapshot For(string language) => Volatile.Read(ref _languages).GetValueOrDefault(language) ?? Snapshot.Empty;

    /// <summary>Applies one change to a language's snapshot and publishes the result.</summary>
    public void Update(string language, Action<Snapshot> change)
    {
        lock (_gate)
        {
            var next = For(language).Copy();
            change(next);
            // Readers keep scanning the snapshot they took; the new one replaces it whole.
            Volatile.Write(ref _languages, new Dictionary<string, Snapshot>(_languages, StringComparer.Ordinal) { [language] = next });
        }
    }

    /// <summary>Learned cues in the tokens, only for themes that pass the rule: a learned pair, or two learned words.</summary>
    public static List<LearnedHit> Find(Snapshot learned, List<Token> tokens, LanguageModel model)
    {
        if (learned.Cues.Count == 0) return [];
        var hits = new List<LearnedHit>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!IsContent(tokens[i], model, MinPairWordLength)) continue;
            if (learned.Cues.TryGetValue(tokens[i].Stem, out var themes))
            {
                foreach (var theme in themes) hits.Add(new LearnedHit(theme, tokens[i].Stem, false, i, i + 1));
            }
            if (i + 1 < tokens.Count && IsContent(tokens[i + 1], model, MinPairWordLength)
                && learned.Cues.TryGetValue(PairKey(tokens[i], tokens[i + 1]), out var pairThemes))
            {
                foreach (var theme in pairThemes) hits.Add(new LearnedHit(theme, PairKey(tokens[i], tokens[i + 1]), true, i, i + 2));
            }
        }
        if (hits.Count == 0) return hits;
        var fired = hits.GroupBy(h => h.Theme, StringComparer.Ordinal)
            .Where(g => g.Any(h => h.Bigram) || g.Select(h => h.Key).Distinct(StringComparer.Ordinal).Count() >= 2)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        hits.RemoveAll(h => !fired.Contains(h.Theme));
        return hits;
    }

    /// <summary>
    /// The cue keys worth learning from an answer: the longest content words and adjacent content-word pairs that no
    /// lexicon entry or theme cue covers already, that are not too common to tell anything, and that no other theme
    /// has learned.
    /// </summary>
    public static List<string> Candidates(Snapshot learned, List<Token> tokens, LanguageModel model, bool[] covered, string theme)
    {
        bool Free(string key) => !learned.Cues.TryGetValue(key, out var themes) || themes.Contains(theme);
        bool Eligible(int i, int minLength) =>
            !covered[i] && IsContent(tokens[i], model, minLength) && !model.CommonWords.Contains(tokens[i].Form) && !model.CommonWords.Contains(tokens[i].Stem) && tokens[i].Form.All(char.IsLetter);

        var words = Enumerable.Range(0, tokens.Count)
            .Where(i => Eligible(i, MinWordLength) && Free(tokens[i].Stem))
            .OrderByDescending(i => tokens[i].Form.Length).ThenBy(i => i)
            .Select(i => tokens[i].Stem)
            .Distinct(StringComparer.Ordinal)
            .Take(MaxWordsPerCorrection);
        var pairs = Enumerable.Range(0, Math.Max(0, tokens.Count - 1))
            .Where(i => Eligible(i, MinPairWordLength) && Eligible(i + 1, MinPairWordLength))
            .Select(i => (Key: PairKey(tokens[i], tokens[i + 1]), Length: tokens[i].Form.Length + tokens[i + 1].Form.Length))
            .Where(p => Free(p.Key))
            .OrderByDescending(p => p.Length)
            .Select(p => p.Key)
            .Distinct(StringComparer.Ordinal)
            .Take(MaxPairsPerCorrection);
        return [.. words, .. pairs];
    }

    private static bool IsContent(Token token, LanguageModel model, int minLength) =>
        token.Kind == TokenKind.Word && token.Form.Length >= minLength && !model.Stopwords.Contains(token.Form);

    private static string PairKey(Token first, Token second) => first.Stem + " " + second.Stem;
}
