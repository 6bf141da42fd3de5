using System.Globalization;
using CxBot.Analysis.Pii;
using CxBot.Analysis.Taxonomy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CxBot.Analysis.SemanticKernel;

/// <summary>
/// Labels answers with an LLM through Semantic Kernel. Only masked text is sent; answers are
/// batched, results cached by (masked text, language), and every reply validated. Whenever the
/// model cannot be used (circuit open, time-out, HTTP error, a reply that fails validation) the
/// fallback analyzer's result for that answer is returned and the reason logged.
/// </summary>
public sealed class SemanticKernelAnalyzer : ITextAnalyzer, ICorrectionSink
{
    public const string Name = "semantic-kernel";

    private readonly LlmConnection _llm;
    private readonly ITextAnalyzer _fallback;
    private readonly IPiiRedactor _redactor;
    private readonly CorrectionExamples _corrections;
    private readonly ILogger<SemanticKernelAnalyzer> _logger;
    private readonly AnalysisPrompt _prompt;
    private readonly IReadOnlyList<string> _injectionCues;
    private readonly ResultCache _cache;

    public SemanticKernelAnalyzer(
        LlmConnection llm,
        ITextAnalyzer fallback,
        IPiiRedactor redactor,
        ThemeTaxonomy taxonomy,
        CorrectionExamples corrections,
        ILogger<SemanticKernelAnalyzer> logger,
        PromptLibrary? prompts = null)
    {
        ArgumentNullException.ThrowIfNull(llm);
        ArgumentNullException.ThrowIfNull(taxonomy);
        _llm = llm;
        _fallback = fallback ?? throw new ArgumentNullException(nameof(fallback));
        _redactor = redactor ?? throw new ArgumentNullException(nameof(redactor));
        _corrections = corrections ?? throw new ArgumentNullException(nameof(corrections));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        prompts ??= PromptLibrary.LoadDefault();
        _prompt = new AnalysisPrompt(prompts, taxonomy, llm.Options.MaxOutputTokens);
        _injectionCues = prompts.InjectionCues;
        _cache = new ResultCache(llm.Options.CacheSize);
    }

    /// <summary>
    /// For callers without dependency injection (the command line): an analyzer on its own
    /// connection. The caller owns <paramref name="httpClient"/>; give it an infinite Timeout, since
    /// <see cref="SemanticKernelOptions.TimeoutSeconds"/> applies per attempt.
    /// </summary>
    public static SemanticKernelAnalyzer Create(
        SemanticKernelOptions options, ITextAnalyzer fallback, ThemeTaxonomy taxonomy, HttpClient httpClient, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        loggerFactory ??= NullLoggerFactory.Instance;
        var redactor = new PiiRedactor();
        var llm = new LlmConnection(
            LlmConnection.CreateChatService(options, httpClient), options, new AnalyzerUsage(), loggerFactory.CreateLogger<LlmConnection>());
        return new SemanticKernelAnalyzer(
            llm, fallback, redactor, taxonomy, new CorrectionExamples(redactor), loggerFactory.CreateLogger<SemanticKernelAnalyzer>());
    }

    public AnalyzerUsage Usage => _llm.Usage;

    public CircuitState CircuitState => _llm.CircuitState;

    /// <summary>The JSON schema sent as the strict response format (theme ids from the taxonomy).</summary>
    public string ResponseSchema => _prompt.Schema;

    /// <summary>A CX team's correction: the same answer gets it at once, similar answers as a few-shot example.</summary>
    public void AddCorrection(CorrectedExample correction) => _corrections.Add(correction);

