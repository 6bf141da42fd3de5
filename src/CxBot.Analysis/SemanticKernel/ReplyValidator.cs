using System.Text.Json;

namespace CxBot.Analysis.SemanticKernel;

/// <summary>The verdict on one answer of a reply: its labels, or why they cannot be used.</summary>
internal sealed record ItemVerdict(LlmLabels? Labels, string? Rejection, int DroppedThemes);

/// <summary>The verdict on a whole reply: a batch-level rejection, or one verdict per request-local id.</summary>
internal sealed record ReplyVerdict(string? BatchRejection, IReadOnlyDictionary<string, ItemVerdict> Items);

/// <summary>
/// Checks every reply before any of it is used. The schema is sent as strict, but servers that
/// ignore it (or a model steered by a customer's text) can still send anything, so:
/// <list type="bullet">
/// <item>the reply must be a JSON object with exactly the key "answers", an array;</item>
/// <item>its ids must be exactly the batch's ids: an unknown or repeated id rejects the whole reply
/// (the model answered something other than what it was asked); a missing id falls back alone;</item>
/// <item>each item must have exactly the schema's keys with the right types and ranges; sentiments
/// must be in their enums; theme ids outside the taxonomy are dropped;</item>
/// <item>a text that carries instructions (injection cue phrases) must not come back steered:
/// positive with near-certainty, or the opposite polarity of the embedded analyzer's reading.</item>
/// </list>
/// </summary>
internal static class ReplyValidator
{
    private const double SteeredCertainty = 0.9;

    public static ReplyVerdict Validate(string content, IReadOnlyList<BatchItem> batch, IReadOnlySet<string> themeIds)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content);
        }
        catch (JsonException)
        {
            return Rejected("invalid_json");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Rejected("not_an_object");
            }

            if (!root.TryGetProperty("answers", out var answers) || answers.ValueKind != JsonValueKind.Array)
            {
                return Rejected("missing_answers");
            }

            if (root.EnumerateObject().Any(p => p.Name != "answers"))
            {
                return Rejected("unexpected_keys");
            }

            var byId = batch.ToDictionary(b => b.LocalId, StringComparer.Ordinal);
            var verdicts = new Dictionary<string, ItemVerdict>(StringComparer.Ordinal);
            foreach (var item in answers.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("id", out var idElement)
                    || idElement.ValueKind != JsonValueKind.String)
                {
                    continue; // cannot be attributed; its answer is reported missing below
                }

                var id = idElement.GetString()!;
                if (!byId.TryGetValue(id, out var request))
                {
                    return Rejected("unknown_id");
                }

                if (verdicts.ContainsKey(id))
                {
                    return Rejected("duplicate_id");
                }

                verdicts[id] = ValidateItem(item, request, themeIds);
            }

            foreach (var b in batch)
            {
                verdicts.TryAdd(b.LocalId, new ItemVerdict(null, "missing_id", 0));
            }

            return new ReplyVerdict(null, verdicts);
        }
    }

    private static ReplyVerdict Rejected(string reason) => new(reason, new Dictionary<string, ItemVerdict>());

    private static ItemVerdict ValidateItem(JsonElement item, BatchItem request, IReadOnlySet<string> themeIds)
    {
        var keys = 0;
        foreach (var property in item.EnumerateObject())
        {
            if (!AnalysisPrompt.ItemKeys.Contains(property.Name))
            {
                return Reject("unexpected_keys");
            }

            keys++;
        }

        if (keys != AnalysisPrompt.ItemKeys.Length)
        {
            return Reject("missing_field");
        }

        if (!TryString(item, "sentiment", out var sentimentName))
        {
            return Reject("wrong_type");
        }

        if (!SentimentNames.TryParse(sentimentName, allowMixed: true, out var sentiment))
        {
            return Reject("sentiment_outside_enum");
        }

        if (!TryNumber(item, "score", out var score) || !TryNumber(item, "confidence", out var confidence)
            || !TryBool(item, "churn_risk", out var churn) || !TryBool(item, "wants_contact", out var contact)
            || !TryBool(item, "specific", out var specific) || item.GetProperty("themes").ValueKind != JsonValueKind.Array)
        {
            return Reject("wrong_type");
        }

        if (score is < -1 or > 1 || confidence is < 0 or > 1)
        {
            return Reject("out_of_range");
        }

        var themes = new List<CorrectedTheme>();
        var dropped = 0;
        foreach (var theme in item.GetProperty("themes").EnumerateArray())
        {
            if (theme.ValueKind != JsonValueKind.Object || theme.EnumerateObject().Count() != 2
                || !TryString(theme, "theme", out var themeId) || !TryString(theme, "sentiment", out var themeSentimentName))
            {
                return Reject("wrong_type");
            }

            if (!SentimentNames.TryParse(themeSentimentName, allowMixed: false, out var themeSentiment))
            {
                return Reject("sentiment_outside_enum");
            }

            if (!themeIds.Contains(themeId))
            {
                dropped++;
                continue;
            }

            if (themes.All(t => t.Theme != themeId))
            {
                themes.Add(new CorrectedTheme(themeId, themeSentiment));
            }
        }

        var labels = new LlmLabels(sentiment, score, themes, churn, contact, specific, confidence);
        return LooksSteered(labels, request) is { } steered ? Reject(steered) : new ItemVerdict(labels, null, dropped);
    }

    /// <summary>
    /// The concrete check for obeyed injections. For a text with instruction cues: a near-certain
    /// positive, or a polarity opposite to the embedded reading, is what obeying would look like.
    /// For any text: a perfect positive (score 1, confidence 1) where the embedded analyzer reads
    /// negative is not something a careful labeller says.
    /// </summary>
    private static string? LooksSteered(LlmLabels labels, BatchItem request)
    {
        var fallback = request.Fallback.Sentiment;
        var opposite = (labels.Sentiment == Sentiment.Positive && fallback == Sentiment.Negative)
            || (labels.Sentiment == Sentiment.Negative && fallback == Sentiment.Positive);
        if (request.LooksLikeInjection
            && (opposite || (labels.Sentiment == Sentiment.Positive && (labels.Confidence >= SteeredCertainty || labels.Score >= SteeredCertainty))))
        {
            return "followed_instructions_in_text";
        }

        return labels.Sentiment == Sentiment.Positive && labels.Score >= 1 && labels.Confidence >= 1 && fallback == Sentiment.Negative
            ? "implausible_certainty"
            : null;
    }

    private static ItemVerdict Reject(string reason) => new(null, reason, 0);

    private static bool TryString(JsonElement e, string name, out string value)
    {
        value = "";
        if (!e.TryGetProperty(name, out var p) || p.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = p.GetString()!;
        return true;
    }

    private static bool TryNumber(JsonElement e, string name, out double value)
    {
        value = 0;
        return e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetDouble(out value) && double.IsFinite(value);
    }

    private static bool TryBool(JsonElement e, string name, out bool value)
    {
        value = false;
        if (!e.TryGetProperty(name, out var p) || p.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return false;
        }

        value = p.GetBoolean();
        return true;
    }
}
