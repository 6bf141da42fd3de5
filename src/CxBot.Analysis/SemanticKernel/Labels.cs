namespace CxBot.Analysis.SemanticKernel;

/// <summary>A theme with its aspect sentiment, as the CX team or the model gives it.</summary>
public sealed record CorrectedTheme(string Theme, Sentiment Sentiment);

/// <summary>The labels of one answer as the model returns them (and as examples show them).</summary>
internal sealed record LlmLabels(
    Sentiment Sentiment,
    double Score,
    IReadOnlyList<CorrectedTheme> Themes,
    bool ChurnRisk,
    bool WantsContact,
    bool Specific,
    double Confidence);

/// <summary>An answer with the labels it should get: a built-in example or a CX team's correction.</summary>
internal sealed record LabelledExample(string Language, string MaskedText, LlmLabels Labels);

internal static class SentimentNames
{
    public static string ToWire(Sentiment sentiment) => sentiment switch
    {
        Sentiment.Positive => "positive",
        Sentiment.Negative => "negative",
        Sentiment.Mixed => "mixed",
        _ => "neutral",
    };

    public static bool TryParse(string? value, bool allowMixed, out Sentiment sentiment)
    {
        (var ok, sentiment) = value switch
        {
            "positive" => (true, Sentiment.Positive),
            "negative" => (true, Sentiment.Negative),
            "neutral" => (true, Sentiment.Neutral),
            "mixed" when allowMixed => (true, Sentiment.Mixed),
            _ => (false, Sentiment.Neutral),
        };
        return ok;
    }
}
