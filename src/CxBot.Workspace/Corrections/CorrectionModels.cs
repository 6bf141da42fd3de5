namespace CxBot.Workspace.Corrections;

/// <summary>A theme on an answer and its sentiment (positive, negative or neutral), as stored.</summary>
internal sealed record TagLabel(string Theme, string Sentiment);

/// <summary>All the labels of one answer: its themes, overall sentiment, churn risk and wish to be contacted.</summary>
internal sealed record Labels(IReadOnlyList<TagLabel> Themes, string Sentiment, bool ChurnRisk, bool WantsContact)
{
    public static IReadOnlyList<string> OverallSentiments { get; } = ["positive", "neutral", "negative", "mixed"];

    public static IReadOnlyList<string> ThemeSentiments { get; } = ["positive", "neutral", "negative"];

    public bool SameAs(Labels other) =>
        Sentiment == other.Sentiment && ChurnRisk == other.ChurnRisk && WantsContact == other.WantsContact
        && Themes.OrderBy(t => t.Theme, StringComparer.Ordinal).SequenceEqual(other.Themes.OrderBy(t => t.Theme, StringComparer.Ordinal));
}

/// <summary>A theme as the analyzer stored it, with the phrases that named it.</summary>
internal sealed record StoredTheme(string Theme, string Sentiment, double Confidence, IReadOnlyList<string> Evidence);

/// <summary>What the analyzer stored for an answer.</summary>
internal sealed record AnalyzerLabels(string Sentiment, bool ChurnRisk, bool WantsContact, IReadOnlyList<StoredTheme> Themes, string Analyzer, string Version)
{
    public Labels ToLabels() => new([.. Themes.Select(t => new TagLabel(t.Theme, t.Sentiment))], Sentiment, ChurnRisk, WantsContact);
}

/// <summary>The team's labels of an answer: who verified them, and when.</summary>
internal sealed record VerifiedLabels(Labels Labels, string By, DateTimeOffset At);

/// <summary>One open-text answer with everything the answer page shows.</summary>
internal sealed record AnswerDetail(
    string ResponseId,
    string QuestionId,
    string Text,
    string Language,
    DateTimeOffset AnsweredAt,
    string SurveyId,
    string ChannelId,
    int? Nps,
    AnalyzerLabels? Analyzer,
    VerifiedLabels? Verified)
{
    /// <summary>The labels the workspace counts: the team's when verified, else the analyzer's.</summary>
    public Labels Effective => Verified?.Labels ?? Analyzer?.ToLabels() ?? new Labels([], "neutral", false, false);

    public IReadOnlyList<string> Evidence => [.. Analyzer?.Themes.SelectMany(t => t.Evidence) ?? []];
}

/// <summary>A correction as the audit log keeps it: the answer and its labels.</summary>
internal sealed record CorrectionAudit(string ResponseId, string QuestionId, Labels Labels);

/// <summary>One week of agreement between the analyzer and the team over the answers the team verified that week.</summary>
internal sealed record AgreementRow(DateTimeOffset Week, long Reviewed, long ThemesExact, long SentimentAgreed, long ChurnAgreed);

/// <summary>A recent correction for the corrections page.</summary>
internal sealed record CorrectionSummary(string ResponseId, string QuestionId, string Text, Labels Labels, string By, DateTimeOffset At, bool AgreedThemes);

/// <summary>A stored correction with the masked text it labels, as replayed into the analyzer.</summary>
internal sealed record StoredCorrection(string ResponseId, string QuestionId, string Text, string Language, Labels Labels);
