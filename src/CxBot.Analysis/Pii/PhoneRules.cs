using System.Text.Json;
using System.Text.RegularExpressions;

namespace CxBot.Analysis.Pii;

/// <summary>
/// Whether a run of digit groups is a phone number: international form (+CC or 00CC) or a usual
/// national format of the UK/US, Russia, Poland or Romania; and the context that makes a run an
/// order, ticket or contract number or an amount instead. The context words are data
/// (Data/Pii/context-words.json), read once.
/// </summary>
internal static class PhoneRules
{
    private const int ContextWindow = 80;
    private const string ContextResource = "context-words.json";

    private static readonly Lazy<(Regex Identifier, Regex CurrencyAfter)> Context = new(LoadContext);

    public static bool IsPhone(ReadOnlySpan<char> run, int digitCount)
    {
        Span<Range> groups = stackalloc Range[24];
        Span<char> separators = stackalloc char[24];
        var groupCount = SplitGroups(run, groups, separators);
        if (groupCount == 0)
        {
            return false;
        }

        if (LooksLikeDate(run, groups[..groupCount], separators[..groupCount]))
        {
            return false;
        }

        Span<char> digits = stackalloc char[digitCount];
        var n = 0;
        foreach (var c in run)
        {
            if (char.IsAsciiDigit(c))
            {
                digits[n++] = c;
            }
        }

        if (run[0] == '+' || run.StartsWith("(+"))
        {
            return digitCount is >= 8 and <= 15 && digits[0] != '0';
        }

        if (digits.StartsWith("00"))
        {
            return digitCount - 2 is >= 8 and <= 15 && digits[2] != '0';
        }

        if (!HasPhoneGrouping(run, groups[..groupCount], separators[..groupCount]))
        {
            return false;
        }

        return digitCount switch
        {
            // PL: 9 digits, mobile 3-3-3 or landline 2-3-2-2; never a leading 0.
            9 => digits[0] != '0',
            // RO 07xx xxx xxx / 02x, 03x landlines; UK short area codes; US NXX NXX XXXX; RU 9xx without the trunk 8.
            10 => digits[0] != '1',
            11 => digits[0] switch
            {
                '0' => true,                                    // UK 07xxx / 01xxx / 02x
                '8' or '7' => digits[1] is '3' or '4' or '8' or '9', // RU with the trunk 8 or the country code 7
                '1' => digits[1] is >= '2' and <= '9',          // US 1 NXX ...
                '4' => digits[1] is '0' or '8',                 // RO 40 / PL 48 typed without '+'
                _ => false,
            },
            12 => digits.StartsWith("44") || digits.StartsWith("380"),
            _ => false,
        };
    }

    /// <summary>True when the run is introduced as an order/ticket/contract/tracking number.</summary>
    public static bool IsIdentifierContext(ReadOnlySpan<char> before)
    {
        if (before.Length > ContextWindow)
        {
            before = before[^ContextWindow..];
        }

        return IdentifierContextPattern().IsMatch(before);
    }

    /// <summary>True when a currency follows the run ("1 299 000 zł", "450 000 lei").</summary>
    public static bool IsAmount(ReadOnlySpan<char> after) => CurrencyAfterPattern().IsMatch(after);

    private static int SplitGroups(ReadOnlySpan<char> run, Span<Range> groups, Span<char> separators)
    {
        var count = 0;
        var start = -1;
        var lastSeparator = '\0';
        for (var i = 0; i <= run.Length; i++)
        {
            var isDigit = i < run.Length && char.IsAsciiDigit(run[i]);
            if (isDigit && start < 0)
            {
                start = i;
            }
            else if (!isDigit && start >= 0)
            {
                if (count == groups.Length)
                {
                    return 0;
                }

                separators[count] = lastSeparator;
                groups[count++] = start..i;
                start = -1;
                lastSeparator = '\0';
            }

            if (!isDigit && i < run.Length && run[i] is '.' or '-' or '(' or ')' or ' ')
            {
                // Keep the strongest separator seen between two groups: a dot or dash says more than a space.
                if (lastSeparator is '\0' or ' ' or '(' or ')')
                {
                    lastSeparator = run[i];
                }
            }
        }

        return count;
    }

