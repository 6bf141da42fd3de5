using CxBot.Surveys.Definitions;

namespace CxBot.Surveys.Answers;

/// <summary>What a typed message means as an answer to one closed question.</summary>
public enum AnswerStatus
{
    /// <summary>An answer; <see cref="AnswerReading.Value"/> holds it.</summary>
    Ok,
    /// <summary>Not an answer, ambiguous, or two candidate values: ask again.</summary>
    Unclear,
    /// <summary>Clearly one number (or option number) outside the scale or list.</summary>
    OutOfRange,
    /// <summary>Leave this question and go on.</summary>
    Skip,
    /// <summary>End the survey or opt out of contact. Wins over an answer in the same message.</summary>
    Stop,
    /// <summary>The customer asks how to answer.</summary>
    Help,
    /// <summary>The customer wants to change the previous answer.</summary>
    Back,
}

public sealed record AnswerReading(AnswerStatus Status, AnswerValue? Value = null, bool IsQuestion = false)
{
    public static AnswerReading Unclear { get; } = new(AnswerStatus.Unclear);

    public static AnswerReading Ok(AnswerValue value) => new(AnswerStatus.Ok, value);
}

/// <summary>A parsed answer value; higher is always better for numbers.</summary>
public abstract record AnswerValue
{
    public sealed record Number(int Value) : AnswerValue;
    public sealed record YesNo(bool Value) : AnswerValue;
    public sealed record Option(string Id) : AnswerValue;
    public sealed record Options(IReadOnlyList<string> Ids) : AnswerValue
    {
        public bool Equals(Options? other) => other is not null && Ids.SequenceEqual(other.Ids);
        public override int GetHashCode() => Ids.Aggregate(0, (h, id) => HashCode.Combine(h, id));
    }
    public sealed record Text(string Value) : AnswerValue;
}

/// <summary>The question as the reader needs it: its kind, scale size and options (labels in all languages).</summary>
public sealed record ClosedQuestion(QuestionKind Kind, int Points, IReadOnlyList<ChoiceOption> Options)
{
    public static ClosedQuestion From(Question q) => new(q.Kind, q.Points, q.Options);
}

/// <summary>Understands typed answers in en/ru/pl/ro: numbers and number words, word scales, emoji, options, yes/no, skip, stop.</summary>
public interface IAnswerReader
{
    /// <param name="language">The survey's language; words of the other supported languages are understood too.</param>
    AnswerReading Read(ClosedQuestion question, string language, string text);
}
