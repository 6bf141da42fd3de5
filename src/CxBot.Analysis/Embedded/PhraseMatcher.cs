namespace CxBot.Analysis.Embedded;

/// <summary>A phrase found in an answer: the payload of its pattern, the tokens it covers [Start, End) and the pattern's number.</summary>
internal readonly record struct PhraseMatch<T>(T Payload, int Start, int End, int Length, int Pattern);

/// <summary>
/// Finds cue phrases in token lists. Patterns are compiled once: "word" matches the word and its inflections
/// (same stem), "word*" every word starting so, "~" up to three other words. Candidates are looked up by the
/// first token (form, stem or prefix) so that a call costs a few dictionary probes per token, not a scan of
/// every pattern.
/// </summary>
internal sealed class PhraseMatcher<T>
{
    private const int MaxGap = 3;
    private const int MinPrefix = 2;

    private readonly List<(PatternToken[] Tokens, T Payload)> _patterns = [];
    private readonly Dictionary<string, List<int>> _byForm = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _byStem = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _byPrefix = new(StringComparer.Ordinal);
    private readonly WordProcessor _words;

    public PhraseMatcher(WordProcessor words) => _words = words;

    public int Count => _patterns.Count;

    /// <summary>Adds a cue phrase; returns false when it holds nothing matchable.</summary>
    public bool Add(string phrase, T payload)
    {
        var tokens = Compile(phrase);
        if (tokens.Length == 0 || tokens[0].Kind == PatternKind.Gap) return false;
        var index = _patterns.Count;
        _patterns.Add((tokens, payload));
        var first = tokens[0];
        switch (first.Kind)
        {
            case PatternKind.Prefix:
                Index(_byPrefix, first.Form, index);
                break;
            default:
                Index(_byForm, first.Form, index);
                if (first.Stem.Length >= 3 && first.Stem != first.Form) Index(_byStem, first.Stem, index);
                break;
        }
        return true;
    }

    /// <summary>Every literal word and every prefix of every pattern, for telling known words from unknown ones.</summary>
    public IEnumerable<(string Form, string Stem, bool Prefix)> Vocabulary =>
        _patterns.SelectMany(p => p.Tokens).Where(t => t.Kind != PatternKind.Gap).Select(t => (t.Form, t.Stem, t.Kind == PatternKind.Prefix));

