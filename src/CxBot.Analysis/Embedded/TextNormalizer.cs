using System.Globalization;
using System.Text;

namespace CxBot.Analysis.Embedded;

/// <summary>
/// Folds letters so that customers' spellings meet the lexicons': lower case, no diacritics (ł, ș/ş, ț/ţ and ё
/// included, which Unicode decomposition alone misses), runs of one letter cut short ("sooo" → "so").
/// </summary>
internal static class TextNormalizer
{
    // A table for the Latin and Cyrillic blocks: one lookup per character on the hot path.
    private const int TableSize = 0x500;
    private static readonly char[] Fold = BuildFoldTable();

    public static char FoldChar(char c)
    {
        if (c < TableSize) return Fold[c];
        return c switch
        {
            'ș' or 'ş' => 's',
            'ț' or 'ţ' => 't',
            '’' or 'ʼ' or '‘' or '`' => '\'',
            _ => char.ToLowerInvariant(c),
        };
    }

    /// <summary>Folds a word and cuts runs of three or more equal letters to one; <paramref name="elongatedToTwo"/> keeps two instead (for "gooood" → "good").</summary>
    public static string FoldWord(ReadOnlySpan<char> word, out string? elongatedToTwo)
    {
        Span<char> buffer = word.Length <= 128 ? stackalloc char[word.Length] : new char[word.Length];
        var n = 0;
        var elongated = false;
        foreach (var raw in word)
        {
            var c = FoldChar(raw);
            if (c == '\'' || c == '\u0301' || c == '\u00AD') continue; // apostrophes, stress marks, soft hyphens
            buffer[n++] = c;
        }
        var folded = buffer[..n];
        for (var i = 2; i < folded.Length; i++)
        {
            if (folded[i] == folded[i - 1] && folded[i] == folded[i - 2] && char.IsLetter(folded[i])) { elongated = true; break; }
        }
        if (!elongated)
        {
            elongatedToTwo = null;
            return new string(folded);
        }
        elongatedToTwo = Collapse(folded, 2);
        return Collapse(folded, 1);
    }

    public static string FoldText(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text) sb.Append(FoldChar(c));
        return sb.ToString();
    }

    public static bool IsCyrillic(char c) => c is >= '\u0400' and <= '\u04FF';

    private static string Collapse(ReadOnlySpan<char> s, int keep)
    {
        var sb = new StringBuilder(s.Length);
        var run = 0;
        for (var i = 0; i < s.Length; i++)
        {
            run = i > 0 && s[i] == s[i - 1] ? run + 1 : 1;
            if (run <= keep || !char.IsLetter(s[i])) sb.Append(s[i]);
        }
        return sb.ToString();
    }

    private static char[] BuildFoldTable()
    {
        var table = new char[TableSize];
        for (var i = 0; i < TableSize; i++)
        {
            var c = char.ToLowerInvariant((char)i);
            var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
            var baseChar = decomposed.Length > 0 && CharUnicodeInfo.GetUnicodeCategory(decomposed[0]) != UnicodeCategory.NonSpacingMark ? decomposed[0] : c;
            // Cyrillic й decomposes to и + breve: keep й, it is a letter of its own.
            table[i] = c is 'й' ? 'й' : baseChar;
        }
        table['ł'] = 'l'; table['Ł'] = 'l';
        table['ё'] = 'е'; table['Ё'] = 'е';
        table['ß'] = 's';
        table['đ'] = 'd'; table['Đ'] = 'd';
        table['ø'] = 'o'; table['Ø'] = 'o';
        table['ş'] = 's'; table['Ş'] = 's';
        table['ţ'] = 't'; table['Ţ'] = 't';
        return table;
    }
}
