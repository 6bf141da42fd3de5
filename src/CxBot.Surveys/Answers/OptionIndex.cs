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

    public OptionIndex(IReadOnlyList<ChoiceOption> options, Lexicon lexicon)
    {
        _lexicon = lexicon;
        _keys = new List<Key>[options.Count];
        for (var k = 0; k < options.Count; k++)
        {
            var keys = new HashSet<Key>();
            var option = options[k];
            foreach (var (language, label) in option.Label.ByLanguage) AddPhrase(keys, label, language);
            if (option.Synonyms is not null)
                foreach (var (language, synonyms) in option.Synonyms)
                    foreach (var s in synonyms) AddPhrase(keys, s, language);
            _keys[k] = [.. keys];
        }
        var owners = new Dictionary<Key, int>();
        foreach (var keys in _keys)
            foreach (var key in keys) owners[key] = owners.GetValueOrDefault(key) + 1;
        foreach (var keys in _keys) keys.RemoveAll(key => owners[key] > 1);
    }

    public int Count => _keys.Length;

    private void AddPhrase(HashSet<Key> keys, string phrase, string language)
    {
        var items = _lexicon.Analyse(Tokenizer.Split(TextNormalizer.Fold(phrase)), language);
        var concepts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item.Kind != TokenKind.Word || !MayName(item) || item.Raw.Length < 2) continue;
            var word = item.Raw;
            var stem = _lexicon.Stem(word);
            keys.Add(new Key(stem, stem.Length >= 5, false));
            if (TextNormalizer.IsCyrillic(stem)) keys.Add(new Key(TextNormalizer.Skeleton(stem), false, true));
            foreach (var c in _lexicon.Concepts)
                if (ConceptMatches(c.Part, word)) concepts.Add(c.Concept);
        }
        foreach (var c in _lexicon.Concepts)
        {
            if (!concepts.Contains(c.Concept)) continue;
            keys.Add(c.Part.Stem ? new Key(c.Part.Text, true, false) : new Key(_lexicon.Stem(c.Part.Text), false, false));
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
