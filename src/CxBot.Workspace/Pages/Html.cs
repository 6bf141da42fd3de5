using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using CxBot.Responses.Metrics;

namespace CxBot.Workspace.Pages;

/// <summary>Every value written into a page goes through <see cref="Encode"/>: customer text is shown as text, never as markup.</summary>
internal static class Html
{
    // All of Unicode passes as itself (Cyrillic stays readable); markup characters are always escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? value) => Encoder.Encode(value ?? "");
}

/// <summary>How numbers are shown, the same on every page and in the workspace's JSON.</summary>
internal static class Format
{
    public static string Value(MetricKind kind, double? value) => value is not { } v ? "–"
        : v.ToString(kind == MetricKind.Ces ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    public static string Signed(MetricKind kind, double? value) => value is not { } v ? "–"
        : (v > 0 ? "+" : "") + Value(kind, v);
}
