using CxBot.Surveys.Definitions;

namespace CxBot.Surveys.Answers;

/// <summary>
/// The words that name each option of one question: the stems of its labels in every language,
/// its synonyms, and the concept words the lexicons give for any label word ("courier" for
/// "Delivery"). A word that would name two options of the question names neither.
/// </summary>
internal sealed class OptionIndex
{
    private readonly record struct Key(string Text, bool Prefix, bool Translit);

    private readonly Lexicon _lexicon;
    private readonly List<Key>[] _keys;
    private readonly List<Part[]>[] _phrases;

    public OptionIndex(IReadOnlyList<ChoiceOption> options, Lexicon lexicon)
    {
        _lexicon = lexicon;
        _keys = new List<Key>[options.Count];
        _phrases = new List<Part[]>[options.Count];
        for (var k = 0; k < options.Count; k++)
        {
            var keys = new HashSet<Key>();
            var concepts = new HashSet<string>(StringComparer.Ordinal);
            var option = options[k];
            _phrases[k] = [];
            foreach (var (language, label) in option.Label.ByLanguage) AddPhrase(keys, concepts, label, language);
            if (option.Synonyms is not null)
                foreach (var (language, synonyms) in option.Synonyms)
                    foreach (var s in synonyms)
                    {
                        // A synonym of several words names the option only as a whole ("money back").
                        var parts = Lexicon.ParseParts(s);
                        if (parts.Length > 1) _phrases[k].Add(parts);
                        else AddPhrase(keys, concepts, s, language);
                    }
            foreach (var c in _lexicon.Concepts)
            {
                if (!concepts.Contains(c.Concept)) continue;
                if (c.Parts.Length > 1) _phrases[k].Add(c.Parts);
                else keys.Add(c.Parts[0].Stem ? new Key(c.Parts[0].Text, true, false) : new Key(_lexicon.Stem(c.Parts[0].Text), false, false));
            }
            _keys[k] = [.. keys];
        }
        var owners = new Dictionary<Key, int>();
        foreach (var keys in _keys)
            foreach (var key in keys) owners[key] = owners.GetValueOrDefault(key) + 1;
        foreach (var keys in _keys) keys.RemoveAll(key => owners[key] > 1);
        var phraseOwners = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var phrases in _phrases)
            foreach (var phrase in phrases.Select(Describe).Distinct()) phraseOwners[phrase] = phraseOwners.GetValueOrDefault(phrase) + 1;
        foreach (var phrases in _phrases) phrases.RemoveAll(p => phraseOwners[Describe(p)] > 1);
    }

    private static string Describe(Part[] phrase) => string.Join(' ', phrase.Select(p => p.Stem ? p.Text + "*" : p.Text));

    private void AddPhrase(HashSet<Key> keys, HashSet<string> concepts, string phrase, string language)
    {
        var items = _lexicon.Analyse(Tokenizer.Split(TextNormalizer.Fold(phrase)), language);
        foreach (var item in items)
        {
            if (item.Kind != TokenKind.Word || !MayName(item) || item.Raw.Length < 2) continue;
            var word = item.Raw;
            var stem = _lexicon.Stem(word);
            keys.Add(new Key(stem, stem.Length >= 5, false));
            if (TextNormalizer.IsCyrillic(stem)) keys.Add(new Key(TextNormalizer.Skeleton(stem), false, true));
            foreach (var c in _lexicon.Concepts)
                if (c.Parts.Length == 1 && ConceptMatches(c.Parts[0], word)) concepts.Add(c.Concept);
        }
    }

    /// <summary>
    /// Whether a word may name an option: untagged words, typo guesses (a label word is no typo),
    /// and words whose only meaning is a unit or an id marker ("order", "time").
    /// </summary>
    public static bool MayName(Item item) =>
        item.Kind == TokenKind.Word && (item.Approximate || item.Tags.All(t => t.Kind is TagKind.NonScore or TagKind.Unit or TagKind.ScoreUnit));

    private bool ConceptMatches(Part part, string word) =>
        part.Stem ? word.StartsWith(part.Text, StringComparison.Ordinal) : _lexicon.Stem(word) == _lexicon.Stem(part.Text);

    /// <summary>Marks in <paramref name="named"/> every option a concept phrase of the message names ("money back").</summary>
    public void MatchPhrases(List<Token> tokens, bool[] named)
    {
        for (var k = 0; k < _phrases.Length; k++)
        {
            foreach (var phrase in _phrases[k])
            {
                for (var start = 0; start + phrase.Length <= tokens.Count && !named[k]; start++)
                {
                    var all = true;
                    for (var p = 0; p < phrase.Length && all; p++)
                    {
                        var t = tokens[start + p];
                        all = t.Kind == TokenKind.Word && (phrase[p].Stem ? t.Text.StartsWith(phrase[p].Text, StringComparison.Ordinal) : t.Text == phrase[p].Text);
                    }
                    if (all) named[k] = true;
                }
            }
        }
    }

    /// <summary>Marks in <paramref name="named"/> every option the word names; true if any.</summary>
    public bool Match(string word, bool[] named)
    {
        var stem = _lexicon.Stem(word);
        var latin = !TextNormalizer.IsCyrillic(word);
        string? skeleton = null;
        var any = false;
        for (var k = 0; k < _keys.Length; k++)
        {
            foreach (var key in _keys[k])
            {
                bool hit;
                if (key.Translit)
                {
                    if (!latin) continue;
                    skeleton ??= TextNormalizer.Skeleton(stem);
                    hit = skeleton == key.Text;
                }
                else
                {
                    hit = stem == key.Text
                        || (key.Prefix && word.StartsWith(key.Text, StringComparison.Ordinal))
                        || (stem.Length >= 5 && key.Text.Length >= 5 && Lexicon.WithinOneEdit(stem, key.Text));
                }
                if (!hit) continue;
                named[k] = any = true;
                break;
            }
        }
        return any;
    }
}