    /// <summary>
    /// A CX team's correction: the same answer gets it at once, similar answers as a few-shot example; the fallback
    /// analyzer learns it too, so that answers it labels when the model cannot be used benefit as well.
    /// </summary>
    public void AddCorrection(AnswerCorrection correction)
    {
        ArgumentNullException.ThrowIfNull(correction);
        ArgumentNullException.ThrowIfNull(correction.Themes, nameof(correction));
        _corrections.Add(new CorrectedExample(
            correction.Text,
            correction.Language,
            correction.Sentiment,
            [.. correction.Themes.Select(t => new CorrectedTheme(t.Theme, t.Sentiment))],
            correction.ChurnRisk,
            correction.WantsContact));
        (_fallback as ICorrectionSink)?.AddCorrection(correction);
    }

    public async Task<IReadOnlyList<TextAnalysis>> AnalyzeAsync(IReadOnlyList<AnalysisRequest> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return [];
        }

        // The embedded reading comes first: it is cheap, it detects the language when none is given,
        // and it is the answer whenever the model's is unusable.
        var fallback = await _fallback.AnalyzeAsync(batch, cancellationToken);
        if (fallback.Count != batch.Count)
        {
            throw new InvalidOperationException($"The fallback analyzer returned {fallback.Count} results for {batch.Count} answers.");
        }

        var version = _corrections.Version;
        _cache.EnsureVersion(version);
        var results = new TextAnalysis[batch.Count];
        var masked = new PiiRedaction[batch.Count];
        var languages = new string[batch.Count];
        var pending = new Dictionary<(string Text, string Language), List<int>>();
        for (var i = 0; i < batch.Count; i++)
        {
            masked[i] = _redactor.Redact(batch[i].Text);
            languages[i] = batch[i].Language ?? fallback[i].Language;
            var key = (masked[i].MaskedText, languages[i]);
            if (_corrections.FindExact(key.MaskedText, key.Item2) is { } corrected)
            {
                results[i] = FromCorrection(batch[i], languages[i], masked[i], corrected, fallback[i]);
            }
            else if (_cache.TryGet(key.MaskedText, key.Item2, out var cached))
            {
                _llm.Usage.RecordCacheHit();
                _llm.Usage.RecordAnalyzed();
                results[i] = FromLabels(batch[i], languages[i], masked[i], cached);
            }
            else if (pending.TryGetValue(key, out var same))
            {
                same.Add(i); // the same text twice in one batch is asked once
            }
            else
            {
                pending[key] = [i];
            }
        }

        foreach (var chunk in pending.Chunk(_llm.Options.MaxBatch))
        {
            await AskModelAsync(chunk, batch, fallback, masked, languages, results, version, cancellationToken);
        }

