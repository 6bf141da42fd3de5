namespace CxBot.Analysis.SemanticKernel;

/// <summary>
/// A CX team's correction of one answer's labels. <see cref="Sentiment"/>, <see cref="ChurnRisk"/> and
/// <see cref="WantsContact"/> are null when the team did not judge them.
/// </summary>
public sealed record CorrectedExample(
    string Text,
    string Language,
    Sentiment? Sentiment,
    IReadOnlyList<CorrectedTheme> Themes,
    bool? ChurnRisk = null,
    bool? WantsContact = null);

/// <summary>
/// The CX team's corrections, kept masked (the text goes into prompts). The same answer gets the
/// corrected labels straight away; similar answers get the most similar corrections as few-shot
/// examples. Bounded: the oldest corrections go first.
/// </summary>
public sealed class CorrectionExamples(IPiiRedactor redactor, int capacity = 5_000)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Entry> _entries = new();
    private long _version;

    /// <summary>Changes whenever a correction is added, so that results cached before it are not served after it.</summary>
    public long Version => Interlocked.Read(ref _version);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public void Add(CorrectedExample correction)
    {
        ArgumentNullException.ThrowIfNull(correction);
        ArgumentException.ThrowIfNullOrWhiteSpace(correction.Text);
        if (correction.Language is not ("en" or "ru" or "pl" or "ro"))
        {
            throw new ArgumentException("The language must be en, ru, pl or ro.", nameof(correction));
        }

        if (correction.Themes.Any(t => t.Sentiment == Sentiment.Mixed))
        {
            throw new ArgumentException("A theme's sentiment is positive, negative or neutral, never mixed.", nameof(correction));
        }

        var masked = redactor.Redact(correction.Text).MaskedText;
        var themes = correction.Themes.DistinctBy(t => t.Theme).ToList();
        // A few-shot example needs an overall sentiment: without the team's, the themes' own say it.
        var sentiment = correction.Sentiment ?? FromThemes(themes);
        var labels = new LlmLabels(
            sentiment,
            ScoreOf(sentiment),
            themes,
            correction.ChurnRisk ?? false,
            correction.WantsContact ?? false,
            Specific: themes.Count > 0,
            Confidence: 1.0);
        var entry = new Entry(
            new LabelledExample(correction.Language, masked, labels),
            TextSimilarity.Tokens(masked),
            correction.Sentiment is not null,
            correction.ChurnRisk,
            correction.WantsContact);

        lock (_gate)
        {
            for (var node = _entries.First; node is not null; node = node.Next)
            {
                if (node.Value.Example.Language == correction.Language && node.Value.Example.MaskedText == masked)
                {
                    _entries.Remove(node);
                    break;
                }
            }

            _entries.AddLast(entry);
            while (_entries.Count > capacity)
            {
                _entries.RemoveFirst();
            }
        }

        Interlocked.Increment(ref _version);
    }

    /// <summary>The correction of exactly this (masked) answer in this language, if there is one.</summary>
    internal Entry? FindExact(string maskedText, string language)
    {
        lock (_gate)
        {
            for (var node = _entries.Last; node is not null; node = node.Previous)
            {
                if (node.Value.Example.Language == language && node.Value.Example.MaskedText == maskedText)
                {
                    return node.Value;
                }
            }
        }

        return null;
    }

    /// <summary>Up to <paramref name="count"/> corrections in the same language, most similar first.</summary>
    internal IReadOnlyList<LabelledExample> MostSimilar(string maskedText, string language, int count, double minSimilarity)
    {
        if (count == 0)
        {
            return [];
        }

        var tokens = TextSimilarity.Tokens(maskedText);
        var scored = new List<(double Score, LabelledExample Example)>();
        lock (_gate)
        {
            foreach (var entry in _entries)
            {
                if (entry.Example.Language != language)
                {
                    continue;
                }

                var similarity = TextSimilarity.Jaccard(tokens, entry.Tokens);
                if (similarity >= minSimilarity && similarity > 0)
                {
                    scored.Add((similarity, entry.Example));
                }
            }
        }

        return [.. scored.OrderByDescending(s => s.Score).Take(count).Select(s => s.Example)];
    }

    private static Sentiment FromThemes(List<CorrectedTheme> themes)
    {
        var positive = themes.Any(t => t.Sentiment == Sentiment.Positive);
        var negative = themes.Any(t => t.Sentiment == Sentiment.Negative);
        return positive && negative ? Sentiment.Mixed : positive ? Sentiment.Positive : negative ? Sentiment.Negative : Sentiment.Neutral;
    }

    private static double ScoreOf(Sentiment sentiment) => sentiment switch
    {
        Sentiment.Positive => 0.7,
        Sentiment.Negative => -0.7,
        _ => 0.0,
    };

    internal sealed record Entry(LabelledExample Example, HashSet<string> Tokens, bool SentimentJudged, bool? ChurnRisk, bool? WantsContact);
}
