using CxBot.Analysis.Evaluation;

namespace CxBot.Analysis.Tests.Evaluation;

public sealed class MetricsTests
{
    private const Sentiment P = Sentiment.Positive, N = Sentiment.Negative, U = Sentiment.Neutral, M = Sentiment.Mixed;

    [Fact]
    public void Macro_f1_is_the_unweighted_mean_of_per_class_f1()
    {
        // positive: tp 2 fp 1 fn 0 → 0.8; negative: tp 1 fp 1 fn 1 → 0.5; neutral: tp 1 → 1; mixed: tp 0 fn 1 → 0
        Sentiment[] gold = [P, P, N, N, U, M];
        Sentiment[] predicted = [P, P, N, P, U, N];

        Assert.Equal((0.8 + 0.5 + 1 + 0) / 4, Metrics.MacroF1(gold, predicted), 6);
        Assert.Equal(4.0 / 6, Metrics.Accuracy(gold, predicted), 6);
        var m = Metrics.ConfusionMatrix(gold, predicted);
        Assert.Equal(2, m[0, 0]);
        Assert.Equal(1, m[1, 0]);
        Assert.Equal(1, m[3, 1]);
    }

    [Fact]
    public void Binary_f1_counts_only_the_true_class()
    {
        // tp 1, fp 1, fn 1 → 2/(2+1+1) = 0.5
        Assert.Equal(0.5, Metrics.BinaryF1([true, true, false, false], [true, false, true, false]), 6);
        Assert.Equal(1.0, Metrics.BinaryF1([false, false], [false, false]), 6);
    }

    [Fact]
    public void Majority_baseline_predicts_the_most_frequent_class()
    {
        Sentiment[] gold = [N, N, N, P];

        var majority = Metrics.MajorityClass(gold);

        Assert.Equal(N, majority);
        // negative: tp 3 fp 1 → 6/7; positive: fn 1 → 0
        Assert.Equal((6.0 / 7 + 0) / 2, Metrics.MacroF1(gold, [N, N, N, N]), 6);
    }

    [Fact]
    public void Theme_aspect_churn_contact_and_pii_scores_follow_the_readme()
    {
        LabelledAnswer[] gold =
        [
            new("1", "en", "a", P, [("delivery", P), ("staff_attitude", N)], true, false, [PiiKind.Email], false),
            new("2", "en", "b", N, [("delivery", N)], false, true, [], false),
        ];
        TextAnalysis[] predicted =
        [
            Result("1", P, [("delivery", P), ("price_value", N)], churn: true, contact: false, [PiiKind.Email, PiiKind.Phone]),
            Result("2", N, [("delivery", P)], churn: true, contact: true, []),
        ];

        var s = Evaluator.Evaluate(gold, predicted).Overall;

        // theme pairs: tp 2 (delivery ×2), fp 1 (price_value), fn 1 (staff_attitude) → micro 4/6
        Assert.Equal(4.0 / 6, s.ThemeMicroF1!.Value, 6);
        // per gold theme: delivery 1.0, staff_attitude 0 → macro 0.5
        Assert.Equal(0.5, s.ThemeMacroF1!.Value, 6);
        // aspects: delivery P right, staff_attitude missing, delivery N predicted P → 1/3
        Assert.Equal(1.0 / 3, s.AspectAccuracy!.Value, 6);
        Assert.Equal(2.0 / 3, s.ChurnF1!.Value, 6);
        Assert.Equal(1.0, s.ContactF1!.Value, 6);
        Assert.Equal(1.0, s.PiiRecall!.Value, 6);
        Assert.Equal(0.5, s.PiiPrecision!.Value, 6);
    }

    [Fact]
    public void A_sentiment_only_file_gets_sentiment_scores_and_a_baseline()
    {
        var gold = new[] { EvaluationData.Parse("""{"id":"r1","lang":"ro","text":"x","sentiment":"positive","source":"s"}"""), EvaluationData.Parse("""{"id":"r2","lang":"ro","text":"y","sentiment":"positive","source":"s"}""") };
        TextAnalysis[] predicted = [Result("r1", P, [], false, false, []), Result("r2", N, [], false, false, [])];

        var report = Evaluator.Evaluate(gold, predicted);

        Assert.True(report.SentimentOnly);
        Assert.Null(report.Overall.ThemeMicroF1);
        Assert.Equal(0.5, report.Overall.SentimentAccuracy, 6);
        Assert.Equal(1.0, report.Overall.BaselineAccuracy, 6);
    }

    private static TextAnalysis Result(string id, Sentiment sentiment, (string Theme, Sentiment Sentiment)[] themes, bool churn, bool contact, PiiKind[] pii) =>
        new(id, "en", sentiment, 0, [.. themes.Select(t => new ThemeMention(t.Theme, t.Sentiment, 1, []))], churn, contact, pii, "", true, new AnalysisConfidence(1, 1, 1, 1), "test");
}
