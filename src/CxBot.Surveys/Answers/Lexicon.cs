using System.Text.Json;

namespace CxBot.Surveys.Answers;

/// <summary>What a word or phrase of the lexicon means. Names match the keys of the lexicon files.</summary>
internal enum TagKind : byte
{
    Num, Ord, Last, Level, Intens, Soft, Neg, NegStrong, Yes, YesStrong, No, Unsure,
    Skip, SkipWeak, Stop, Refuse, QuestionTarget, SurveyTarget, Help, HelpWeak, Back, BackWeak,
    All, None, Except, Unit, ScoreUnit, Star, Half, Of, Correction, NonScore, Max, Min,
    AnchorMax, AnchorMin, Recommend, AtAll, Neither, QuestionWord, Determiner, Filler, Pronoun, And, Or,
}

internal readonly record struct Tag(TagKind Kind, int Value);

/// <summary>One word of a lexicon phrase; a stem ("девят*") matches every word that starts with it.</summary>
internal readonly record struct Part(string Text, bool Stem);

internal sealed record LexEntry(string Language, Part[] Parts, Tag[] Tags);

/// <summary>A span of the message: one token, or a lexicon phrase covering several.</summary>
internal readonly record struct Item(TokenKind Kind, string Text, int Number, bool Glued, Tag[] Tags, string Raw, bool Approximate = false)
{
    public bool Has(TagKind kind)
    {
        foreach (var t in Tags) if (t.Kind == kind) return true;
        return false;
    }

    public int? Value(TagKind kind)
    {
        foreach (var t in Tags) if (t.Kind == kind) return t.Value;
        return null;
    }

    public bool IsPunct(char c) => Kind == TokenKind.Punct && Text[0] == c;
}

/// <summary>A word or phrase that names an option's concept in some language ("courier", "money back").</summary>
internal sealed record ConceptWord(string Concept, Part[] Parts);

/// <summary>
/// The word lists of all four languages plus emoji, loaded once from the embedded JSON files and
/// read-only afterwards, so one instance serves every thread.
/// </summary>
internal sealed class Lexicon
{
    private const string ResourcePrefix = "CxBot.Surveys.Answers.Lexicons.";
    private const int MinTypoLength = 5;

    private readonly Dictionary<string, List<LexEntry>> _byExact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<LexEntry>> _byStem = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<LexEntry>> _translitExact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<LexEntry>> _translitStem = new(StringComparer.Ordinal);
    // Typo candidates: single meaningful words by length, and meaningful stems.
    private readonly Dictionary<int, List<LexEntry>> _typoWords = [];
    private readonly List<LexEntry> _typoStems = [];
    private readonly List<ConceptWord> _concepts = [];
    private readonly string[] _suffixes;
    private readonly int _maxStem;
    private readonly int _maxTranslitStem;

    private static readonly Tag[] NoTags = [];

    public static Lexicon Shared { get; } = Load();

    public IReadOnlyList<ConceptWord> Concepts => _concepts;

