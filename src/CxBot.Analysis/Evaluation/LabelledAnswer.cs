using System.Text.Json;

namespace CxBot.Analysis.Evaluation;

/// <summary>
/// One labelled answer of an evaluation file. The cx-dev shape carries every label; the public review sets
/// (eval/real) carry only the sentiment, so <see cref="SentimentOnly"/> is true for them.
/// </summary>
public sealed record LabelledAnswer(
    string Id,
    string Language,
    string Text,
    Sentiment Sentiment,
    IReadOnlyList<(string Theme, Sentiment Sentiment)> Themes,
    bool ChurnRisk,
    bool WantsContact,
    IReadOnlyList<PiiKind> Pii,
    bool SentimentOnly);

public static class EvaluationData
{
    /// <summary>Reads a JSONL evaluation file; a line without "themes" is read as sentiment-only.</summary>
    public static IReadOnlyList<LabelledAnswer> Load(string path)
    {
        var result = new List<LabelledAnswer>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                result.Add(Parse(line));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new FormatException($"{path}:{lineNumber}: {e.Message}", e);
            }
        }
        return result;
    }

    public static LabelledAnswer Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        var id = root.GetProperty("id").ToString();
        var lang = root.TryGetProperty("lang", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : "";
        var text = root.GetProperty("text").GetString() ?? "";
        var sentiment = ParseSentiment(root.GetProperty("sentiment").GetString());
        var sentimentOnly = !root.TryGetProperty("themes", out var themesElement);
        var themes = new List<(string, Sentiment)>();
        if (!sentimentOnly)
        {
            foreach (var t in themesElement.EnumerateArray())
                themes.Add((t.GetProperty("theme").GetString()!, ParseSentiment(t.GetProperty("sentiment").GetString())));
        }
        var churn = root.TryGetProperty("churn_risk", out var c) && c.ValueKind == JsonValueKind.True;
        var contact = root.TryGetProperty("wants_contact", out var w) && w.ValueKind == JsonValueKind.True;
        var pii = new List<PiiKind>();
        if (root.TryGetProperty("pii", out var p))
        {
            foreach (var k in p.EnumerateArray()) pii.Add(ParsePiiKind(k.GetString()));
        }
        return new LabelledAnswer(id, lang, text, sentiment, themes, churn, contact, pii, sentimentOnly);
    }

    public static Sentiment ParseSentiment(string? value) => value switch
    {
        "positive" => Sentiment.Positive,
        "negative" => Sentiment.Negative,
        "neutral" => Sentiment.Neutral,
        "mixed" => Sentiment.Mixed,
        _ => throw new FormatException($"unknown sentiment '{value}'"),
    };

    public static PiiKind ParsePiiKind(string? value) => value switch
    {
        "email" => PiiKind.Email,
        "phone" => PiiKind.Phone,
        "payment_card" => PiiKind.PaymentCard,
        "iban" => PiiKind.Iban,
        _ => throw new FormatException($"unknown PII kind '{value}'"),
    };

    public static string Label(Sentiment s) => s switch
    {
        Sentiment.Positive => "positive",
        Sentiment.Negative => "negative",
        Sentiment.Neutral => "neutral",
        _ => "mixed",
    };

    public static string Label(PiiKind k) => k switch
    {
        PiiKind.Email => "email",
        PiiKind.Phone => "phone",
        PiiKind.PaymentCard => "payment_card",
        _ => "iban",
    };
}
