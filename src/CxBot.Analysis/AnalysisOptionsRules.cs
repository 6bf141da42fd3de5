using Microsoft.Extensions.Options;

namespace CxBot.Analysis;

/// <summary>The rules that span fields; each message names the configuration key to fix.</summary>
internal sealed class AnalysisOptionsRules : IValidateOptions<AnalysisOptions>
{
    public ValidateOptionsResult Validate(string? name, AnalysisOptions options)
    {
        if (options.Provider == AnalysisProvider.Embedded)
        {
            return ValidateOptionsResult.Success;
        }

        var llm = options.SemanticKernel;
        var provider = $"when Analysis:Provider is {options.Provider}";
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(llm.Endpoint))
        {
            failures.Add($"Analysis:SemanticKernel:Endpoint is required {provider}.");
        }
        else if (!Uri.TryCreate(llm.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            failures.Add($"Analysis:SemanticKernel:Endpoint must be an absolute http(s) address {provider}.");
        }

        if (llm.Kind == LlmEndpointKind.OpenAI && string.IsNullOrWhiteSpace(llm.Model))
        {
            failures.Add($"Analysis:SemanticKernel:Model is required {provider} and Analysis:SemanticKernel:Kind is OpenAI.");
        }

        if (llm.Kind == LlmEndpointKind.AzureOpenAI)
        {
            if (string.IsNullOrWhiteSpace(llm.Deployment) && string.IsNullOrWhiteSpace(llm.Model))
            {
                failures.Add($"Analysis:SemanticKernel:Deployment (or Analysis:SemanticKernel:Model) is required {provider} and Analysis:SemanticKernel:Kind is AzureOpenAI.");
            }

            if (string.IsNullOrWhiteSpace(llm.ApiKey))
            {
                failures.Add($"Analysis:SemanticKernel:ApiKey is required {provider} and Analysis:SemanticKernel:Kind is AzureOpenAI (set it in an environment variable or user secrets).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
