namespace CxBot.Analysis.Evaluation;

/// <summary>The arithmetic of eval/README.md: F1 of counts, macro-F1 over classes, and the sentiment confusion matrix.</summary>
public static class Metrics
{
    public static readonly Sentiment[] SentimentClasses = [Sentiment.Positive, Sentiment.Negative, Sentiment.Neutral, Sentiment.Mixed];

    /// <summary>F1 from counts; 1 when there is nothing to find and nothing was found.</summary>
    public static double F1(int truePositives, int falsePositives, int falseNegatives)
    {
        if (truePositives + falsePositives + falseNegatives == 0) return 1.0;
        return 2.0 * truePositives / (2.0 * truePositives + falsePositives + falseNegatives);
    }

    /// <summary>Counts [gold, predicted] in the order of <see cref="SentimentClasses"/>.</summary>
    public static int[,] ConfusionMatrix(IReadOnlyList<Sentiment> gold, IReadOnlyList<Sentiment> predicted)
    {
        Check(gold, predicted);
        var matrix = new int[4, 4];
        for (var i = 0; i < gold.Count; i++) matrix[(int)Index(gold[i]), (int)Index(predicted[i])]++;
        return matrix;
    }

    /// <summary>
    /// The unweighted mean of per-class F1 over the classes that occur in the gold labels or the predictions
    /// (a class nobody used and nobody predicted says nothing).
    /// </summary>
    public static double MacroF1(IReadOnlyList<Sentiment> gold, IReadOnlyList<Sentiment> predicted)
    {
        var m = ConfusionMatrix(gold, predicted);
        var sum = 0.0;
        var classes = 0;
        for (var c = 0; c < 4; c++)
        {
            int tp = m[c, c], fp = 0, fn = 0;
            for (var o = 0; o < 4; o++)
            {
                if (o == c) continue;
                fp += m[o, c];
                fn += m[c, o];
            }
            if (tp + fp + fn == 0) continue;
            sum += F1(tp, fp, fn);
            classes++;
        }
        return classes == 0 ? 1.0 : sum / classes;
    }

    public static double Accuracy(IReadOnlyList<Sentiment> gold, IReadOnlyList<Sentiment> predicted)
    {
        Check(gold, predicted);
        if (gold.Count == 0) return 1.0;
        var right = 0;
        for (var i = 0; i < gold.Count; i++) if (gold[i] == predicted[i]) right++;
        return (double)right / gold.Count;
    }

    /// <summary>F1 of the true class of a yes/no label.</summary>
    public static double BinaryF1(IReadOnlyList<bool> gold, IReadOnlyList<bool> predicted)
    {
        if (gold.Count != predicted.Count) throw new ArgumentException("gold and predicted differ in length");
        int tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < gold.Count; i++)
        {
            if (gold[i] && predicted[i]) tp++;
            else if (predicted[i]) fp++;
            else if (gold[i]) fn++;
        }
        return F1(tp, fp, fn);
    }

    /// <summary>The most frequent gold class (ties: the first in <see cref="SentimentClasses"/>), the baseline's one answer.</summary>
    public static Sentiment MajorityClass(IReadOnlyList<Sentiment> gold) =>
        SentimentClasses.OrderByDescending(c => gold.Count(g => g == c)).ThenBy(c => Array.IndexOf(SentimentClasses, c)).First();

    private static int Index(Sentiment s) => Array.IndexOf(SentimentClasses, s);

    private static void Check<T>(IReadOnlyList<T> gold, IReadOnlyList<T> predicted)
    {
        if (gold.Count != predicted.Count) throw new ArgumentException("gold and predicted differ in length");
    }
}
