using CxBot.Analysis;

namespace CxBot.Analysis.Tests.Embedded;

/// <summary>A redactor that finds nothing: these tests are about the analysis, not about PII.</summary>
internal sealed class NoPii : IPiiRedactor
{
    public PiiRedaction Redact(string text) => new(text, []);
}
