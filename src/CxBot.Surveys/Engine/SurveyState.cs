using System.Text.Json.Serialization;

namespace CxBot.Surveys.Engine;

public enum ResponseStatus { Active, Completed, Stopped }

/// <summary>
/// What the engine needs between turns, and nothing more: this is written to Redis on every turn,
/// so names are short and only closed answers' values are kept (open text goes to the answers
/// stream, never into state). Mutated only by <see cref="SurveyEngine"/> on a copy.
/// </summary>
public sealed class SurveyState
{
    [JsonPropertyName("s")] public required string SurveyId { get; set; }
    [JsonPropertyName("v")] public required int Version { get; set; }
    [JsonPropertyName("r")] public required string ResponseId { get; set; }
    [JsonPropertyName("l")] public required string Language { get; set; }
    [JsonPropertyName("st")] public ResponseStatus Status { get; set; }

    /// <summary>Index of the question being asked.</summary>
    [JsonPropertyName("q")] public int Position { get; set; }

    /// <summary>Indices of the questions asked before the current one, in order: "back" pops it.</summary>
    [JsonPropertyName("p")] public List<int> Path { get; set; } = [];

    /// <summary>Closed answers by question id, as compact strings ("9", "true", "phone", "a,b"); "" = skipped.</summary>
    [JsonPropertyName("a")] public Dictionary<string, string> Answers { get; set; } = [];

    /// <summary>How many times an answer was revised (after "back"), by question id; absent = 0.</summary>
    [JsonPropertyName("rv"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, int>? Revisions { get; set; }

    /// <summary>Unclear answers to the current question so far.</summary>
    [JsonPropertyName("u"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Unclear { get; set; }

    /// <summary>Set after a follow-up was asked for a vague open answer or after a required question's skip was questioned.</summary>
    [JsonPropertyName("f"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool FollowUpAsked { get; set; }

    /// <summary>Set after a required question's skip was questioned once; a second skip is accepted.</summary>
    [JsonPropertyName("n"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool SkipQuestioned { get; set; }

    /// <summary>The open text given before the follow-up, so both parts are recorded together.</summary>
    [JsonPropertyName("ft"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FollowUpOf { get; set; }

    /// <summary>Recently used variant lines (key hash + index) so acknowledgements do not repeat.</summary>
    [JsonPropertyName("e"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<int>? RecentLines { get; set; }

    /// <summary>Invitation context piped into texts (order id, product, agent...).</summary>
    [JsonPropertyName("c"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Context { get; set; }

    [JsonPropertyName("cu"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CustomerId { get; set; }

    /// <summary>Option ids picked so far for the ranking being asked, most important first.</summary>
    [JsonPropertyName("rk"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Ranked { get; set; }

    public int RevisionOf(string questionId) => Revisions?.GetValueOrDefault(questionId) ?? 0;

    public SurveyState Copy() => new()
    {
        SurveyId = SurveyId,
        Version = Version,
        ResponseId = ResponseId,
        Language = Language,
        Status = Status,
        Position = Position,
        Path = [.. Path],
        Answers = new(Answers),
        Revisions = Revisions is null ? null : new(Revisions),
        Unclear = Unclear,
        FollowUpAsked = FollowUpAsked,
        SkipQuestioned = SkipQuestioned,
        FollowUpOf = FollowUpOf,
        RecentLines = RecentLines is null ? null : [.. RecentLines],
        Context = Context,
        CustomerId = CustomerId,
        Ranked = Ranked is null ? null : [.. Ranked],
    };
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = false)]
[JsonSerializable(typeof(SurveyState))]
public sealed partial class SurveyStateJson : JsonSerializerContext;