    private Lexicon(IEnumerable<(string Name, JsonDocument Doc)> files)
    {
        var suffixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, doc) in files)
        {
            var root = doc.RootElement;
            var language = root.TryGetProperty("language", out var l) ? l.GetString() ?? name : name;
            if (root.TryGetProperty("suffixes", out var sfx))
                foreach (var s in sfx.EnumerateArray()) suffixes.Add(TextNormalizer.Fold(s.GetString()!));
            if (root.TryGetProperty("words", out var words))
                foreach (var group in words.EnumerateObject())
                {
                    var tags = ParseTags(group.Name, name);
                    foreach (var phrase in group.Value.EnumerateArray()) Add(language, ParseParts(phrase.GetString()!), tags);
                }
            if (root.TryGetProperty("concepts", out var concepts))
                foreach (var concept in concepts.EnumerateObject())
                    foreach (var w in concept.Value.EnumerateArray())
                        _concepts.Add(new ConceptWord(concept.Name, ParseParts(w.GetString()!)));
        }
        _suffixes = [.. suffixes.OrderByDescending(s => s.Length)];
        _maxStem = _byStem.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max();
        _maxTranslitStem = _translitStem.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max();
    }

    private static Lexicon Load()
    {
        var assembly = typeof(Lexicon).Assembly;
        var files = new List<(string, JsonDocument)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            files.Add((Path.GetFileNameWithoutExtension(resource[ResourcePrefix.Length..]), JsonDocument.Parse(stream)));
        }
        if (files.Count == 0) throw new InvalidOperationException($"No embedded lexicons under {ResourcePrefix} in {assembly.GetName().Name}.");
        var lexicon = new Lexicon(files);
        foreach (var (_, doc) in files) doc.Dispose();
        return lexicon;
    }

    private void Add(string language, Part[] parts, Tag[] tags)
    {
        if (parts.Length == 0) return;
        var entry = new LexEntry(language, parts, tags);
        var first = parts[0];
        Index(first.Stem ? _byStem : _byExact, first.Text, entry);
        if (parts.Length == 1 && tags.Any(t => IsMeaning(t.Kind)))
        {
            if (first.Stem && first.Text.Length >= MinTypoLength) _typoStems.Add(entry);
            else if (!first.Stem && first.Text.Length >= MinTypoLength - 1) Index(_typoWords, first.Text.Length, entry);
        }
        if (TextNormalizer.IsCyrillic(first.Text))
        {
            // The same entry spelled as Russian is typed in Latin letters ("tak sebe", "devyat").
            var skeleton = new LexEntry(language, [.. parts.Select(p => p with { Text = TextNormalizer.Skeleton(p.Text) })], tags);
            Index(first.Stem ? _translitStem : _translitExact, skeleton.Parts[0].Text, skeleton);
        }
    }

    private static void Index<TKey>(Dictionary<TKey, List<LexEntry>> index, TKey key, LexEntry entry) where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        list.Add(entry);
    }

    internal static Part[] ParseParts(string phrase)
    {
        var parts = new List<Part>();
        foreach (var raw in phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var stem = raw.EndsWith('*');
            var folded = TextNormalizer.Fold(stem ? raw[..^1] : raw);
            // Fold as the message is folded, then split as the tokenizer splits ("lăsați-mă" → "lasati", "ma").
            var tokens = Tokenizer.Split(folded);
            for (var i = 0; i < tokens.Count; i++) parts.Add(new Part(tokens[i].Text, stem && i == tokens.Count - 1));
        }
        return [.. parts];
    }

    private static Tag[] ParseTags(string key, string file)
    {
        var tags = new List<Tag>();
        foreach (var name in key.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = name.IndexOf(':', StringComparison.Ordinal);
            var kindName = colon < 0 ? name : name[..colon];
            if (!Enum.TryParse<TagKind>(kindName, ignoreCase: true, out var kind))
                throw new InvalidDataException($"Lexicon {file}: unknown tag '{kindName}' in \"{key}\".");
            tags.Add(new Tag(kind, colon < 0 ? 0 : int.Parse(name[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture)));
        }
        return [.. tags];
    }

    /// <summary>Strips the longest inflection ending the four languages share a list of, keeping at least three letters.</summary>
    public string Stem(string word)
    {
        foreach (var s in _suffixes)
            if (word.Length - s.Length >= 3 && word.EndsWith(s, StringComparison.Ordinal)) return word[..^s.Length];
        return word;
    }

    /// <summary>
    /// Reads the tokens as lexicon items. Longer phrases are placed first wherever they start
    /// ("da, dar nu mă mai contactați" keeps the whole stop phrase), then the words between them
    /// take the longest entry that fits, words of the survey's language first.
    /// </summary>
    public List<Item> Analyse(List<Token> tokens, string language)
    {
        var n = tokens.Count;
        var latin = language == Languages.Russian ? Transliterated(tokens) : null;
        var chosen = new (LexEntry? Entry, int Next, bool Approximate)[n];
        var covered = new bool[n];
        List<(int Start, LexEntry Entry, int Next)>? phrases = null;
        for (var i = 0; i < n; i++)
        {
            if (tokens[i].Kind is TokenKind.Number or TokenKind.Punct) continue;
            var (entry, next) = BestMatch(tokens, latin, i, language, n);
            if (entry is not null && entry.Parts.Length > 1) (phrases ??= []).Add((i, entry, next));
        }
        if (phrases is not null)
        {
            foreach (var (start, entry, next) in phrases.OrderByDescending(p => p.Next - p.Start).ThenBy(p => p.Start))
            {
                var free = true;
                for (var k = start; k < next && free; k++) free = !covered[k];
                if (!free) continue;
                chosen[start] = (entry, next, false);
                for (var k = start; k < next; k++) covered[k] = true;
            }
        }
        for (var i = 0; i < n; i++)
        {
            if (covered[i] || tokens[i].Kind is TokenKind.Number or TokenKind.Punct) continue;
            var limit = i + 1;
            while (limit < n && !covered[limit]) limit++;
            var (entry, next) = BestMatch(tokens, latin, i, language, limit);
            var approximate = false;
            if (entry is null && tokens[i].Kind == TokenKind.Word)
            {
                entry = Approximate(tokens[i].Text, language);
                approximate = entry is not null;
                next = i + 1;
            }
            if (entry is null) continue;
            chosen[i] = (entry, next, approximate);
            for (var k = i; k < next; k++) covered[k] = true;
        }

        var items = new List<Item>(n);
        for (var i = 0; i < n;)
        {
            var t = tokens[i];
            var (entry, next, approximate) = chosen[i];
            if (entry is null)
            {
                items.Add(new Item(t.Kind, t.Text, t.Number, t.Glued, NoTags, t.Text));
                i++;
                continue;
            }
            var text = entry.Parts.Length == 1 ? entry.Parts[0].Text : string.Join(' ', entry.Parts.Select(p => p.Text));
            items.Add(new Item(t.Kind, text, 0, t.Glued, entry.Tags, t.Text, approximate));
            i = Math.Max(next, i + 1);
        }
        return items;
    }

    /// <summary>For a Russian survey: the skeleton of every Latin word, or null when all words are Cyrillic.</summary>
    private static List<Token>? Transliterated(List<Token> tokens)
    {
        if (!tokens.Exists(t => t.Kind == TokenKind.Word && !TextNormalizer.IsCyrillic(t.Text))) return null;
        return tokens.ConvertAll(t => t.Kind == TokenKind.Word && !TextNormalizer.IsCyrillic(t.Text) ? t with { Text = TextNormalizer.Skeleton(t.Text) } : t);
    }

    private (LexEntry? Entry, int Next) BestMatch(List<Token> tokens, List<Token>? latin, int start, string language, int limit)
    {
        LexEntry? best = null;
        var bestNext = start;
        var bestScore = -1;
        Collect(tokens, _byExact, _byStem, _maxStem, languageBonus: true);
        if (latin is not null && !TextNormalizer.IsCyrillic(tokens[start].Text))
            Collect(latin, _translitExact, _translitStem, _maxTranslitStem, languageBonus: false);
        return (best, bestNext);

        void Collect(List<Token> source, Dictionary<string, List<LexEntry>> exactIndex, Dictionary<string, List<LexEntry>> stemIndex, int maxStem, bool languageBonus)
        {
            var word = source[start].Text;
            if (exactIndex.TryGetValue(word, out var exact))
                foreach (var e in exact) Consider(source, e, exact: true, languageBonus);
            var span = word.AsSpan();
            var lookup = stemIndex.GetAlternateLookup<ReadOnlySpan<char>>();
            for (var len = Math.Min(span.Length, maxStem); len >= 2; len--)
                if (lookup.TryGetValue(span[..len], out var stems))
                    foreach (var e in stems) Consider(source, e, exact: false, languageBonus);
        }

        void Consider(List<Token> source, LexEntry e, bool exact, bool languageBonus)
        {
            var next = MatchRest(source, start, e.Parts, limit);
            if (next < 0) return;
            // Longer phrases first, then the survey's language, then whole words over stems, then longer stems.
            var score = (next - start) * 1000 + (languageBonus && e.Language == language ? 500 : 0) + (exact ? 200 : 0) + e.Parts[0].Text.Length;
            if (score > bestScore) { bestScore = score; best = e; bestNext = next; }
        }
    }

    /// <summary>Index after the phrase when the parts match words from <paramref name="start"/> on (commas between words allowed), else -1.</summary>
    private static int MatchRest(List<Token> tokens, int start, Part[] parts, int limit)
    {
        var i = start;
        for (var p = 0; p < parts.Length; p++)
        {
            if (p > 0) while (i < limit && tokens[i].Kind == TokenKind.Punct && tokens[i].Text is "," or "-") i++;
            if (i >= limit || tokens[i].Kind == TokenKind.Number) return -1;
            var text = tokens[i].Text;
            var part = parts[p];
            if (part.Stem ? !text.StartsWith(part.Text, StringComparison.Ordinal) : text != part.Text) return -1;
            i++;
        }
        return i;
    }

    /// <summary>For a word no entry matches: letters doubled for emphasis, or one typo against a meaningful entry.</summary>
    private LexEntry? Approximate(string word, string language)
    {
        var undoubled = Undouble(word);
        if (undoubled != word)
        {
            var (e, _) = BestMatch([new Token(TokenKind.Word, undoubled, 0, false)], null, 0, language, 1);
            if (e is not null) return e;
        }
        if (word.Length < MinTypoLength) return null;
        LexEntry? found = null;
        for (var length = word.Length - 1; length <= word.Length + 1; length++)
        {
            if (!_typoWords.TryGetValue(length, out var words)) continue;
            foreach (var e in words)
            {
                if (!WithinOneEdit(word, e.Parts[0].Text)) continue;
                if (e.Language == language) return e;
                found ??= e;
            }
        }
        foreach (var e in _typoStems)
        {
            if (e.Parts[0].Text.Length > word.Length + 1 || !StemWithinOneEdit(word, e.Parts[0].Text)) continue;
            if (e.Language == language) return e;
            found ??= e;
        }
        return found;
    }

    /// <summary>Tags worth a typo correction; function words are short and too easily confused.</summary>
    private static bool IsMeaning(TagKind kind) => kind is not (TagKind.Filler or TagKind.Determiner or TagKind.QuestionWord
        or TagKind.And or TagKind.Or or TagKind.Of or TagKind.Neither or TagKind.Pronoun or TagKind.Unit or TagKind.ScoreUnit or TagKind.NonScore);

    private static string Undouble(string word)
    {
        var sb = new System.Text.StringBuilder(word.Length);
        foreach (var c in word) if (sb.Length == 0 || sb[^1] != c) sb.Append(c);
        return sb.Length == word.Length ? word : sb.ToString();
    }

    private static bool StemWithinOneEdit(string word, string stem)
    {
        for (var len = stem.Length - 1; len <= stem.Length + 1; len++)
            if (len <= word.Length && WithinOneEdit(word.AsSpan(0, len), stem)) return true;
        return false;
    }

    /// <summary>Damerau-Levenshtein distance at most 1: one letter added, dropped, changed, or two neighbours swapped.</summary>
    public static bool WithinOneEdit(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (Math.Abs(a.Length - b.Length) > 1) return false;
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        if (i == a.Length && i == b.Length) return true;
        if (a.Length == b.Length)
        {
            if (a[(i + 1)..].SequenceEqual(b[(i + 1)..])) return true;
            return i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a[(i + 2)..].SequenceEqual(b[(i + 2)..]);
        }
        return a.Length > b.Length ? a[(i + 1)..].SequenceEqual(b[i..]) : a[i..].SequenceEqual(b[(i + 1)..]);
    }
}
