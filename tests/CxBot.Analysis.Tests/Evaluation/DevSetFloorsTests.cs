using CxBot.Analysis.Embedded;
using CxBot.Analysis.Evaluation;
using CxBot.Analysis.Pii;

namespace CxBot.Analysis.Tests.Evaluation;

/// <summary>
/// The embedded analyzer over eval/cx-dev.jsonl, overall and per language, against the floors it was measured
/// at (minus a small margin): a change to the data files that loses ground fails here.
/// </summary>
public sealed class DevSetFloorsTests
{
    [Fact]
    public async Task Embedded_analyzer_keeps_its_measured_floors_on_the_dev_set()
    {
        var path = FindDevSet();
        var gold = EvaluationData.Load(path);
        var analyzer = new EmbeddedAnalyzer(new PiiRedactor());

        var predicted = await analyzer.AnalyzeAsync([.. gold.Select(g => new AnalysisRequest(g.Id, g.Text, g.Language))], TestContext.Current.CancellationToken);
        var report = Evaluator.Evaluate(gold, predicted);

        Assert.Equal(480, gold.Count);
        foreach (var s in report.Languages.Append(report.Overall))
        {
            Assert.True(s.SentimentMacroF1 >= Floors.Sentiment, $"{s.Slice}: sentiment macro-F1 {s.SentimentMacroF1:F3} < {Floors.Sentiment}");
            Assert.True(s.ThemeMicroF1 >= Floors.ThemeMicro, $"{s.Slice}: theme micro-F1 {s.ThemeMicroF1:F3} < {Floors.ThemeMicro}");
            Assert.True(s.AspectAccuracy >= Floors.Aspect, $"{s.Slice}: aspect accuracy {s.AspectAccuracy:F3} < {Floors.Aspect}");
            Assert.True(s.ChurnF1 >= Floors.Churn, $"{s.Slice}: churn F1 {s.ChurnF1:F3} < {Floors.Churn}");
            Assert.True(s.ContactF1 >= Floors.Contact, $"{s.Slice}: contact F1 {s.ContactF1:F3} < {Floors.Contact}");
        }
    }

    private static class Floors
    {
        public const double Sentiment = 0.87;
        public const double ThemeMicro = 0.81;
        public const double Aspect = 0.86;
        public const double Churn = 0.93;
        public const double Contact = 0.95;
    }

    private static string FindDevSet()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "eval", "cx-dev.jsonl");
            if (File.Exists(Path.Combine(dir.FullName, "CxBot.sln")) && File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("../shared/eval/cx-dev.jsonl beside the repository was not found");
    }
}
