using System.Globalization;
using System.Text;

namespace CxBot.Analysis.SemanticKernel;

/// <summary>
/// Token overlap between two answers, for choosing the CX team's corrections most like a new
/// answer. Tokens are lower-cased, stripped of diacritics and cut to their first five letters, so
/// that inflected forms (zamówienia / zamowienie, доставка / доставку) still meet.
/// </summary>
internal static class TextSimilarity
{
    private const int StemLength = 5;

    public static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c switch { 'ł' => 'l', 'ё' => 'е', _ => c });
            }
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    public static HashSet<string> Tokens(string text)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        var folded = Fold(text);
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var isWord = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (isWord && start < 0)
            {
                start = i;
            }
            else if (!isWord && start >= 0)
            {
                var length = i - start;
                if (length >= 2)
                {
                    tokens.Add(folded.Substring(start, Math.Min(length, StemLength)));
                }

                start = -1;
            }
        }

        return tokens;
    }

    public static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var shared = 0;
        foreach (var t in a)
        {
            if (b.Contains(t))
            {
                shared++;
            }
        }

        return (double)shared / (a.Count + b.Count - shared);
    }
}
