using System.Text;

namespace CxBot.Analysis.Embedded;

/// <summary>Splits an answer into words, numbers, emoji, clause punctuation and PII placeholders ([email], [phone] …).</summary>
internal static class Tokenizer
{
    private static readonly string[] Placeholders = ["[email]", "[phone]", "[card]", "[iban]"];

    public static List<Token> Tokenize(string text, WordProcessor words)
    {
        var tokens = new List<Token>(text.Length / 4 + 4);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '[' && TryPlaceholder(text, i, out var placeholder))
            {
                tokens.Add(new Token(TokenKind.Pii, placeholder[1..^1], placeholder[1..^1], null, i, i + placeholder.Length));
                i += placeholder.Length;
                continue;
            }
            if (char.IsLetterOrDigit(c) || IsCurrency(c))
            {
                var start = i;
                if (IsCurrency(c)) i++;
                else
                {
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || IsInnerMark(text, i))) i++;
                }
                AddWord(tokens, text, start, i, words);
                continue;
            }
            if (char.IsSurrogate(c) || IsSymbolEmoji(c))
            {
                var start = i;
                var rune = Rune.GetRuneAt(text, i);
                i += rune.Utf16SequenceLength;
                if (IsEmoji(rune.Value)) tokens.Add(new Token(TokenKind.Emoji, text[start..i], text[start..i], null, start, i));
                continue;
            }
            if (IsClausePunctuation(text, i))
            {
                tokens.Add(new Token(TokenKind.Punctuation, c.ToString(), c.ToString(), null, i, i + 1));
            }
            i++;
        }
        return tokens;
    }

    private static void AddWord(List<Token> tokens, string text, int start, int end, WordProcessor words)
    {
        var span = text.AsSpan(start, end - start);
        var folded = TextNormalizer.FoldWord(span, out var alt);
        if (folded.Length == 0) return;
        var kind = char.IsDigit(folded[0]) ? TokenKind.Number : TokenKind.Word;
        var (form, stem) = words.Process(folded);
        string? altForm = alt is null ? null : words.Process(alt).Form;
        tokens.Add(new Token(kind, form, stem, altForm, start, end));
    }

    // Apostrophes inside a word ("don't") stay in it and are dropped by folding; a hyphen splits ("n-a", "sunați-mă").
    private static bool IsInnerMark(string text, int i) =>
        text[i] is '\'' or '’' or 'ʼ' or '\u0301' or '\u00AD' && i + 1 < text.Length && char.IsLetter(text[i + 1]) && i > 0 && char.IsLetter(text[i - 1])
        || char.GetUnicodeCategory(text[i]) is System.Globalization.UnicodeCategory.NonSpacingMark;

    private static bool IsCurrency(char c) => c is '$' or '€' or '£' or '₽' or '%';

    private static bool TryPlaceholder(string text, int i, out string placeholder)
    {
        foreach (var p in Placeholders)
        {
            if (string.CompareOrdinal(text, i, p, 0, p.Length) == 0) { placeholder = p; return true; }
        }
        placeholder = "";
        return false;
    }

    private static bool IsClausePunctuation(string text, int i) => text[i] switch
    {
        '.' or '!' or '?' or ';' or ',' or '…' or '—' or '–' or '\n' or '(' or ')' or ':' => true,
        // A hyphen between spaces is a dash.
        '-' => (i == 0 || char.IsWhiteSpace(text[i - 1])) && (i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1])),
        _ => false,
    };

    private static bool IsSymbolEmoji(char c) => c is >= '\u2600' and <= '\u27BF' or '\u2B50' or '\u2B55' or '\u2764' or '\u2639' or '\u263A';

    private static bool IsEmoji(int value) =>
        value is >= 0x1F300 and <= 0x1FAFF and not (>= 0x1F3FB and <= 0x1F3FF)
        || value is >= 0x2600 and <= 0x27BF
        || value is 0x2B50 or 0x2B55;
}
