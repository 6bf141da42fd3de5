namespace CxBot.Surveys;

/// <summary>The languages every survey text, hint and reply must exist in.</summary>
public static class Languages
{
    public const string English = "en";
    public const string Russian = "ru";
    public const string Polish = "pl";
    public const string Romanian = "ro";

    public static IReadOnlyList<string> Supported { get; } = [English, Russian, Polish, Romanian];

    /// <summary>Maps a BCP-47 tag ("pl-PL", "ro", "RU-ru") to a supported language, or null.</summary>
    public static string? FromLocale(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale)) return null;
        var primary = locale.Split('-', '_')[0].Trim().ToLowerInvariant();
        return Supported.Contains(primary) ? primary : null;
    }
}
