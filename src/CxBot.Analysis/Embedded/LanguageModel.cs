using System.Text.Json;
using CxBot.Analysis.Taxonomy;

namespace CxBot.Analysis.Embedded;

/// <summary>What a sentiment cue means: its weight (negative for bad news; zero for phrases that are neutral as a whole).</summary>
internal readonly record struct Polarity(double Weight);

/// <summary>A theme cue; a weak one (written "?word") counts only where the customer says something good or bad about it.</summary>
internal readonly record struct ThemeCue(string Theme, bool Weak);

internal enum Cue { Negator, Intensifier, Diminisher, Contrast, Sarcasm, SarcasmContext, Question, Condition }

/// <summary>
/// Everything the embedded analyzer knows about one language, compiled once from the data files:
/// the sentiment lexicon with emoji, cue words, churn and contact phrases and the taxonomy's cue phrases.
/// </summary>
internal sealed class LanguageModel
{
    private static readonly JsonDocumentOptions JsonOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    private LanguageModel(string language)
    {
        Language = language;
        Words = new WordProcessor(language);
        Sentiment = new PhraseMatcher<Polarity>(Words);
        Cues = new PhraseMatcher<Cue>(Words);
        Churn = new PhraseMatcher<bool>(Words);
        Contact = new PhraseMatcher<bool>(Words);
        Themes = new PhraseMatcher<ThemeCue>(Words);
    }

    public string Language { get; }
    public WordProcessor Words { get; }
    public PhraseMatcher<Polarity> Sentiment { get; }
    public PhraseMatcher<Cue> Cues { get; }
    /// <summary>True: the customer is leaving; false: a phrase that looks like it but is not ("almost cancelled").</summary>
    public PhraseMatcher<bool> Churn { get; }
    /// <summary>True: asks to be contacted; false: asks not to be ("stop calling me").</summary>
    public PhraseMatcher<bool> Contact { get; }
    public PhraseMatcher<ThemeCue> Themes { get; }
    /// <summary>Mends a typo in a long unknown word against the words of every list above.</summary>
    public TypoCorrector Typos { get; private set; } = null!;
    public HashSet<string> Stopwords { get; } = new(StringComparer.Ordinal);
    /// <summary>Content words too common in feedback to say what an answer is about: never learned as cues.</summary>
    public HashSet<string> CommonWords { get; } = new(StringComparer.Ordinal);

    public static LanguageModel Build(string language, ThemeTaxonomy taxonomy, LanguageModel? english)
    {
        var model = new LanguageModel(language);
        using var lexicon = ReadResource($"lexicon-{language}.json");
        using var emoji = ReadResource("emoji.json");
        var root = lexicon.RootElement;

        AddPolarity(model, root, "strong_positive", 2.0);
        AddPolarity(model, root, "positive", 1.0);
        AddPolarity(model, root, "weak_positive", 0.5);
        // "ok", "норм": neutral alone, but they tip "ok, but could be better" back to neutral.
        AddPolarity(model, root, "faint_positive", 0.25);
        AddPolarity(model, root, "weak_negative", -0.5);
        AddPolarity(model, root, "negative", -1.0);
        AddPolarity(model, root, "strong_negative", -2.0);
        AddPolarity(model, root, "neutral", 0.0);
        AddPolarity(model, emoji.RootElement, "strong_positive", 2.0);
        AddPolarity(model, emoji.RootElement, "positive", 1.0);
        AddPolarity(model, emoji.RootElement, "negative", -1.0);
        AddPolarity(model, emoji.RootElement, "strong_negative", -2.0);
        AddPolarity(model, emoji.RootElement, "neutral", 0.0);
        foreach (var phrase in Strings(emoji.RootElement, "sarcasm")) model.Cues.Add(phrase, Cue.Sarcasm);
        if (english is not null)
        {
            // Customers switch to English words in every language ("super", "top", "keep up the good work").
            using var en = ReadResource("lexicon-en.json");
            foreach (var (name, weight) in new[] { ("strong_positive", 2.0), ("positive", 1.0), ("negative", -1.0), ("strong_negative", -2.0) })
                foreach (var phrase in Strings(en.RootElement, name).Where(p => p.Length >= 4 && !p.Contains('*', StringComparison.Ordinal) && !p.Contains('~', StringComparison.Ordinal)))
                {
                    // Exact words only: another language's stemmer would cut English words into its own stems.
                    model.Sentiment.Add(string.Join(' ', phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.StartsWith('=') ? w : "=" + w)), new Polarity(weight));
                }
        }

        AddCues(model, root, "negators", Cue.Negator);
        AddCues(model, root, "intensifiers", Cue.Intensifier);
        AddCues(model, root, "diminishers", Cue.Diminisher);
        AddCues(model, root, "contrast", Cue.Contrast);
        AddCues(model, root, "sarcasm", Cue.Sarcasm);
        AddCues(model, root, "sarcasm_context", Cue.SarcasmContext);
        AddCues(model, root, "question", Cue.Question);
        AddCues(model, root, "condition", Cue.Condition);

        foreach (var phrase in Strings(root, "churn")) model.Churn.Add(phrase, true);
        foreach (var phrase in Strings(root, "not_churn")) model.Churn.Add(phrase, false);
        foreach (var phrase in Strings(root, "contact")) model.Contact.Add(phrase, true);
        foreach (var phrase in Strings(root, "not_contact")) model.Contact.Add(phrase, false);
        foreach (var word in Strings(root, "stopwords"))
        {
            foreach (var t in Tokenizer.Tokenize(word, model.Words)) model.Stopwords.Add(t.Form);
        }
        using var common = ReadResource("common-words.json");
        foreach (var word in Strings(common.RootElement, language))
        {
            // By stem as well, so that one entry covers the word's inflections.
            foreach (var t in Tokenizer.Tokenize(word, model.Words)) { model.CommonWords.Add(t.Form); model.CommonWords.Add(t.Stem); }
        }

        foreach (var theme in taxonomy.Active)
        {
            foreach (var cue in taxonomy.CuePhrases(theme.Id, language))
            {
                var weak = cue.StartsWith('?');
                model.Themes.Add(weak ? cue[1..] : cue, new ThemeCue(theme.Id, weak));
            }
        }
        model.Typos = new TypoCorrector(
            model.Sentiment.Vocabulary.Concat(model.Cues.Vocabulary).Concat(model.Churn.Vocabulary).Concat(model.Contact.Vocabulary).Concat(model.Themes.Vocabulary),
            model.Stopwords);
        return model;
    }

    private static void AddPolarity(LanguageModel model, JsonElement root, string name, double weight)
    {
        foreach (var phrase in Strings(root, name)) model.Sentiment.Add(phrase, new Polarity(weight));
    }

    private static void AddCues(LanguageModel model, JsonElement root, string name, Cue cue)
    {
        foreach (var phrase in Strings(root, name)) model.Cues.Add(phrase, cue);
    }

    private static IEnumerable<string> Strings(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var list)) yield break;
        foreach (var item in list.EnumerateArray())
        {
            var s = item.GetString();
            if (!string.IsNullOrWhiteSpace(s)) yield return s;
        }
    }

    internal static JsonDocument ReadResource(string name)
    {
        var resource = $"CxBot.Analysis.Data.{name}";
        using var stream = typeof(LanguageModel).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded data file {resource} is missing");
        return JsonDocument.Parse(stream, JsonOptions);
    }
}
