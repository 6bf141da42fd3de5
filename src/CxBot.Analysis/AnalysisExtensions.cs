using CxBot.Analysis.Embedded;
using CxBot.Analysis.Hybrid;
using CxBot.Analysis.Language;
using CxBot.Analysis.Pii;
using CxBot.Analysis.SemanticKernel;
using CxBot.Analysis.Taxonomy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CxBot.Analysis;

public static class AnalysisExtensions
{
    /// <summary>
    /// Open-text analysis: the PII redactor, the taxonomy, the embedded analyzer (the default and
    /// every other analyzer's fallback), and <see cref="ITextAnalyzer"/> as chosen by
    /// <c>Analysis:Provider</c>. Options are validated at start, so a missing endpoint stops the host
    /// rather than the first answer.
    /// </summary>
    public static IHostApplicationBuilder AddCxBotAnalysis(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var contentRoot = builder.Environment.ContentRootPath;

        services.AddOptionsWithValidateOnStart<AnalysisOptions, AnalysisOptionsValidator>().BindConfiguration(AnalysisOptions.Section);
        services.AddSingleton<IValidateOptions<AnalysisOptions>, AnalysisOptionsRules>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<IPiiRedactor, PiiRedactor>();
        services.AddSingleton(sp => Options(sp).TaxonomyPath is { Length: > 0 } path
            ? ThemeTaxonomy.Load(Path.IsPathRooted(path) ? path : Path.Combine(contentRoot, path))
            : ThemeTaxonomy.LoadDefault());
        services.TryAddSingleton<LanguageDetector>();
        services.AddSingleton(sp => new EmbeddedAnalyzer(
            sp.GetRequiredService<IPiiRedactor>(), sp.GetRequiredService<ThemeTaxonomy>(), sp.GetRequiredService<LanguageDetector>()));

        services.AddSingleton(_ => PromptLibrary.LoadDefault());
        services.AddSingleton<AnalyzerUsage>();
        services.AddSingleton(sp => new CorrectionExamples(sp.GetRequiredService<IPiiRedactor>()));
        services.AddSingleton(sp =>
        {
            var options = Options(sp).SemanticKernel;

            // One client for the process; connections are recycled so a changed DNS entry is picked up.
            // Time-outs are per attempt in LlmConnection, so the client itself never times out.
            var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
            return new LlmConnection(
                LlmConnection.CreateChatService(options, http),
                options,
                sp.GetRequiredService<AnalyzerUsage>(),
                sp.GetRequiredService<ILogger<LlmConnection>>(),
                sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp => new SemanticKernelAnalyzer(
            sp.GetRequiredService<LlmConnection>(),
            sp.GetRequiredService<EmbeddedAnalyzer>(),
            sp.GetRequiredService<IPiiRedactor>(),
            sp.GetRequiredService<ThemeTaxonomy>(),
            sp.GetRequiredService<CorrectionExamples>(),
            sp.GetRequiredService<ILogger<SemanticKernelAnalyzer>>(),
            sp.GetRequiredService<PromptLibrary>()));
        services.AddSingleton(sp => new HybridAnalyzer(
            sp.GetRequiredService<EmbeddedAnalyzer>(),
            sp.GetRequiredService<SemanticKernelAnalyzer>(),
            Options(sp).HybridThreshold));

        services.AddSingleton<ITextAnalyzer>(sp => Options(sp).Provider switch
        {
            AnalysisProvider.SemanticKernel => sp.GetRequiredService<SemanticKernelAnalyzer>(),
            AnalysisProvider.Hybrid => sp.GetRequiredService<HybridAnalyzer>(),
            _ => sp.GetRequiredService<EmbeddedAnalyzer>(),
        });
        // The workspace hands each correction to whichever analyzer is configured.
        services.AddSingleton(sp => (ICorrectionSink)sp.GetRequiredService<ITextAnalyzer>());
        services.AddSingleton<IFollowUpWriter>(sp => Options(sp) is { Provider: not AnalysisProvider.Embedded, SemanticKernel.FollowUps: true }
            ? new SemanticKernelFollowUpWriter(
                sp.GetRequiredService<LlmConnection>(),
                sp.GetRequiredService<IPiiRedactor>(),
                sp.GetRequiredService<ILogger<SemanticKernelFollowUpWriter>>(),
                sp.GetRequiredService<PromptLibrary>())
            : new TemplateOnlyFollowUpWriter());
        return builder;
    }

    private static AnalysisOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<AnalysisOptions>>().Value;
}
