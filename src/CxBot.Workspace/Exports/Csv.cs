using System.Globalization;

namespace CxBot.Workspace.Exports;

/// <summary>CSV cells as RFC 4180 writes them, safe to open in a spreadsheet.</summary>
internal static class Csv
{
    /// <summary>A UTF-8 byte order mark: without it Excel reads the file in the machine's ANSI code page and garbles Cyrillic and Polish.</summary>
    public static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// A text cell. A leading =, +, - or @ (or tab or carriage return, which some spreadsheets skip before one of
    /// those) makes a spreadsheet evaluate the cell, so customer text gets a leading apostrophe and is never run as a
    /// formula. Quoted when it holds a comma, quote or line break, and always when neutralised.
    /// </summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var text = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || text.Length != value.Length
            ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;
    }

    /// <summary>
    /// A number we format ourselves: never neutralised, so a negative NPS stays a number in the spreadsheet.
    /// Round-trip precision, so the file holds exactly the value the metrics API returns.
    /// </summary>
    public static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    public static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>One record with the CRLF line end of RFC 4180.</summary>
    public static string Line(params string[] cells) => string.Join(',', cells) + "\r\n";
}
