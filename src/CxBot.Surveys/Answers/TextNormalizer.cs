using System.Text;

namespace CxBot.Surveys.Answers;

/// <summary>
/// Brings typed text and lexicon words to one comparable form: lower case, Latin diacritics folded
/// (Polish ł→l, Romanian ș/ş/ț/ţ), Russian ё→е, emoji presentation marks and skin tones dropped,
/// keycaps turned into digits, and letters repeated for emphasis ("sooo", "YESSS") cut to two.
/// </summary>
internal static class TextNormalizer
{
    // Built once from Unicode decomposition so every Latin letter with marks folds the same way.
    private static readonly char[] LatinFold = BuildLatinFold();

    public static string Fold(ReadOnlySpan<char> text)
    {
        var sb = new StringBuilder(text.Length + 4);
        char last = '\0', beforeLast = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var cp = char.ConvertToUtf32(c, text[i + 1]);
                i++;
                if (cp is >= 0x1F3FB and <= 0x1F3FF) continue; // skin tones change nothing
                if (cp == 0x1F51F) { sb.Append(" 10 "); last = beforeLast = ' '; continue; } // 🔟
                sb.Append(' ').Append(c).Append(text[i]).Append(' ');
                last = beforeLast = ' ';
                continue;
            }
            switch (c)
            {
                case '\uFE0F' or '\uFE0E' or '\u20E3': continue; // variation selectors; a keycap is its digit
                case '\u200D': continue; // zero-width joiner: the parts of a sequence read on their own
                case '\u2019' or '\u2018' or '`' or '\u00B4' or '\u02BC': c = '\''; break;
                case '\u2013' or '\u2014' or '\u2010' or '\u2011' or '\u2212': c = '-'; break;
                case '\u00A0' or '\u2009' or '\u202F' or '\t' or '\r' or '\n': c = ' '; break;
                case '\u0451' or '\u0401': c = '\u0435'; break; // ё → е
            }
            if (c is >= '\u2600' and <= '\u27BF' or >= '\u2B00' and <= '\u2BFF')
            {
                sb.Append(' ').Append(c).Append(' ');
                last = beforeLast = ' ';
                continue;
            }
            c = char.ToLowerInvariant(c);
            if (c is >= '\u00C0' and <= '\u024F') c = LatinFold[c - 0xC0];
            if (char.IsLetter(c) && c == last && c == beforeLast) continue;
            sb.Append(c);
            beforeLast = last;
            last = c;
        }
        return sb.ToString();
    }

    /// <summary>True for a word written in Cyrillic letters.</summary>
    public static bool IsCyrillic(ReadOnlySpan<char> word) => word.Length > 0 && word[0] is >= '\u0400' and <= '\u04FF';

    /// <summary>
    /// A rough Latin spelling shared by Russian words and their many transliterations
    /// ("девять", "devyat", "deviat" all give "deviat"), so a Russian survey understands Latin typing.
    /// </summary>
    public static string Skeleton(ReadOnlySpan<char> word)
    {
        var latin = new StringBuilder(word.Length + 4);
        foreach (var c in word) latin.Append(c is >= '\u0430' and <= '\u044F' ? CyrillicToLatin[c - '\u0430'] : c.ToString());
        var s = latin.ToString()
            .Replace("shch", "sh").Replace("sch", "sh").Replace("kh", "h").Replace("tz", "c").Replace("ts", "c")
            .Replace('y', 'i').Replace('j', 'i').Replace('w', 'v').Replace('q', 'k').Replace("x", "ks").Replace("ie", "e");
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
            if (sb.Length == 0 || sb[^1] != c) sb.Append(c); // doubled letters are spelled either way
        return sb.ToString();
    }

    private static readonly string[] CyrillicToLatin =
    [
        "a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
        "r", "s", "t", "u", "f", "h", "c", "ch", "sh", "sh", "", "i", "", "e", "iu", "ia",
    ];

    private static char[] BuildLatinFold()
    {
        var table = new char[0x250 - 0xC0];
        for (var c = '\u00C0'; c < '\u0250'; c++)
        {
            var lower = char.ToLowerInvariant(c);
            var d = lower.ToString().Normalize(NormalizationForm.FormD);
            table[c - 0xC0] = d.Length > 0 && d[0] < 0x80 ? d[0] : lower;
        }
        // Letters whose stroke is not a combining mark in Unicode.
        table['\u0141' - 0xC0] = table['\u0142' - 0xC0] = 'l';
        table['\u0110' - 0xC0] = table['\u0111' - 0xC0] = 'd';
        table['\u00D8' - 0xC0] = table['\u00F8' - 0xC0] = 'o';
        return table;
    }
}
