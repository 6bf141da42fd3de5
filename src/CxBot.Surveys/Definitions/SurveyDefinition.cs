namespace CxBot.Surveys.Definitions;

/// <summary>
/// One survey as loaded from <c>dialogs/*.yaml</c>: immutable, keyed by (Id, Version). A running
/// conversation keeps the version it began with, so answers stay comparable over time.
/// </summary>
public sealed record SurveyDefinition(
    string Id,
    int Version,
    IReadOnlyList<string> Languages,
    LocalizedText Title,
    LocalizedText? Intro,
    IReadOnlyList<Question> Questions,
    LocalizedText Closing,
    bool Anonymous = false,
    string? Journey = null)
{
    public SurveyKey Key => new(Id, Version);

    public Question? Find(string questionId) => Questions.FirstOrDefault(q => q.Id == questionId);

    public int IndexOf(string questionId)
    {
        for (var i = 0; i < Questions.Count; i++)
            if (Questions[i].Id == questionId) return i;
        return -1;
    }
}

public readonly record struct SurveyKey(string Id, int Version)
{
    public override string ToString() => $"{Id}@{Version}";
}

public enum QuestionKind { Nps, Csat, Ces, Likert, YesNo, Choice, MultiChoice, OpenText, Ranking }

/// <summary>
/// A question. <see cref="Points"/> is the scale's size for Likert (5 or 7). <see cref="Top"/> is how many
/// options a ranking orders before it stops (the rest stay unranked); 0 orders them all.
/// </summary>
public sealed record Question(
    string Id,
    QuestionKind Kind,
    LocalizedText Text,
    IReadOnlyList<ChoiceOption> Options,
    bool Optional = false,
    int Points = 0,
    Condition? When = null,
    IReadOnlyList<TextVariant>? Variants = null,
    LocalizedText? LowLabel = null,
    LocalizedText? HighLabel = null,
    int Top = 0)
{
    /// <summary>How many picks complete a ranking: its top-N, or every option.</summary>
    public int RankCount => Top is > 0 && Top < Options.Count ? Top : Options.Count;

    /// <summary>The lowest and highest value of a scale question.</summary>
    public (int Min, int Max) Scale => Kind switch
    {
        QuestionKind.Nps => (0, 10),
        QuestionKind.Csat => (1, 5),
        QuestionKind.Ces => (1, 7),
        QuestionKind.Likert => (1, Points),
        _ => (0, 0),
    };

    public bool IsScale => Kind is QuestionKind.Nps or QuestionKind.Csat or QuestionKind.Ces or QuestionKind.Likert;
}

/// <summary>An option of a choice question; <see cref="Synonyms"/> are extra words per language that name it.</summary>
public sealed record ChoiceOption(string Id, LocalizedText Label, IReadOnlyDictionary<string, IReadOnlyList<string>>? Synonyms = null);

/// <summary>Question text used instead of the default when its condition holds (e.g. worded by NPS group).</summary>
public sealed record TextVariant(Condition When, LocalizedText Text);

/// <summary>
/// A condition on an earlier answer: the question was answered and its value is in the NPS group,
/// between Min and Max, one of AnyOf (option ids, or "true"/"false" for yes/no).
/// </summary>
public sealed record Condition(string Question, NpsGroup? Group = null, int? Min = null, int? Max = null, IReadOnlyList<string>? AnyOf = null);

public enum NpsGroup { Detractor, Passive, Promoter }

/// <summary>Text in every language the survey speaks. Texts may pipe values: {context.order_id|fallback}, {answers.nps}.</summary>
public sealed record LocalizedText(IReadOnlyDictionary<string, string> ByLanguage)
{
    public string For(string language) =>
        ByLanguage.TryGetValue(language, out var text) ? text
        : throw new KeyNotFoundException($"No '{language}' text; a survey is validated to have every language it lists.");

    public static LocalizedText Of(params (string Language, string Text)[] texts) =>
        new(texts.ToDictionary(t => t.Language, t => t.Text));
}
