using System.ComponentModel.DataAnnotations;
using CxBot.Surveys.Answers;
using CxBot.Surveys.Definitions;
using CxBot.Surveys.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CxBot.Surveys;

public sealed class SurveysOptions
{
    public const string Section = "Surveys";

    /// <summary>Folder of survey YAML files; relative paths are resolved against the content root, then the app's folder.</summary>
    [Required] public string Directory { get; set; } = "dialogs";

    /// <summary>The survey a customer gets who opens a chat without an invitation.</summary>
    [Required, RegularExpression("^[a-z0-9-]+$")] public string DefaultSurvey { get; set; } = "post-purchase";

    /// <summary>The language when neither the channel's locale nor the text tells.</summary>
    [Required, AllowedValues("en", "ru", "pl", "ro")] public string DefaultLanguage { get; set; } = "en";
}

[OptionsValidator]
internal sealed partial class SurveysOptionsValidator : IValidateOptions<SurveysOptions>;

public static class SurveysExtensions
{
    /// <summary>Survey definitions (validated at start: the host refuses to start on an invalid survey), the engine and the answer reader.</summary>
    public static IHostApplicationBuilder AddCxBotSurveys(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptionsWithValidateOnStart<SurveysOptions, SurveysOptionsValidator>().BindConfiguration(SurveysOptions.Section);
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SurveysOptions>>().Value;
            var catalog = SurveyLoader.LoadOrThrow(ResolveDirectory(options.Directory, builder.Environment.ContentRootPath));
            if (catalog.Latest(options.DefaultSurvey) is null)
                throw new OptionsValidationException(SurveysOptions.Section, typeof(SurveysOptions),
                    [$"Surveys:DefaultSurvey '{options.DefaultSurvey}' is not among the loaded surveys ({string.Join(", ", catalog.All.Select(s => s.Key))})."]);
            return catalog;
        });
        builder.Services.AddSingleton(EngineTexts.Default);
        builder.Services.AddSingleton<IAnswerReader, AnswerReader>();
        builder.Services.AddSingleton<SurveyEngine>();
        return builder;
    }

    public static string ResolveDirectory(string directory, string contentRoot)
    {
        if (Path.IsPathRooted(directory)) return directory;
        foreach (var root in new[] { contentRoot, AppContext.BaseDirectory })
        {
            var candidate = Path.GetFullPath(Path.Combine(root, directory));
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }
        return Path.GetFullPath(Path.Combine(contentRoot, directory));
    }
}
