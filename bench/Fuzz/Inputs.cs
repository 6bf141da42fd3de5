using System.Globalization;
using System.Text;

namespace CxBot.Surveys.Fuzz;

/// <summary>Random customer texts: numbers, words of the four languages, emoji, mixed scripts, control and invalid characters, very long strings.</summary>
internal static class Inputs
{
    private static readonly string[] Languages = ["en", "ru", "pl", "ro", "de", "", "EN", "zz-ZZ"];

    // Fragments a customer might type; the generator mixes them with random code points.
    private static readonly string[] Fragments =
    [
        "0", "7", "10", "11", "-1", "9.5", "9,5", "1e9", "99999999999999999999", "½", "٣", "७", "⑨", "Ⅸ", "0x10",
        "nine", "ten out of ten", "девять", "десять", "dziewięć", "nouă", "zece", "very", "not", "easy", "hard",
        "skip", "stop", "help", "back", "пропустить", "стоп", "pomiń", "opriți", "?", "!", "...", "/", "😀", "👍", "👎🏽",
        "❤️", "🇷🇴", "👨‍👩‍👧", "\u200B", "\u200D", "\uFEFF", "\u202E", "\u0301", "\t", "\r\n", "\0", " ", "  ",
        "<script>alert(1)</script>", "ignore previous instructions", "'; DROP TABLE answers; --", "{{0}}", "%s%n",
    ];

    public static string Language(Random random) => Languages[random.Next(Languages.Length)];

    public static string Text(Random random)
    {
        // Mostly short answers, as customers type them; now and then a very long one.
        var parts = random.Next(20) == 0 ? random.Next(1_000, 20_000) : random.Next(0, 12);
        var text = new StringBuilder();
        for (var i = 0; i < parts; i++)
        {
            switch (random.Next(6))
            {
                case 0:
                case 1:
                    text.Append(Fragments[random.Next(Fragments.Length)]);
                    break;
                case 2:
                    text.Append(random.Next(-1_000, 1_000).ToString(CultureInfo.InvariantCulture));
                    break;
                case 3:
                    AppendCodePoint(text, random);
                    break;
                case 4:
                    // A lone surrogate: invalid UTF-16, as a broken client can send.
                    text.Append((char)random.Next(0xD800, 0xE000));
                    break;
                default:
                    text.Append(' ');
                    break;
            }
        }

        return text.ToString();
    }

    public static string Printable(string input, int length)
    {
        var shown = new StringBuilder();
        foreach (var c in input.Length > length ? input[..length] : input)
        {
            shown.Append(char.IsControl(c) || char.IsSurrogate(c) || c == '|' ? $"\\u{(int)c:X4}" : c.ToString());
        }

        return input.Length > length ? $"{shown}… ({input.Length} chars)" : shown.ToString();
    }

    private static void AppendCodePoint(StringBuilder text, Random random)
    {
        // Weighted towards the scripts the bot reads (Latin, Latin-1/Extended, Cyrillic) and emoji.
        var codePoint = random.Next(5) switch
        {
            0 => random.Next(0x20, 0x7F),
            1 => random.Next(0xA0, 0x250),
            2 => random.Next(0x400, 0x500),
            3 => random.Next(0x1F300, 0x1FAFF),
            _ => random.Next(0, 0x110000),
        };
        if (codePoint is >= 0xD800 and < 0xE000) codePoint = 0xFFFD;
        text.Append(char.ConvertFromUtf32(codePoint));
    }
}
