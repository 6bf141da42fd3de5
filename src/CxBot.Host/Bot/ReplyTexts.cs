using CxBot.Surveys;
using CxBot.Surveys.Engine;
using Microsoft.Extensions.Options;

namespace CxBot.Host.Bot;

/// <summary>The few lines the host itself sends (apologies), in the customer's language.</summary>
internal sealed class ReplyTexts(EngineTexts texts, IOptions<SurveysOptions> options)
{
    public string LanguageOf(string? locale) => Languages.FromLocale(locale) ?? options.Value.DefaultLanguage;

    public string Apology(string? locale) => texts.Get(LanguageOf(locale), "apology.error");

    public string StorageApology(string language) => texts.Get(language, "apology.storage");

    public string NumberedListIntro(string language) => texts.Get(language, "reply_with_number");

    /// <summary>A button's title (button.yes, button.no, button.skip), to show what a customer answered.</summary>
    public string Button(string language, string key) => texts.Get(language, key);
}
