namespace CxBot.Surveys.Answers;

internal enum TokenKind : byte { Word, Number, Punct, Emoji }

/// <summary>One piece of a folded message. <see cref="Glued"/>: no space before it ("7-8", "9/10", "8,5").</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Number, bool Glued);

/// <summary>Splits folded text into words, numbers, punctuation and emoji.</summary>
internal static class Tokenizer
{
    // Numbers this long are ids, phone numbers or amounts, never a score; the cap keeps int arithmetic safe.
    private const int LongNumber = 1_000_000;

    public static List<Token> Split(string folded)
    {
        var tokens = new List<Token>(8);
        var glued = false;
        var i = 0;
        while (i < folded.Length)
        {
            var c = folded[i];
            if (char.IsWhiteSpace(c)) { glued = false; i++; continue; }
            var start = i;
            if (char.IsDigit(c))
            {
                var value = 0;
                while (i < folded.Length && char.IsDigit(folded[i]))
                {
                    value = value >= LongNumber ? LongNumber : value * 10 + (int)char.GetNumericValue(folded[i]);
                    i++;
                }
                tokens.Add(new Token(TokenKind.Number, folded[start..i], value, glued));
            }
            else if (char.IsLetter(c))
            {
                var word = new System.Text.StringBuilder();
                while (i < folded.Length)
                {
                    var ch = folded[i];
                    if (char.IsLetter(ch) || char.GetUnicodeCategory(ch) == System.Globalization.UnicodeCategory.NonSpacingMark) word.Append(ch);
                    else if (ch == '\'' && i + 1 < folded.Length && char.IsLetter(folded[i + 1]) && word.Length > 0) { } // don't → dont
                    else break;
                    i++;
                }
                tokens.Add(new Token(TokenKind.Word, word.ToString(), 0, glued));
                // A hyphen between letters joins parts of one expression ("so-so", "site-ul", "lăsați-mă"): read them as words.
                if (i + 1 < folded.Length && folded[i] == '-' && char.IsLetter(folded[i + 1])) { i++; glued = false; continue; }
            }
            else if (char.IsSurrogate(c) || c is >= '\u2600' and <= '\u27BF' or >= '\u2B00' and <= '\u2BFF')
            {
                i += char.IsHighSurrogate(c) && i + 1 < folded.Length ? 2 : 1;
                tokens.Add(new Token(TokenKind.Emoji, folded[start..i], 0, glued));
            }
            else
            {
                i++;
                tokens.Add(new Token(TokenKind.Punct, folded[start..i], 0, glued));
            }
            glued = true;
        }
        return tokens;
    }
}
