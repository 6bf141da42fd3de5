using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CxBot.Surveys.Definitions;

/// <summary>
/// The publish lock (<c>dialogs/published.json</c>): a fingerprint of every question of every
/// published (id, version). Answers given under one version are only comparable over time if that
/// version never changes, so a file that drifts from its fingerprint gets a warning telling the
/// author to publish a new version instead.
/// </summary>
public static class SurveyLock
{
    public const string FileName = "published.json";

    private static readonly LockJsonContext Json = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        IndentSize = 2,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Records every survey of the catalog as published, keeping the entries of versions not in it.</summary>
    /// <returns>The lock file's path.</returns>
    public static string Publish(string directory, SurveyCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var path = Path.Combine(directory, FileName);
        var surveys = new SortedDictionary<string, PublishedSurvey>(StringComparer.Ordinal);
        if (File.Exists(path) && JsonSerializer.Deserialize(File.ReadAllText(path), Json.LockFile) is { } existing)
        {
            foreach (var (key, survey) in existing.Surveys) surveys[key] = survey;
        }
        foreach (var definition in catalog.All) surveys[definition.Key.ToString()] = Fingerprint(definition);
        File.WriteAllText(path, JsonSerializer.Serialize(new LockFile(surveys), Json.LockFile) + "\n");
        return path;
    }

    internal static PublishedSurvey Fingerprint(SurveyDefinition survey) =>
        new([.. survey.Questions.Select((q, i) => new QuestionFingerprint(
            i + 1,
            q.Id,
            SurveyReader.Kinds.First(k => k.Value == q.Kind).Key,
            q.Points,
            [.. q.Options.Select(o => o.Id)],
            new SortedDictionary<string, string>(
                survey.Languages.ToDictionary(l => l, l => Hash(Wording(q, l))), StringComparer.Ordinal),
            q.Top))]);

    /// <summary>Reads the lock beside the survey files; no file means nothing is published yet.</summary>
    internal static (LockFile? Lock, string Text, SurveyProblem? Problem) Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return (null, "", null);
        var text = File.ReadAllText(path);
        try
        {
            return (JsonSerializer.Deserialize(text, Json.LockFile), text, null);
        }
        catch (JsonException e)
        {
            return (null, text, new SurveyProblem(path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1,
                $"the publish lock is not valid: {e.Message}", ProblemSeverity.Error));
        }
    }

    /// <summary>Warns about every way a published version's file no longer matches what was published.</summary>
    internal static IEnumerable<SurveyProblem> Compare(SurveySource source, PublishedSurvey published)
    {
        var key = source.Definition.Key;
        var now = Fingerprint(source.Definition).Questions;
        var before = published.Questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
        var current = now.ToDictionary(q => q.Id, StringComparer.Ordinal);
        var advice = $"since {key} was published; publish a new version (version: {key.Version + 1})";

        // A conversation that began in a language finishes in it: dropping one strands those conversations.
        var dropped = published.Questions.SelectMany(q => q.Text.Keys).Distinct().Where(l => !source.Definition.Languages.Contains(l)).Order(StringComparer.Ordinal).ToList();
        if (dropped.Count > 0)
            yield return Warn(source.Version, $"language {string.Join(", ", dropped)} was dropped {advice}");

        foreach (var removed in published.Questions.Where(q => !current.ContainsKey(q.Id)))
            yield return Warn(source.QuestionList, $"question '{removed.Id}' was removed {advice}");

        var keptBefore = published.Questions.Where(q => current.ContainsKey(q.Id)).Select(q => q.Id).ToList();
        var keptNow = now.Where(q => before.ContainsKey(q.Id)).Select(q => q.Id).ToList();

        for (var i = 0; i < now.Count; i++)
        {
            var question = now[i];
            var at = source.Questions[question.Id];
            if (!before.TryGetValue(question.Id, out var old))
            {
                yield return Warn(at, $"question '{question.Id}' was added {advice}");
                continue;
            }
            var kept = keptNow.IndexOf(question.Id);
            if (keptBefore[kept] != question.Id)
                yield return Warn(at, $"question '{question.Id}' was moved from position {old.Order} to {question.Order} {advice}");
            if (old.Type != question.Type)
                yield return Warn(at, $"question '{question.Id}' was changed from {old.Type} to {question.Type} {advice}");
            else if (old.Points != question.Points)
                yield return Warn(at, $"question '{question.Id}' was rescaled from {old.Points} to {question.Points} points {advice}");
            // A top-3 ranking and a full ranking answer different questions: their orders do not compare.
            if (old.Top != question.Top)
                yield return Warn(at, $"question '{question.Id}' now ranks {Describe(question.Top)} instead of {Describe(old.Top)} {advice}");
            if (!old.Options.SequenceEqual(question.Options))
                yield return Warn(at, $"question '{question.Id}' has different options ({string.Join(", ", old.Options)} -> {string.Join(", ", question.Options)}) {advice}");
            var reworded = question.Text.Where(t => old.Text.TryGetValue(t.Key, out var h) && h != t.Value).Select(t => t.Key).ToList();
            if (reworded.Count > 0)
                yield return Warn(at, $"question '{question.Id}' was reworded ({string.Join(", ", reworded)}) {advice}");
        }

        SurveyProblem Warn(SourcePosition at, string message) =>
            new(source.File, at.Line, at.Column, message, ProblemSeverity.Warning);

        static string Describe(int top) => top > 0 ? $"the top {top}" : "every option";
    }

    /// <summary>Everything the customer reads for a question in one language: text, variants, scale labels, options.</summary>
    private static string Wording(Question question, string language)
    {
        var text = new StringBuilder().Append("text: ").Append(question.Text.For(language)).Append('\n');
        foreach (var variant in question.Variants ?? [])
        {
            var c = variant.When;
            text.Append("variant ").Append(c.Question).Append(' ').Append(c.Group).Append(' ').Append(c.Min).Append(' ').Append(c.Max)
                .Append(' ').Append(string.Join(",", c.AnyOf ?? [])).Append(": ").Append(variant.Text.For(language)).Append('\n');
        }
        if (question.LowLabel is { } low) text.Append("low: ").Append(low.For(language)).Append('\n');
        if (question.HighLabel is { } high) text.Append("high: ").Append(high.For(language)).Append('\n');
        foreach (var option in question.Options) text.Append("option ").Append(option.Id).Append(": ").Append(option.Label.For(language)).Append('\n');
        return text.ToString();
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}

internal sealed record LockFile(SortedDictionary<string, PublishedSurvey> Surveys);

internal sealed record PublishedSurvey(IReadOnlyList<QuestionFingerprint> Questions);

/// <summary>What makes answers to a question comparable: its place, kind, scale, options, how many a ranking orders and wording (hashed per language).</summary>
internal sealed record QuestionFingerprint(
    int Order, string Id, string Type, int Points, IReadOnlyList<string> Options, SortedDictionary<string, string> Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Top = 0);

[JsonSerializable(typeof(LockFile))]
internal sealed partial class LockJsonContext : JsonSerializerContext;
