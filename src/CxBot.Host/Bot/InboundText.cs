using System.Text;

namespace CxBot.Host.Bot;

/// <summary>
/// Cleans what a customer typed before anything reads or stores it: control characters go (line
/// breaks and tabs stay), lone UTF-16 surrogates become U+FFFD, so no later encoder throws on them.
/// </summary>
internal static class InboundText
{
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (IsClean(text)) return text.Trim();
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { sb.Append(c).Append(text[++i]); continue; }
            if (char.IsSurrogate(c)) { sb.Append('\uFFFD'); continue; }
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t')) continue;
            sb.Append(c);
        }
        return sb.ToString().Trim();
    }

    // The fast path: most messages are short and clean.
    private static bool IsClean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c) || (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))) return false;
        }
        return true;
    }
}