    /// <summary>Every occurrence of every pattern (overlaps included), except the patterns in <paramref name="excluded"/>.</summary>
    public List<PhraseMatch<T>> FindAll(IReadOnlyList<Token> tokens, IReadOnlySet<int>? excluded = null)
    {
        var result = new List<PhraseMatch<T>>();
        var seen = new HashSet<int>();
        var prefixLookup = _byPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            seen.Clear();
            Probe(_byForm, t.Form, tokens, i, result, seen);
            if (t.AltForm is not null) Probe(_byForm, t.AltForm, tokens, i, result, seen);
            if (t.Stem.Length >= 3) Probe(_byStem, t.Stem, tokens, i, result, seen);
            if (_byPrefix.Count > 0 && t.Kind is TokenKind.Word)
            {
                ProbePrefixes(prefixLookup, t.Form, tokens, i, result, seen);
                if (t.AltForm is not null) ProbePrefixes(prefixLookup, t.AltForm, tokens, i, result, seen);
            }
        }
        if (excluded is { Count: > 0 }) result.RemoveAll(m => excluded.Contains(m.Pattern));
        return result;
    }

    /// <summary>The longest matches that do not overlap, in text order.</summary>
    public List<PhraseMatch<T>> FindLongest(IReadOnlyList<Token> tokens, IReadOnlySet<int>? excluded = null)
    {
        var all = FindAll(tokens, excluded);
        if (all.Count <= 1) return all;
        all.Sort((a, b) => b.Length != a.Length ? b.Length.CompareTo(a.Length) : a.Start.CompareTo(b.Start));
        var taken = new bool[tokens.Count];
        var chosen = new List<PhraseMatch<T>>();
        foreach (var m in all)
        {
            var free = true;
            for (var k = m.Start; k < m.End; k++) if (taken[k]) { free = false; break; }
            // The same words may be a cue of two labels at once ("years with you": trust and loyalty).
            if (!free && !chosen.Exists(c => c.Start == m.Start && c.End == m.End)) continue;
            for (var k = m.Start; k < m.End; k++) taken[k] = true;
            chosen.Add(m);
        }
        chosen.Sort((a, b) => a.Start.CompareTo(b.Start));
        return chosen;
    }

    private void ProbePrefixes(Dictionary<string, List<int>>.AlternateLookup<ReadOnlySpan<char>> lookup, string form, IReadOnlyList<Token> tokens, int i, List<PhraseMatch<T>> result, HashSet<int> seen)
    {
        for (var k = MinPrefix; k <= form.Length; k++)
        {
            if (lookup.TryGetValue(form.AsSpan(0, k), out var list)) Verify(list, tokens, i, result, seen);
        }
    }

    private void Probe(Dictionary<string, List<int>> index, string key, IReadOnlyList<Token> tokens, int i, List<PhraseMatch<T>> result, HashSet<int> seen)
    {
        if (index.TryGetValue(key, out var list)) Verify(list, tokens, i, result, seen);
    }

    private void Verify(List<int> candidates, IReadOnlyList<Token> tokens, int start, List<PhraseMatch<T>> result, HashSet<int> seen)
    {
        foreach (var p in candidates)
        {
            if (!seen.Add(p)) continue;
            var (pattern, payload) = _patterns[p];
            var end = MatchFrom(pattern, 0, tokens, start);
            if (end > 0) result.Add(new PhraseMatch<T>(payload, start, end, pattern.Length, p));
        }
    }

    // Returns the end (exclusive) of the match, or -1.
    private static int MatchFrom(PatternToken[] pattern, int p, IReadOnlyList<Token> tokens, int t)
    {
        if (p == pattern.Length) return t;
        var pt = pattern[p];
        if (pt.Kind == PatternKind.Gap)
        {
            for (var skip = 0; skip <= MaxGap && t + skip <= tokens.Count; skip++)
            {
                if (skip > 0 && !tokens[t + skip - 1].IsWord) break;
                var end = MatchFrom(pattern, p + 1, tokens, t + skip);
                if (end > 0) return end;
            }
            return -1;
        }
        if (t >= tokens.Count || !Matches(pt, tokens[t])) return -1;
        return MatchFrom(pattern, p + 1, tokens, t + 1);
    }

    private static bool Matches(PatternToken p, Token t)
    {
        if (p.Kind == PatternKind.Prefix)
            return t.Kind == TokenKind.Word && (t.Form.StartsWith(p.Form, StringComparison.Ordinal) || t.AltForm is not null && t.AltForm.StartsWith(p.Form, StringComparison.Ordinal));
        if (t.Form == p.Form || t.AltForm == p.Form) return true;
        // Same stem, and no more letters apart than an inflection adds: stemmers also merge unrelated words
        // ("multumesc" and "mult", "primitor" and "primit").
        return p.Stem.Length >= 3 && t.Stem == p.Stem && t.Kind == TokenKind.Word && Math.Abs(t.Form.Length - p.Form.Length) <= 3;
    }

    private PatternToken[] Compile(string phrase)
    {
        var result = new List<PatternToken>();
        foreach (var piece in phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (piece == "~") { result.Add(new PatternToken(PatternKind.Gap, "", "")); continue; }
            var prefix = piece.Length > 1 && piece.EndsWith('*');
            // "=word": this very word, not its inflections ("=fix" must not catch "fixed").
            var exact = piece.Length > 1 && piece[0] == '=';
            var body = prefix ? piece[..^1] : piece;
            if (exact) body = body[1..];
            var tokens = Tokenizer.Tokenize(body, _words);
            for (var k = 0; k < tokens.Count; k++)
            {
                var t = tokens[k];
                if (prefix && k == tokens.Count - 1 && t.Kind == TokenKind.Word)
                    result.Add(new PatternToken(PatternKind.Prefix, t.Form, t.Form));
                else
                    result.Add(new PatternToken(PatternKind.Literal, t.Form, t.Kind == TokenKind.Word && !exact ? t.Stem : ""));
            }
        }
        return [.. result];
    }

    private static void Index(Dictionary<string, List<int>> index, string key, int pattern)
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        list.Add(pattern);
    }

    private enum PatternKind { Literal, Prefix, Gap }

    private readonly record struct PatternToken(PatternKind Kind, string Form, string Stem);
}
