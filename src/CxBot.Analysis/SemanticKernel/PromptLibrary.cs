using System.Text;
using System.Text.Json;

namespace CxBot.Analysis.SemanticKernel;

/// <summary>
/// The prompts, few-shot examples and injection cue phrases, read from the data files in
/// Data/Prompts (embedded in the assembly) so that they can be changed without touching code.
/// </summary>
public sealed class PromptLibrary
{
    private PromptLibrary(string analysisSystem, string followUpSystem, IReadOnlyList<string> injectionCues, IReadOnlyList<LabelledExample> examples)
    {
        AnalysisSystem = analysisSystem;
        FollowUpSystem = followUpSystem;
        InjectionCues = injectionCues;
        Examples = examples;
    }

    /// <summary>The analysis system prompt; <c>{{themes}}</c> stands for the taxonomy's active themes.</summary>
    public string AnalysisSystem { get; }

    public string FollowUpSystem { get; }

    /// <summary>Lower-case phrases without diacritics that show a text trying to instruct the model.</summary>
    public IReadOnlyList<string> InjectionCues { get; }

    internal IReadOnlyList<LabelledExample> Examples { get; }

    public static PromptLibrary LoadDefault() => new(
        ReadResource("analysis-system.md"),
        ReadResource("follow-up-system.md"),
        ParseCues(ReadResource("injection-cues.txt")),
        ParseExamples(ReadResource("analysis-examples.json")));

    internal static IReadOnlyList<string> ParseCues(string text) =>
    [
        .. text.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(TextSimilarity.Fold)
            .Distinct(StringComparer.Ordinal),
    ];

    internal static IReadOnlyList<LabelledExample> ParseExamples(string json)
    {
        using var document = JsonDocument.Parse(json);
        var examples = new List<LabelledExample>();
        foreach (var e in document.RootElement.GetProperty("examples").EnumerateArray())
        {
            var themes = e.GetProperty("themes").EnumerateArray()
                .Select(t => SentimentNames.TryParse(t.GetProperty("sentiment").GetString(), allowMixed: false, out var s)
                    ? new CorrectedTheme(t.GetProperty("theme").GetString()!, s)
                    : throw new InvalidDataException("analysis-examples.json: a theme sentiment must be positive, negative or neutral"))
                .ToList();
            if (!SentimentNames.TryParse(e.GetProperty("sentiment").GetString(), allowMixed: true, out var sentiment))
            {
                throw new InvalidDataException("analysis-examples.json: sentiment must be positive, negative, neutral or mixed");
            }

            examples.Add(new LabelledExample(
                e.GetProperty("lang").GetString()!,
                e.GetProperty("text").GetString()!,
                new LlmLabels(
                    sentiment,
                    e.GetProperty("score").GetDouble(),
                    themes,
                    e.GetProperty("churn_risk").GetBoolean(),
                    e.GetProperty("wants_contact").GetBoolean(),
                    e.GetProperty("specific").GetBoolean(),
                    e.GetProperty("confidence").GetDouble())));
        }

        return examples;
    }

    private static string ReadResource(string fileName)
    {
        // The project embeds Data/** under a logical name that keeps the folder separator of the
        // build machine, so look the file up by its ending rather than by one exact name.
        var assembly = typeof(PromptLibrary).Assembly;
        var name = assembly.GetManifestResourceNames()
            .FirstOrDefault(n => n.EndsWith("Prompts/" + fileName, StringComparison.Ordinal)
                || n.EndsWith("Prompts\\" + fileName, StringComparison.Ordinal)
                || n.EndsWith("Prompts." + fileName, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The prompt resource Data/Prompts/{fileName} is missing from the assembly.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
