using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CxBot.Analysis;
using CxBot.Analysis.Evaluation;

namespace CxBot.Cli;

/// <summary>
/// cxbot eval --data F.jsonl [--json] [--bench] [--mistakes]: runs the analyzer over a labelled file and prints,
/// per language and overall, the metrics of eval/README.md and the sentiment confusion matrix; for
/// sentiment-only files (eval/real) accuracy and macro-F1 beside the majority-class baseline.
/// </summary>
public static class EvalCommand
{
    public const string Usage = "--data F.jsonl [--json] [--bench] [--mistakes] [--provider embedded] [--taxonomy T.json]   score the analyzer on a labelled file";

    private const int BatchSize = 64;
    private const int BenchMaxChars = 300;
    private static readonly TimeSpan BenchDuration = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var cl = new CommandLine(args, "--json", "--bench", "--mistakes");
        var path = cl.Required("--data");
        if (!File.Exists(path)) throw new CommandLineException($"{path} does not exist");
        var analyzer = AnalyzerProviders.Create(cl.Get("--provider"), cl.Get("--taxonomy"));
        IReadOnlyList<LabelledAnswer> gold;
        try
        {
            gold = EvaluationData.Load(path);
        }
        catch (FormatException e)
        {
            throw new CommandLineException(e.Message);
        }

        var predicted = new List<TextAnalysis>(gold.Count);
        var progress = new ProgressBar(stderr, gold.Count);
        for (var i = 0; i < gold.Count; i += BatchSize)
        {
            var batch = gold.Skip(i).Take(BatchSize).Select(g => new AnalysisRequest(g.Id, g.Text, string.IsNullOrEmpty(g.Language) ? null : g.Language)).ToList();
            predicted.AddRange(await analyzer.AnalyzeAsync(batch, ct));
            progress.Report(predicted.Count);
        }
        progress.Done();

