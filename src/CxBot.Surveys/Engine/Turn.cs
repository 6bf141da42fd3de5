using CxBot.Surveys.Answers;
using CxBot.Surveys.Definitions;

namespace CxBot.Surveys.Engine;

/// <summary>
/// The customer's message as the engine sees it. <paramref name="DetectedLanguage"/> comes from the
/// caller's language detector (null when unsure); <paramref name="OpenTextIsVague"/> from the text
/// analyzer when the current question is open text; <paramref name="Random"/> picks varied lines;
/// <paramref name="FollowUp"/> is a follow-up question written for this answer (by an LLM), used
/// instead of the templates when the answer is vague.
/// </summary>
public sealed record Inbound(
    string Text,
    DateTimeOffset At,
    int Random,
    string? Locale = null,
    string? DetectedLanguage = null,
    bool? OpenTextIsVague = null,
    string? FollowUp = null);

/// <summary>How a new response starts: the survey (already chosen), its context and who answers.</summary>
public sealed record StartRequest(
    string ResponseId,
    string Language,
    DateTimeOffset At,
    int Random,
    string? CustomerId = null,
    IReadOnlyDictionary<string, string>? Context = null);

/// <summary>The single message the bot sends this turn, with the question it asks (if any).</summary>
public sealed record Reply(string Text, Prompt? Prompt);

/// <summary>What the customer can tap: the renderer shows these as buttons or a numbered list.</summary>
public sealed record Prompt(string QuestionId, QuestionKind Kind, IReadOnlyList<PromptChoice> Choices, bool IsScale);

public sealed record PromptChoice(string Title, string Value);

/// <summary>An event to record durably: an answer, a skip, the response's completion or stop.</summary>
public sealed record RecordedAnswer(
    string Event,
    string? QuestionId,
    QuestionKind? Kind,
    string? Text,
    AnswerValue? Value,
    int Revision,
    string Language,
    DateTimeOffset At)
{
    public const string AnswerEvent = "answer";
    public const string SkipEvent = "skip";
    public const string CompleteEvent = "complete";
    public const string StopEvent = "stop";
}

public sealed record TurnResult(SurveyState State, Reply Reply, IReadOnlyList<RecordedAnswer> Recorded);
