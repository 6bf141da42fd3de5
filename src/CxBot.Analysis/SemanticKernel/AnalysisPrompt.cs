using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CxBot.Analysis.Taxonomy;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI.Chat;

namespace CxBot.Analysis.SemanticKernel;

/// <summary>One answer of a request, under a request-local id: the caller's ids never leave the process.</summary>
internal sealed record BatchItem(string LocalId, string MaskedText, string Language, bool LooksLikeInjection, TextAnalysis Fallback);

/// <summary>
/// Builds what is sent: the system prompt with the taxonomy's themes, the few-shot examples, the
/// batch, and the strict JSON schema whose theme ids are an enum of the active themes.
/// </summary>
internal sealed class AnalysisPrompt
{
    public const string SchemaName = "cx_answer_labels";

    internal static readonly string[] ItemKeys = ["id", "sentiment", "score", "themes", "churn_risk", "wants_contact", "specific", "confidence"];

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _systemPrompt;
    private readonly IReadOnlyList<LabelledExample> _examples;
    private readonly int _maxOutputTokens;

    public AnalysisPrompt(PromptLibrary prompts, ThemeTaxonomy taxonomy, int maxOutputTokens)
    {
        ThemeIds = taxonomy.Active.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var themeLines = string.Join('\n', taxonomy.Active.Select(t =>
            string.IsNullOrWhiteSpace(t.Description) ? $"  - {t.Id}: {t.Name}" : $"  - {t.Id}: {t.Description}"));
        _systemPrompt = prompts.AnalysisSystem.Replace("{{themes}}", themeLines, StringComparison.Ordinal);

        // An example that names a retired or renamed theme would teach the model an id the schema refuses.
        _examples = [.. prompts.Examples.Where(e => e.Labels.Themes.All(t => ThemeIds.Contains(t.Theme)))];
        Schema = BuildSchema(taxonomy.Active.Select(t => t.Id));
        _maxOutputTokens = maxOutputTokens;
    }

    public HashSet<string> ThemeIds { get; }

    /// <summary>The JSON schema sent as the strict response format.</summary>
    public string Schema { get; }

    public OpenAIPromptExecutionSettings Settings() => new()
    {
        Temperature = 0,
        MaxTokens = _maxOutputTokens,
        ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(SchemaName, BinaryData.FromString(Schema), jsonSchemaIsStrict: true),
    };

    public ChatHistory Build(IReadOnlyList<BatchItem> batch, IReadOnlyList<LabelledExample> corrections)
    {
        var history = new ChatHistory(_systemPrompt);
        var examples = corrections.Count == 0 ? _examples : [.. _examples, .. corrections];
        if (examples.Count > 0)
        {
            var ids = examples.Select((_, i) => $"x{i + 1}").ToList();
            history.AddUserMessage(WriteRequest(examples.Select((e, i) => (ids[i], e.Language, e.MaskedText))));
            history.AddAssistantMessage(WriteLabels(examples.Select((e, i) => (ids[i], e.Labels))));
        }

        history.AddUserMessage(WriteRequest(batch.Select(b => (b.LocalId, b.Language, b.MaskedText))));
        return history;
    }

    private static string WriteRequest(IEnumerable<(string Id, string Language, string Text)> answers) => Write(w =>
    {
        w.WriteStartArray("answers");
        foreach (var (id, language, text) in answers)
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("lang", language);
            w.WriteString("text", text);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    private static string WriteLabels(IEnumerable<(string Id, LlmLabels Labels)> answers) => Write(w =>
    {
        w.WriteStartArray("answers");
        foreach (var (id, labels) in answers)
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("sentiment", SentimentNames.ToWire(labels.Sentiment));
            w.WriteNumber("score", Math.Round(labels.Score, 2));
            w.WriteStartArray("themes");
            foreach (var theme in labels.Themes)
            {
                w.WriteStartObject();
                w.WriteString("theme", theme.Theme);
                w.WriteString("sentiment", SentimentNames.ToWire(theme.Sentiment));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteBoolean("churn_risk", labels.ChurnRisk);
            w.WriteBoolean("wants_contact", labels.WantsContact);
            w.WriteBoolean("specific", labels.Specific);
            w.WriteNumber("confidence", Math.Round(labels.Confidence, 2));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    private static string BuildSchema(IEnumerable<string> themeIds) => Write(w =>
    {
        // Strict structured output: every property required, no others allowed, closed enums.
        w.WriteString("type", "object");
        w.WriteStartObject("properties");
        w.WriteStartObject("answers");
        w.WriteString("type", "array");
        w.WriteStartObject("items");
        w.WriteString("type", "object");
        w.WriteStartObject("properties");
        WriteType(w, "id", "string");
        WriteEnum(w, "sentiment", ["positive", "negative", "neutral", "mixed"]);
        WriteType(w, "score", "number");
        w.WriteStartObject("themes");
        w.WriteString("type", "array");
        w.WriteStartObject("items");
        w.WriteString("type", "object");
        w.WriteStartObject("properties");
        WriteEnum(w, "theme", themeIds);
        WriteEnum(w, "sentiment", ["positive", "negative", "neutral"]);
        w.WriteEndObject();
        WriteRequired(w, ["theme", "sentiment"]);
        w.WriteBoolean("additionalProperties", false);
        w.WriteEndObject();
        w.WriteEndObject();
        WriteType(w, "churn_risk", "boolean");
        WriteType(w, "wants_contact", "boolean");
        WriteType(w, "specific", "boolean");
        WriteType(w, "confidence", "number");
        w.WriteEndObject();
        WriteRequired(w, ItemKeys);
        w.WriteBoolean("additionalProperties", false);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        WriteRequired(w, ["answers"]);
        w.WriteBoolean("additionalProperties", false);
    });

    private static void WriteType(Utf8JsonWriter w, string name, string type)
    {
        w.WriteStartObject(name);
        w.WriteString("type", type);
        w.WriteEndObject();
    }

    private static void WriteEnum(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartObject(name);
        w.WriteString("type", "string");
        w.WriteStartArray("enum");
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRequired(Utf8JsonWriter w, IEnumerable<string> names)
    {
        w.WriteStartArray("required");
        foreach (var name in names)
        {
            w.WriteStringValue(name);
        }

        w.WriteEndArray();
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