        return results;
    }

    private async Task AskModelAsync(
        KeyValuePair<(string Text, string Language), List<int>>[] chunk,
        IReadOnlyList<AnalysisRequest> batch,
        IReadOnlyList<TextAnalysis> fallback,
        PiiRedaction[] masked,
        string[] languages,
        TextAnalysis[] results,
        long version,
        CancellationToken cancellationToken)
    {
        var items = chunk.Select((entry, j) => new BatchItem(
            (j + 1).ToString(CultureInfo.InvariantCulture),
            entry.Key.Text,
            entry.Key.Language,
            LooksLikeInjection(entry.Key.Text),
            fallback[entry.Value[0]])).ToList();
        var history = _prompt.Build(items, ChooseCorrections(items));

        var outcome = await _llm.SendAsync("analysis", history, _prompt.Settings(), cancellationToken);
        ReplyVerdict? verdict = null;
        var batchRejection = outcome.Succeeded ? null : SnakeCase(outcome.Failure);
        if (outcome.Succeeded)
        {
            verdict = ReplyValidator.Validate(outcome.Content!, items, _prompt.ThemeIds);
            batchRejection = verdict.BatchRejection;
        }

        if (batchRejection is not null)
        {
            _logger.BatchRejected(items.Count, batchRejection);
        }

        for (var j = 0; j < chunk.Length; j++)
        {
            var indices = chunk[j].Value;
            var item = verdict?.Items.GetValueOrDefault(items[j].LocalId);
            if (item?.Labels is { } labels)
            {
                if (item.DroppedThemes > 0)
                {
                    _logger.UnknownThemesDropped(batch[indices[0]].Id, item.DroppedThemes);
                }

                _cache.Set(chunk[j].Key.Text, chunk[j].Key.Language, labels, version);
                foreach (var i in indices)
                {
                    _llm.Usage.RecordAnalyzed();
                    results[i] = FromLabels(batch[i], languages[i], masked[i], labels);
                }

                continue;
            }

            var reason = batchRejection ?? item?.Rejection ?? "missing_id";
            foreach (var i in indices)
            {
                if (batchRejection is null)
                {
                    _logger.ResultRejected(batch[i].Id, reason);
                }

                _llm.Usage.RecordFallback(reason);
                results[i] = fallback[i];
            }
        }
    }

    /// <summary>The CX team's corrections most like the answers of this request (same language), a few per answer.</summary>
    private List<LabelledExample> ChooseCorrections(List<BatchItem> items)
    {
        var options = _llm.Options;
        var chosen = new List<LabelledExample>();
        foreach (var item in items)
        {
            foreach (var example in _corrections.MostSimilar(item.MaskedText, item.Language, options.FewShotCorrections, options.FewShotMinSimilarity))
            {
                if (!chosen.Contains(example))
                {
                    chosen.Add(example);
                }
            }
        }

        // Keep the prompt short for big batches: at most twice the per-answer count in all.
        return chosen.Count > options.FewShotCorrections * 2 ? chosen[..(options.FewShotCorrections * 2)] : chosen;
    }

    private bool LooksLikeInjection(string maskedText)
    {
        var folded = TextSimilarity.Fold(maskedText);
        foreach (var cue in _injectionCues)
        {
            if (folded.Contains(cue, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static TextAnalysis FromLabels(AnalysisRequest request, string language, PiiRedaction masked, LlmLabels labels) => new(
        request.Id,
        language,
        labels.Sentiment,
        labels.Score,
        [.. labels.Themes.Select(t => new ThemeMention(t.Theme, t.Sentiment, labels.Confidence, []))],
        labels.ChurnRisk,
        labels.WantsContact,
        masked.Kinds,
        masked.MaskedText,
        labels.Specific,
        new AnalysisConfidence(labels.Confidence, labels.Confidence, labels.Confidence, labels.Confidence),
        Name);

    private static TextAnalysis FromCorrection(
        AnalysisRequest request, string language, PiiRedaction masked, CorrectionExamples.Entry corrected, TextAnalysis fallback)
    {
        var labels = corrected.Example.Labels;
        var sentiment = corrected.SentimentJudged ? labels.Sentiment : fallback.Sentiment;
        return new TextAnalysis(
            request.Id,
            language,
            sentiment,
            fallback.Sentiment == sentiment ? fallback.Score : labels.Score,
            [.. labels.Themes.Select(t => new ThemeMention(t.Theme, t.Sentiment, 1.0, []))],
            corrected.ChurnRisk ?? fallback.ChurnRisk,
            corrected.WantsContact ?? fallback.WantsContact,
            masked.Kinds,
            masked.MaskedText,
            labels.Themes.Count > 0 || fallback.IsSpecific,
            new AnalysisConfidence(corrected.SentimentJudged ? 1 : fallback.Confidence.Sentiment, 1, corrected.ChurnRisk is null ? fallback.Confidence.ChurnRisk : 1, corrected.WantsContact is null ? fallback.Confidence.WantsContact : 1),
            Name);
    }

    private static string SnakeCase(ChatFailure failure) => failure switch
    {
        ChatFailure.CircuitOpen => "circuit_open",
        ChatFailure.Timeout => "timeout",
        ChatFailure.RateLimited => "rate_limited",
        ChatFailure.ServerError => "server_error",
        ChatFailure.HttpError => "http_error",
        ChatFailure.Network => "network",
        ChatFailure.EmptyReply => "empty_reply",
        _ => "unknown",
    };
}
