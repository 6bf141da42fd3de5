using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CxBot.Surveys.Engine;

/// <summary>
/// Fills placeholders in survey texts: {context.name|fallback} from the invitation, {answers.question}
/// from earlier answers, {sum.a+b+c} adding up earlier scale answers (those skipped add nothing; none
/// answered uses the fallback), and plain {name} values the engine supplies ({min}, {max}).
/// A missing value uses the fallback written in the text's own language (possibly empty).
/// </summary>
public static partial class TextPiping
{
    [GeneratedRegex(@"\{(?<name>[a-z_]+(?:\.[a-z0-9_+]+)?)(?:\|(?<fallback>[^{}]*))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    public static string Fill(string text, IReadOnlyDictionary<string, string>? context, IReadOnlyDictionary<string, string>? answers, IReadOnlyDictionary<string, string>? values = null)
    {
        if (!text.Contains('{')) return text;
        var filled = Placeholder().Replace(text, m =>
        {
            var name = m.Groups["name"].Value;
            var fallback = m.Groups["fallback"].Success ? m.Groups["fallback"].Value : "";
            string? value = null;
            if (name.StartsWith("context.", StringComparison.Ordinal)) context?.TryGetValue(name[8..], out value);
            else if (name.StartsWith("answers.", StringComparison.Ordinal)) answers?.TryGetValue(name[8..], out value);
            else if (name.StartsWith("sum.", StringComparison.Ordinal)) value = Sum(name[4..], answers);
            else values?.TryGetValue(name, out value);
            return string.IsNullOrEmpty(value) ? fallback : Sanitize(value);
        });
        // An empty fallback can leave doubled spaces or a space before punctuation: tidy them.
        return Tidy(filled);
    }

    private static string? Sum(string ids, IReadOnlyDictionary<string, string>? answers)
    {
        if (answers is null) return null;
        int total = 0, counted = 0;
        foreach (var id in ids.Split('+'))
        {
            if (answers.TryGetValue(id, out var answer) && int.TryParse(answer, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            {
                total += n;
                counted++;
            }
        }
        return counted == 0 ? null : total.ToString(CultureInfo.InvariantCulture);
    }

    // Context values come from the company's systems, but they end up in chat text: keep them to one short line.
    private static string Sanitize(string value)
    {
        var oneLine = value.ReplaceLineEndings(" ").Trim();
        return oneLine.Length <= 80 ? oneLine : oneLine[..80];
    }

    private static string Tidy(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == ' ' && sb.Length > 0 && sb[^1] == ' ') continue;
            if (c is '.' or ',' or '!' or '?' or ':' && sb.Length > 0 && sb[^1] == ' ') sb.Length--;
            sb.Append(c);
        }
        return sb.ToString().Trim();
    }
}