        var report = Evaluator.Evaluate(gold, predicted);
        if (cl.Has("--json")) await stdout.WriteLineAsync(ToJson(report));
        else Print(report, stdout);
        if (cl.Has("--mistakes")) PrintMistakes(gold, predicted, stdout);
        if (cl.Has("--bench")) await BenchAsync(analyzer, gold, stdout, ct);
        return 0;
    }

    private static void Print(EvaluationReport report, TextWriter o)
    {
        var rows = report.Languages.Append(report.Overall).ToList();
        if (report.SentimentOnly)
        {
            o.WriteLine($"{"slice",-6}{"n",6}{"accuracy",10}{"macroF1",9}   {"baseline",-10}{"accuracy",9}{"macroF1",9}");
            foreach (var r in rows)
                o.WriteLine($"{r.Slice,-6}{r.Count,6}{F(r.SentimentAccuracy),10}{F(r.SentimentMacroF1),9}   {EvaluationData.Label(r.MajorityClass),-10}{F(r.BaselineAccuracy),9}{F(r.BaselineMacroF1),9}");
        }
        else
        {
            o.WriteLine($"{"slice",-6}{"n",5}{"sentF1",8}{"sentAcc",8}{"themeMi",8}{"themeMa",8}{"aspect",8}{"churnF1",8}{"contF1",8}{"piiRec",8}{"piiPrec",8}{"probe",7}");
            foreach (var r in rows)
                o.WriteLine($"{r.Slice,-6}{r.Count,5}{F(r.SentimentMacroF1),8}{F(r.SentimentAccuracy),8}{F(r.ThemeMicroF1),8}{F(r.ThemeMacroF1),8}{F(r.AspectAccuracy),8}{F(r.ChurnF1),8}{F(r.ContactF1),8}{F(r.PiiRecall),8}{F(r.PiiPrecision),8}{r.NotSpecific,7}");
            if (report.Overall.PiiRecallByKind.Count > 0)
                o.WriteLine("PII recall by kind: " + string.Join(", ", report.Overall.PiiRecallByKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {F(k.Value)}")));
            o.WriteLine("probe = answers not specific enough (one follow-up question would be asked)");
        }
        foreach (var r in rows)
        {
            o.WriteLine();
            o.WriteLine($"sentiment confusion ({r.Slice}): rows gold, columns predicted");
            o.WriteLine($"{"",-10}" + string.Concat(Metrics.SentimentClasses.Select(c => $"{EvaluationData.Label(c),10}")));
            for (var g = 0; g < 4; g++)
                o.WriteLine($"{EvaluationData.Label(Metrics.SentimentClasses[g]),-10}" + string.Concat(Enumerable.Range(0, 4).Select(p => $"{r.Confusion[g, p],10}")));
        }
    }

    private static void PrintMistakes(IReadOnlyList<LabelledAnswer> gold, List<TextAnalysis> predicted, TextWriter o)
    {
        o.WriteLine();
        for (var i = 0; i < gold.Count; i++)
        {
            var g = gold[i];
            var p = predicted[i];
            var notes = new List<string>();
            if (g.Sentiment != p.Sentiment) notes.Add($"sent {EvaluationData.Label(g.Sentiment)}→{EvaluationData.Label(p.Sentiment)}");
            if (!g.SentimentOnly)
            {
                var gt = string.Join(' ', g.Themes.Select(t => $"{t.Theme}:{EvaluationData.Label(t.Sentiment)[..3]}").Order(StringComparer.Ordinal));
                var pt = string.Join(' ', p.Themes.Select(t => $"{t.Theme}:{EvaluationData.Label(t.Sentiment)[..3]}").Order(StringComparer.Ordinal));
                if (gt != pt) notes.Add($"themes [{gt}]→[{pt}]");
                if (g.ChurnRisk != p.ChurnRisk) notes.Add($"churn {g.ChurnRisk}→{p.ChurnRisk}");
                if (g.WantsContact != p.WantsContact) notes.Add($"contact {g.WantsContact}→{p.WantsContact}");
            }
            if (notes.Count > 0) o.WriteLine($"{g.Id}\t{string.Join("; ", notes)}\t{p.MaskedText}");
        }
    }

    /// <summary>Throughput on one core and per-answer latency for answers up to 300 characters.</summary>
    private static async Task BenchAsync(ITextAnalyzer analyzer, IReadOnlyList<LabelledAnswer> gold, TextWriter o, CancellationToken ct)
    {
        var texts = gold.Where(g => g.Text.Length <= BenchMaxChars).Select(g => new AnalysisRequest(g.Id, g.Text, string.IsNullOrEmpty(g.Language) ? null : g.Language)).ToList();
        if (texts.Count == 0) { o.WriteLine("bench: no answers of up to 300 characters"); return; }
        foreach (var t in texts) await analyzer.AnalyzeAsync([t], ct); // warm-up: JIT and lazily built lexicons
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        var one = new AnalysisRequest[1];
        while (clock.Elapsed < BenchDuration)
        {
            foreach (var t in texts)
            {
                one[0] = t;
                var start = Stopwatch.GetTimestamp();
                await analyzer.AnalyzeAsync(one, ct);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }
        var seconds = clock.Elapsed.TotalSeconds;
        latencies.Sort();
        double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        o.WriteLine();
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench (one thread, answers ≤ {BenchMaxChars} chars): {latencies.Count / seconds:F0} answers/s; p50 {P(0.50):F3} ms, p99 {P(0.99):F3} ms, max {latencies[^1]:F3} ms over {latencies.Count} answers"));
    }

    private static string F(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";

    private static string ToJson(EvaluationReport report)
    {
        static object Scores(EvaluationScores s) => new Dictionary<string, object?>
        {
            ["slice"] = s.Slice, ["n"] = s.Count,
            ["sentiment_macro_f1"] = s.SentimentMacroF1, ["sentiment_accuracy"] = s.SentimentAccuracy,
            ["theme_micro_f1"] = s.ThemeMicroF1, ["theme_macro_f1"] = s.ThemeMacroF1, ["aspect_accuracy"] = s.AspectAccuracy,
            ["churn_f1"] = s.ChurnF1, ["contact_f1"] = s.ContactF1, ["pii_recall"] = s.PiiRecall, ["pii_precision"] = s.PiiPrecision,
            ["pii_recall_by_kind"] = s.PiiRecallByKind, ["not_specific"] = s.NotSpecific,
            ["baseline"] = new Dictionary<string, object> { ["class"] = EvaluationData.Label(s.MajorityClass), ["accuracy"] = s.BaselineAccuracy, ["macro_f1"] = s.BaselineMacroF1 },
            ["confusion"] = new Dictionary<string, object>
            {
                ["labels"] = Metrics.SentimentClasses.Select(EvaluationData.Label).ToArray(),
                ["rows_gold_columns_predicted"] = Enumerable.Range(0, 4).Select(g => Enumerable.Range(0, 4).Select(p => s.Confusion[g, p]).ToArray()).ToArray(),
            },
        };
        var document = new Dictionary<string, object>
        {
            ["sentiment_only"] = report.SentimentOnly,
            ["languages"] = report.Languages.Select(Scores).ToArray(),
            ["overall"] = Scores(report.Overall),
        };
        return JsonSerializer.Serialize(document, EvalJson.Options);
    }
}

internal static class EvalJson
{
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = true };
}
