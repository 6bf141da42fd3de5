using System.Reflection;
using System.Text.Json;

namespace CxBot.Surveys.Answers;

/// <summary>What a word or phrase of the lexicon means. Names match the keys of the lexicon files.</summary>
internal enum TagKind : byte
{
    Num, Ord, Last, Level, Intens, Soft, Neg, NegStrong, Yes, YesStrong, No, Unsure,
    Skip, SkipWeak, Stop, Refuse, QuestionTarget, SurveyTarget, Help, HelpWeak, Back, BackWeak,
    All, None, Except, Unit, ScoreUnit, Star, Half, Of, Correction, NonScore, Max, Min,
    AnchorMax, AnchorMin, AtAll, Neither, QuestionWord, Determiner, Filler, Pronoun, And, Or, Option,
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

/// <summary>A word that names an option's concept in some language ("courier" for delivery).</summary>
internal sealed record ConceptWord(string Concept, Part Part);

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
    private readonly List<LexEntry> _singles = [];
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
                        foreach (var part in ParseParts(w.GetString()!)) _concepts.Add(new ConceptWord(concept.Name, part));
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
        if (parts.Length == 1) _singles.Add(entry);
        if (parts.Length == 1 && TextNormalizer.IsCyrillic(first.Text))
            Index(first.Stem ? _translitStem : _translitExact, TextNormalizer.Skeleton(first.Text), entry);
    }

    private static void Index(Dictionary<string, List<LexEntry>> index, string key, LexEntry entry)
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

    /// <summary>Reads the tokens as lexicon items: the longest phrase at each position, words of the survey's language first.</summary>
    public List<Item> Analyse(List<Token> tokens, string language)
    {
        var items = new List<Item>(tokens.Count);
        var i = 0;
        while (i < tokens.Count)
        {
            var t = tokens[i];
            if (t.Kind is TokenKind.Number or TokenKind.Punct)
            {
                items.Add(new Item(t.Kind, t.Text, t.Number, t.Glued, NoTags, t.Text));
                i++;
                continue;
            }
            var (entry, next) = BestMatch(tokens, i, language);
            var approximate = false;
            if (entry is null && t.Kind == TokenKind.Word)
            {
                entry = Approximate(t.Text, language);
                approximate = entry is not null;
            }
            var text = entry is null ? t.Text : entry.Parts.Length == 1 ? entry.Parts[0].Text : string.Join(' ', entry.Parts.Select(p => p.Text));
            items.Add(new Item(t.Kind, text, 0, t.Glued, entry?.Tags ?? NoTags, t.Text, approximate));
            i = entry is null || next <= i ? i + 1 : next;
        }
        return items;
    }

    private (LexEntry? Entry, int Next) BestMatch(List<Token> tokens, int start, string language)
    {
        var word = tokens[start].Text;
        LexEntry? best = null;
        var bestNext = start;
        var bestScore = -1;
        if (_byExact.TryGetValue(word, out var exact))
            foreach (var e in exact) Consider(e, exact: true);
        var span = word.AsSpan();
        var lookup = _byStem.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var len = Math.Min(span.Length, _maxStem); len >= 2; len--)
            if (lookup.TryGetValue(span[..len], out var stems))
                foreach (var e in stems) Consider(e, exact: false);
        return (best, bestNext);

        void Consider(LexEntry e, bool exact)
        {
            var next = MatchRest(tokens, start, e.Parts);
            if (next < 0) return;
            // Longer phrases first, then the survey's language, then whole words over stems, then longer stems.
            var score = (next - start) * 1000 + (e.Language == language ? 500 : 0) + (exact ? 200 : 0) + e.Parts[0].Text.Length;
            if (score > bestScore) { bestScore = score; best = e; bestNext = next; }
        }
    }

    /// <summary>Index after the phrase when the parts match words from <paramref name="start"/> on (commas between words allowed), else -1.</summary>
    private static int MatchRest(List<Token> tokens, int start, Part[] parts)
    {
        var i = start;
        for (var p = 0; p < parts.Length; p++)
        {
            if (p > 0) while (i < tokens.Count && tokens[i].Kind == TokenKind.Punct && tokens[i].Text is "," or "-") i++;
            if (i >= tokens.Count || tokens[i].Kind == TokenKind.Number) return -1;
            var text = tokens[i].Text;
            var part = parts[p];
            if (part.Stem ? !text.StartsWith(part.Text, StringComparison.Ordinal) : text != part.Text) return -1;
            i++;
        }
        return i;
    }

    /// <summary>For a word no entry matches: a Russian word typed in Latin letters, letters doubled for emphasis, or one typo.</summary>
    private LexEntry? Approximate(string word, string language)
    {
        if (language == Languages.Russian && !TextNormalizer.IsCyrillic(word) && FindTranslit(TextNormalizer.Skeleton(word)) is { } ru) return ru;
        var undoubled = Undouble(word);
        if (undoubled != word)
        {
            var (e, _) = BestMatch([new Token(TokenKind.Word, undoubled, 0, false)], 0, language);
            if (e is not null) return e;
        }
        if (word.Length < MinTypoLength) return null;
        LexEntry? found = null;
        foreach (var e in _singles)
        {
            var p = e.Parts[0];
            if (p.Text.Length < MinTypoLength - (p.Stem ? 0 : 1) || !e.Tags.Any(t => IsMeaning(t.Kind))) continue;
            var hit = p.Stem
                ? StemWithinOneEdit(word, p.Text)
                : Math.Abs(p.Text.Length - word.Length) <= 1 && WithinOneEdit(word, p.Text);
            if (!hit) continue;
            if (e.Language == language) return e;
            found ??= e;
        }
        return found;
    }

    /// <summary>Tags worth a typo correction; function words are short and too easily confused.</summary>
    private static bool IsMeaning(TagKind kind) => kind is not (TagKind.Filler or TagKind.Determiner or TagKind.QuestionWord
        or TagKind.And or TagKind.Or or TagKind.Of or TagKind.Neither or TagKind.Pronoun or TagKind.Unit or TagKind.ScoreUnit or TagKind.NonScore);

    private LexEntry? FindTranslit(string skeleton)
    {
        if (_translitExact.TryGetValue(skeleton, out var exact)) return exact[0];
        for (var len = Math.Min(skeleton.Length, _maxTranslitStem); len >= 3; len--)
            if (_translitStem.TryGetValue(skeleton[..len], out var stems)) return stems[0];
        return null;
    }

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
