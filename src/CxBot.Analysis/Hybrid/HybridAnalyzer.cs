namespace CxBot.Analysis.Hybrid;

/// <summary>
/// The embedded analyzer answers first; only answers whose <see cref="AnalysisConfidence.Overall"/>
/// is below the threshold go to the LLM analyzer (in one batch), so the model is paid for where it
/// helps. Counts how many answers went.
/// </summary>
public sealed class HybridAnalyzer : ITextAnalyzer, ICorrectionSink
{
    private readonly ITextAnalyzer _embedded;
    private readonly ITextAnalyzer _llm;
    private readonly double _threshold;
    private long _analyzed;
    private long _sentToLlm;

    public HybridAnalyzer(ITextAnalyzer embedded, ITextAnalyzer llm, double threshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, 1.0);
        _embedded = embedded ?? throw new ArgumentNullException(nameof(embedded));
        _llm = llm ?? throw new ArgumentNullException(nameof(llm));
        _threshold = threshold;
    }

    public double Threshold => _threshold;

    /// <summary>Answers analysed so far.</summary>
    public long Analyzed => Interlocked.Read(ref _analyzed);

    /// <summary>Answers that went to the LLM analyzer so far.</summary>
    public long SentToLlm => Interlocked.Read(ref _sentToLlm);

    /// <summary>The share of answers that went to the LLM (0 when none were analysed).</summary>
    public double LlmShare => Analyzed == 0 ? 0 : (double)SentToLlm / Analyzed;

    /// <summary>
    /// Both analyzers learn the correction. Learning the same correction twice (the LLM analyzer also passes it to
    /// its fallback, often this very embedded analyzer) changes nothing.
    /// </summary>
    public void AddCorrection(AnswerCorrection correction)
    {
        ArgumentNullException.ThrowIfNull(correction);
        (_embedded as ICorrectionSink)?.AddCorrection(correction);
        if (!ReferenceEquals(_llm, _embedded)) (_llm as ICorrectionSink)?.AddCorrection(correction);
    }

    public async Task<IReadOnlyList<TextAnalysis>> AnalyzeAsync(IReadOnlyList<AnalysisRequest> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var first = await _embedded.AnalyzeAsync(batch, cancellationToken);
        var results = first.ToArray();
        var unsure = new List<int>();
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].Confidence.Overall < _threshold)
            {
                unsure.Add(i);
            }
        }

        Interlocked.Add(ref _analyzed, batch.Count);
        if (unsure.Count == 0)
        {
            return results;
        }

        Interlocked.Add(ref _sentToLlm, unsure.Count);

        // The detected language travels along, so the LLM analyzer need not guess it again.
        var second = await _llm.AnalyzeAsync(
            [.. unsure.Select(i => batch[i] with { Language = batch[i].Language ?? results[i].Language })],
            cancellationToken);
        for (var j = 0; j < unsure.Count; j++)
        {
            results[unsure[j]] = second[j];
        }

        return results;
    }
}