    private static bool LooksLikeDate(ReadOnlySpan<char> run, ReadOnlySpan<Range> groups, ReadOnlySpan<char> separators)
    {
        for (var g = 0; g + 2 < groups.Length; g++)
        {
            var s1 = separators[g + 1];
            var s2 = separators[g + 2];
            if (s1 is not ('.' or '-') || s2 != s1)
            {
                continue;
            }

            var a = run[groups[g]];
            var b = run[groups[g + 1]];
            var c = run[groups[g + 2]];
            if (a.Length == 4 && b.Length <= 2 && c.Length <= 2 && IsMonth(b) && IsDay(c))
            {
                return true;
            }

            if (a.Length <= 2 && b.Length <= 2 && c.Length == 4 && IsMonth(b) && IsDay(a))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasPhoneGrouping(ReadOnlySpan<char> run, ReadOnlySpan<Range> groups, ReadOnlySpan<char> separators)
    {
        if (groups.Length == 1)
        {
            return true;
        }

        var dotted = separators.Contains('.');
        for (var g = 0; g < groups.Length; g++)
        {
            var length = groups[g].GetOffsetAndLength(run.Length).Length;

            // A lone digit only starts a number (RU trunk 8, US 1); elsewhere it means two numbers side by side.
            if (length == 1 && g > 0)
            {
                return false;
            }

            // "3.141592653" or "12.500.000" are not phone numbers: dotted phone groups are short.
            if (dotted && (length > 4 || (length < 2 && g > 0)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsMonth(ReadOnlySpan<char> s) => int.TryParse(s, out var m) && m is >= 1 and <= 12;

    private static bool IsDay(ReadOnlySpan<char> s) => int.TryParse(s, out var d) && d is >= 1 and <= 31;

    private static Regex IdentifierContextPattern() => Context.Value.Identifier;

    private static Regex CurrencyAfterPattern() => Context.Value.CurrencyAfter;

    private static (Regex Identifier, Regex CurrencyAfter) LoadContext()
    {
        var assembly = typeof(PhoneRules).Assembly;
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith("Pii/" + ContextResource, StringComparison.Ordinal)
                || n.EndsWith("Pii." + ContextResource, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"embedded data file Pii/{ContextResource} is missing");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var json = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var identifiers = Alternation(json.RootElement, "identifiers");
        var numberWords = Alternation(json.RootElement, "number_words");
        var currencies = Alternation(json.RootElement, "currencies");
        const RegexOptions options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;

        // The identifier word, then at most three "number" words and fillers, right before the digits; or a # / №.
        var identifier = new Regex(
            $@"(?:\b(?:{identifiers})\b[\s:.\-]*(?:(?:{numberWords})\b\.?[\s:.\-]*){{0,3}}[#№]?\s*|[#№]\s*)$", options);
        var currencyAfter = new Regex($@"^\s?(?:\p{{Sc}}|(?:{currencies})(?!\w))", options);
        return (identifier, currencyAfter);
    }

    // "word*" is the word and any letters after it; anything else is taken literally.
    private static string Alternation(JsonElement root, string property)
    {
        var words = root.GetProperty(property).EnumerateArray()
            .Select(e => e.GetString()?.Trim())
            .Where(w => !string.IsNullOrEmpty(w))
            .Select(w => w!.Length > 1 && w.EndsWith('*') ? Regex.Escape(w[..^1]) + @"\w*" : Regex.Escape(w))
            .ToList();
        if (words.Count == 0) throw new InvalidOperationException($"Pii/{ContextResource}: \"{property}\" lists no words");
        return string.Join('|', words);
    }
}
