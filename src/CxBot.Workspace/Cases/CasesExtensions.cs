using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CxBot.Workspace.Cases;

internal static class CasesExtensions
{
    /// <summary>The case rules (validated at start-up) and, with a database, the case store and the opener the host runs.</summary>
    public static IServiceCollection AddCases(this IServiceCollection services, bool withDatabase)
    {
        services.AddOptionsWithValidateOnStart<CasesOptions, CasesOptionsValidator>().BindConfiguration(CasesOptions.Section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CasesOptions>, CaseRulesValidator>());
        if (withDatabase)
        {
            services.TryAddSingleton<CaseStore>();
            services.TryAddSingleton<CaseOpener>();
        }

        return services;
    }
}
