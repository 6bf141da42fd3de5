using CxBot.Analysis.Embedded;
using CxBot.Analysis.Hybrid;
using CxBot.Analysis.SemanticKernel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CxBot.Analysis.Tests.SemanticKernel;

public sealed class AnalysisExtensionsTests
{
    [Fact]
    public void The_embedded_analyzer_is_the_default()
    {
        using var host = Build([]);

        Assert.IsType<EmbeddedAnalyzer>(host.Services.GetRequiredService<ITextAnalyzer>());
        Assert.IsType<TemplateOnlyFollowUpWriter>(host.Services.GetRequiredService<IFollowUpWriter>());
        Assert.NotNull(host.Services.GetRequiredService<IPiiRedactor>());
    }

    [Theory]
    [InlineData("SemanticKernel", typeof(SemanticKernelAnalyzer))]
    [InlineData("Hybrid", typeof(HybridAnalyzer))]
    public void The_provider_in_configuration_picks_the_analyzer(string provider, Type expected)
    {
        using var host = Build(new()
        {
            ["Analysis:Provider"] = provider,
            ["Analysis:SemanticKernel:Endpoint"] = "http://127.0.0.1:11434/v1",
            ["Analysis:SemanticKernel:Model"] = "llama3.1",
        });

        Assert.IsType(expected, host.Services.GetRequiredService<ITextAnalyzer>());
        Assert.IsType<SemanticKernelFollowUpWriter>(host.Services.GetRequiredService<IFollowUpWriter>());
    }

    [Theory]
    [InlineData(null, typeof(EmbeddedAnalyzer))]
    [InlineData("SemanticKernel", typeof(SemanticKernelAnalyzer))]
    [InlineData("Hybrid", typeof(HybridAnalyzer))]
    public void Corrections_go_to_the_configured_analyzer(string? provider, Type expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Analysis:SemanticKernel:Endpoint"] = "http://127.0.0.1:11434/v1",
            ["Analysis:SemanticKernel:Model"] = "llama3.1",
        };
        if (provider is not null) settings["Analysis:Provider"] = provider;
        using var host = Build(settings);

        var sink = host.Services.GetRequiredService<ICorrectionSink>();

        Assert.IsType(expected, sink);
        Assert.Same(host.Services.GetRequiredService<ITextAnalyzer>(), sink);
    }

    [Theory]
    [InlineData("SemanticKernel")]
    [InlineData("Hybrid")]
    public async Task A_missing_endpoint_stops_the_host_naming_the_key(string provider)
    {
        using var host = Build(new() { ["Analysis:Provider"] = provider, ["Analysis:SemanticKernel:Model"] = "m" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains($"Analysis:SemanticKernel:Endpoint is required when Analysis:Provider is {provider}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azure_without_an_api_key_stops_the_host_naming_the_key()
    {
        using var host = Build(new()
        {
            ["Analysis:Provider"] = "SemanticKernel",
            ["Analysis:SemanticKernel:Kind"] = "AzureOpenAI",
            ["Analysis:SemanticKernel:Endpoint"] = "https://cx.openai.azure.com",
            ["Analysis:SemanticKernel:Deployment"] = "gpt-4o-mini",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Analysis:SemanticKernel:ApiKey is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_size_out_of_range_stops_the_host_naming_the_field()
    {
        using var host = Build(new() { ["Analysis:SemanticKernel:MaxBatch"] = "0" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("SemanticKernel.MaxBatch must be between 1 and 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_embedded_provider_needs_no_llm_settings()
    {
        using var host = Build(new() { ["Analysis:Provider"] = "Embedded" });

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddCxBotAnalysis();
        return builder.Build();
    }
}
