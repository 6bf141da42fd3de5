namespace CxBot.Analysis;

public enum Sentiment { Positive, Negative, Neutral, Mixed }

public enum PiiKind { Email, Phone, PaymentCard, Iban }

/// <summary>One open-text answer to analyse. <see cref="Language"/> is en/ru/pl/ro, or null to detect it.</summary>
public sealed record AnalysisRequest(string Id, string Text, string? Language = null);

/// <summary>A CX theme the answer talks about, with its own (aspect) sentiment: never Mixed.</summary>
public sealed record ThemeMention(string Theme, Sentiment Sentiment, double Confidence, IReadOnlyList<string> Evidence);

/// <summary>
/// What an analyzer says about one answer. <see cref="MaskedText"/> is the text with PII masked
/// ([email], [phone], [card], [iban]): the only form of the text that may leave the process.
/// <see cref="IsSpecific"/> is false for vague answers ("bad", "ok") worth one follow-up question.
/// </summary>
public sealed record TextAnalysis(
    string Id,
    string Language,
    Sentiment Sentiment,
    double Score,
    IReadOnlyList<ThemeMention> Themes,
    bool ChurnRisk,
    bool WantsContact,
    IReadOnlyList<PiiKind> Pii,
    string MaskedText,
    bool IsSpecific,
    AnalysisConfidence Confidence,
    string Analyzer);

/// <summary>A confidence in [0, 1] for each output; <see cref="Overall"/> is the lowest that matters for hybrid routing.</summary>
public sealed record AnalysisConfidence(double Sentiment, double Themes, double ChurnRisk, double WantsContact)
{
    public double Overall => Math.Min(Math.Min(Sentiment, Themes), Math.Min(ChurnRisk, WantsContact));
}

/// <summary>Text in, labels out. Implementations: embedded (default), Semantic Kernel, hybrid.</summary>
public interface ITextAnalyzer
{
    Task<IReadOnlyList<TextAnalysis>> AnalyzeAsync(IReadOnlyList<AnalysisRequest> batch, CancellationToken cancellationToken);
}

/// <summary>Finds and masks e-mails, phones, Luhn-valid card numbers and mod-97-valid IBANs.</summary>
public interface IPiiRedactor
{
    PiiRedaction Redact(string text);
}

public sealed record PiiRedaction(string MaskedText, IReadOnlyList<PiiKind> Kinds);
