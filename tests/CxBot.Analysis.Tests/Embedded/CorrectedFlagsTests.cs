using CxBot.Analysis.Embedded;

namespace CxBot.Analysis.Tests.Embedded;

public sealed class CorrectedFlagsTests
{
    [Fact]
    public void A_corrected_churn_risk_and_wish_to_be_contacted_carry_over_to_a_nearly_same_answer()
    {
        var analyzer = new EmbeddedAnalyzer(new NoPii());
        const string Text = "My grandmother liked the colour of the envelope";
        var before = analyzer.Analyze(new AnalysisRequest("1", "My grandmother really liked the colour of the envelope", "en"));
        Assert.False(before.ChurnRisk);
        Assert.False(before.WantsContact);

        analyzer.AddCorrection(new AnswerCorrection(Text, "en", [], Sentiment.Negative, ChurnRisk: true, WantsContact: true));

        var after = analyzer.Analyze(new AnalysisRequest("2", "My grandmother really liked the colour of the envelope", "en"));
        Assert.True(after.ChurnRisk);
        Assert.True(after.WantsContact);
        Assert.False(analyzer.Analyze(new AnalysisRequest("3", "The courier was friendly and quick", "en")).ChurnRisk);
    }

    [Fact]
    public void A_correction_that_leaves_the_flags_unjudged_keeps_the_analyzer_reading()
    {
        var analyzer = new EmbeddedAnalyzer(new NoPii());
        const string Text = "I am cancelling my account, this is the last straw";
        Assert.True(analyzer.Analyze(new AnalysisRequest("1", Text, "en")).ChurnRisk);

        analyzer.AddCorrection(new AnswerCorrection(Text, "en", [], null));

        Assert.True(analyzer.Analyze(new AnalysisRequest("2", Text, "en")).ChurnRisk);
    }
}
