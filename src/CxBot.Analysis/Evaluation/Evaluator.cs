namespace CxBot.Analysis.Evaluation;

/// <summary>Scores for one slice (a language or all): every metric eval/README.md defines.</summary>
public sealed record EvaluationScores(
    string Slice,
    int Count,
    double SentimentMacroF1,
    double SentimentAccuracy,
    int[,] Confusion,
    double? ThemeMicroF1,
    double? ThemeMacroF1,
    double? AspectAccuracy,
    double? ChurnF1,
    double? ContactF1,
    double? PiiRecall,
    double? PiiPrecision,
    IReadOnlyDictionary<string, double> PiiRecallByKind,
    int NotSpecific,
    Sentiment MajorityClass,
    double BaselineAccuracy,
    double BaselineMacroF1);

/// <summary>The per-language and overall report of one run over a labelled file.</summary>
public sealed record EvaluationReport(IReadOnlyList<EvaluationScores> Languages, EvaluationScores Overall, bool SentimentOnly);

public static class Evaluator
{
    public static EvaluationReport Evaluate(IReadOnlyList<LabelledAnswer> gold, IReadOnlyList<TextAnalysis> predicted)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predicted);
        if (gold.Count != predicted.Count) throw new ArgumentException("one prediction per labelled answer is needed");
        var pairs = gold.Zip(predicted).ToList();
        var languages = pairs.Select(p => p.First.Language).Distinct().OrderBy(l => l, StringComparer.Ordinal)
            .Select(l => Score(l, pairs.Where(p => p.First.Language == l).ToList())).ToList();
        return new EvaluationReport(languages, Score("all", pairs), gold.All(g => g.SentimentOnly));
    }

    public static EvaluationScores Score(string slice, IReadOnlyList<(LabelledAnswer Gold, TextAnalysis Predicted)> pairs)
    {
        var goldSentiment = pairs.Select(p => p.Gold.Sentiment).ToList();
        var predictedSentiment = pairs.Select(p => p.Predicted.Sentiment).ToList();
        var majority = Metrics.MajorityClass(goldSentiment);
        var baseline = goldSentiment.Select(_ => majority).ToList();
        var full = pairs.Where(p => !p.Gold.SentimentOnly).ToList();
        var notSpecific = pairs.Count(p => !p.Predicted.IsSpecific);

        if (full.Count == 0)
        {
            return new EvaluationScores(slice, pairs.Count, Metrics.MacroF1(goldSentiment, predictedSentiment), Metrics.Accuracy(goldSentiment, predictedSentiment),
                Metrics.ConfusionMatrix(goldSentiment, predictedSentiment), null, null, null, null, null, null, null, new Dictionary<string, double>(), notSpecific,
                majority, Metrics.Accuracy(goldSentiment, baseline), Metrics.MacroF1(goldSentiment, baseline));
        }

        // Themes: (answer, theme) pairs, aspect sentiment ignored.
        int tp = 0, fp = 0, fn = 0, aspectRight = 0, aspectTotal = 0;
        var perTheme = new Dictionary<string, (int Tp, int Fp, int Fn)>(StringComparer.Ordinal);
        var goldThemes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (g, p) in full)
        {
            var goldSet = g.Themes.Select(t => t.Theme).ToHashSet(StringComparer.Ordinal);
            var predictedSet = p.Themes.Select(t => t.Theme).ToHashSet(StringComparer.Ordinal);
            goldThemes.UnionWith(goldSet);
            foreach (var t in goldSet.Union(predictedSet))
            {
                var (a, b, c) = perTheme.GetValueOrDefault(t);
                var inGold = goldSet.Contains(t);
                var inPredicted = predictedSet.Contains(t);
                if (inGold && inPredicted) { tp++; a++; }
                else if (inPredicted) { fp++; b++; }
                else { fn++; c++; }
                perTheme[t] = (a, b, c);
            }
            foreach (var (theme, sentiment) in g.Themes)
            {
                aspectTotal++;
                if (p.Themes.Any(t => t.Theme == theme && t.Sentiment == sentiment)) aspectRight++;
            }
        }
        var macro = goldThemes.Count == 0 ? 1.0 : goldThemes.Average(t => { var (a, b, c) = perTheme[t]; return Metrics.F1(a, b, c); });

        // PII: recall over gold (answer, kind) pairs, precision over predicted ones.
        int piiGold = 0, piiPredicted = 0, piiHit = 0;
        var byKind = new Dictionary<string, (int Gold, int Hit)>(StringComparer.Ordinal);
        foreach (var (g, p) in full)
        {
            var goldKinds = g.Pii.Distinct().ToList();
            var predictedKinds = p.Pii.Distinct().ToList();
            piiGold += goldKinds.Count;
            piiPredicted += predictedKinds.Count;
            foreach (var k in goldKinds)
            {
                var hit = predictedKinds.Contains(k);
                if (hit) piiHit++;
                var name = EvaluationData.Label(k);
                var (gk, hk) = byKind.GetValueOrDefault(name);
                byKind[name] = (gk + 1, hk + (hit ? 1 : 0));
            }
        }

        return new EvaluationScores(
            slice, pairs.Count,
            Metrics.MacroF1(goldSentiment, predictedSentiment), Metrics.Accuracy(goldSentiment, predictedSentiment), Metrics.ConfusionMatrix(goldSentiment, predictedSentiment),
            Metrics.F1(tp, fp, fn), macro, aspectTotal == 0 ? 1.0 : (double)aspectRight / aspectTotal,
            Metrics.BinaryF1(full.Select(p => p.Gold.ChurnRisk).ToList(), full.Select(p => p.Predicted.ChurnRisk).ToList()),
            Metrics.BinaryF1(full.Select(p => p.Gold.WantsContact).ToList(), full.Select(p => p.Predicted.WantsContact).ToList()),
            piiGold == 0 ? 1.0 : (double)piiHit / piiGold,
            piiPredicted == 0 ? 1.0 : (double)piiHit / piiPredicted,
            byKind.ToDictionary(k => k.Key, k => (double)k.Value.Hit / k.Value.Gold, StringComparer.Ordinal),
            notSpecific, majority, Metrics.Accuracy(goldSentiment, baseline), Metrics.MacroF1(goldSentiment, baseline));
    }
}
