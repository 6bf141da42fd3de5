using System.Text;
using System.Text.Json;
using CxBot.Analysis;
using CxBot.Analysis.Embedded;
using CxBot.Analysis.Evaluation;
using CxBot.Analysis.Hybrid;
using CxBot.Analysis.Pii;
using CxBot.Analysis.SemanticKernel;
using CxBot.Analysis.Taxonomy;
using Microsoft.Extensions.Configuration;

namespace CxBot.Cli;

/// <summary>cxbot analyze --in F.jsonl --out G.jsonl [--provider embedded|semantic-kernel|hybrid] [--taxonomy T.json]: one analysis per answer.</summary>
public static class AnalyzeCommand
{
    public const string Usage = "--in F.jsonl --out G.jsonl [--provider embedded|semantic-kernel|hybrid] [--taxonomy T.json]   analyse open answers";

    private const int BatchSize = 64;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var cl = new CommandLine(args);
        var input = cl.Required("--in");
        var output = cl.Required("--out");
        var analyzer = AnalyzerProviders.Create(cl.Get("--provider"), cl.Get("--taxonomy"));
        if (!File.Exists(input)) throw new CommandLineException($"{input} does not exist");

        var requests = new List<AnalysisRequest>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(input))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            requests.Add(ReadRequest(line, input, lineNumber));
        }

        var progress = new ProgressBar(stderr, requests.Count);
        await using var stream = File.Create(output);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        for (var i = 0; i < requests.Count; i += BatchSize)
        {
            var batch = requests.GetRange(i, Math.Min(BatchSize, requests.Count - i));
            foreach (var result in await analyzer.AnalyzeAsync(batch, ct))
            {
                await writer.WriteLineAsync(ToJson(result).AsMemory(), ct);
            }
            progress.Report(i + batch.Count);
        }
        progress.Done();
        await stdout.WriteLineAsync($"analysed {requests.Count} answers → {output}");
        return 0;
    }

    private static AnalysisRequest ReadRequest(string line, string file, int lineNumber)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var id = root.TryGetProperty("id", out var i) ? i.ToString() : lineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var text = root.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : throw new CommandLineException($"{file}:{lineNumber}: \"text\" is missing");
            var lang = root.TryGetProperty("lang", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
            return new AnalysisRequest(id, text, lang);
        }
        catch (JsonException e)
        {
            throw new CommandLineException($"{file}:{lineNumber}: not valid JSON ({e.Message})");
        }
    }

    internal static string ToJson(TextAnalysis a)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("id", a.Id);
            w.WriteString("lang", a.Language);
            w.WriteString("sentiment", EvaluationData.Label(a.Sentiment));
            w.WriteNumber("score", Math.Round(a.Score, 3));
            w.WriteStartArray("themes");
            foreach (var t in a.Themes)
            {
                w.WriteStartObject();
                w.WriteString("theme", t.Theme);
                w.WriteString("sentiment", EvaluationData.Label(t.Sentiment));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteBoolean("churn_risk", a.ChurnRisk);
            w.WriteBoolean("wants_contact", a.WantsContact);
            w.WriteStartArray("pii");
            foreach (var k in a.Pii.Distinct()) w.WriteStringValue(EvaluationData.Label(k));
            w.WriteEndArray();
            w.WriteNumber("confidence", Math.Round(a.Confidence.Overall, 3));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>The analyzer behind --provider. Another provider is one more line in the switch.</summary>
internal static class AnalyzerProviders
{
    public static ITextAnalyzer Create(string? provider, string? taxonomyPath)
    {
        ThemeTaxonomy taxonomy;
        try
        {
            taxonomy = taxonomyPath is null ? ThemeTaxonomy.LoadDefault() : ThemeTaxonomy.Load(taxonomyPath);
        }
        catch (TaxonomyException e)
        {
            throw new CommandLineException(e.Message);
        }
        var embedded = new EmbeddedAnalyzer(new PiiRedactor(), taxonomy);
        return (provider ?? EmbeddedAnalyzer.Name) switch
        {
            EmbeddedAnalyzer.Name => embedded,
            "semantic-kernel" => LanguageModel(embedded, taxonomy),
            "hybrid" => new HybridAnalyzer(embedded, LanguageModel(embedded, taxonomy), Settings().GetValue("Analysis:HybridThreshold", 0.6)),
            var other => throw new CommandLineException($"unknown --provider '{other}' (available: embedded, semantic-kernel, hybrid)"),
        };
    }

    /// <summary>
    /// The LLM analyzer, configured like the host: Analysis:SemanticKernel in ./appsettings.json and
    /// environment variables (Analysis__SemanticKernel__ApiKey for the key, never the file).
    /// </summary>
    private static SemanticKernelAnalyzer LanguageModel(ITextAnalyzer fallback, ThemeTaxonomy taxonomy)
    {
        var options = Settings().GetSection(SemanticKernelOptions.Section).Get<SemanticKernelOptions>() ?? new SemanticKernelOptions();
        if (string.IsNullOrWhiteSpace(options.Endpoint))
            throw new CommandLineException("Analysis:SemanticKernel:Endpoint is not set (appsettings.json or Analysis__SemanticKernel__Endpoint)");
        return SemanticKernelAnalyzer.Create(options, fallback, taxonomy, new HttpClient { Timeout = Timeout.InfiniteTimeSpan });
    }

    private static IConfiguration Settings() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();
}

/// <summary>A one-line progress bar on stderr, drawn only for files long enough to wait for.</summary>
internal sealed class ProgressBar(TextWriter stderr, int total)
{
    private const int MinTotal = 200;
    private const int Width = 30;
    private int _lastPercent = -1;

    public void Report(int done)
    {
        if (total < MinTotal) return;
        var percent = (int)(100L * done / total);
        if (percent == _lastPercent) return;
        _lastPercent = percent;
        var filled = Width * done / total;
        stderr.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total}");
    }

    public void Done()
    {
        if (total >= MinTotal) stderr.WriteLine();
    }
}
