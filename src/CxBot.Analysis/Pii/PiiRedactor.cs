using System.Text;
using System.Text.RegularExpressions;

namespace CxBot.Analysis.Pii;

/// <summary>
/// Finds and masks e-mails, phone numbers (en/ru/pl/ro national formats and international form),
/// Luhn-valid card numbers and mod-97-valid IBANs. Stateless, so one instance serves every thread.
/// </summary>
/// <remarks>
/// Digit candidates are maximal runs of digit groups: once a run is judged (and perhaps rejected),
/// none of its parts is tried again, so a Luhn-invalid card number never turns into a phone number
/// made of its last twelve digits.
/// </remarks>
public sealed partial class PiiRedactor : IPiiRedactor
{
    private const string EmailMask = "[email]";
    private const string PhoneMask = "[phone]";
    private const string CardMask = "[card]";
    private const string IbanMask = "[iban]";

    public PiiRedaction Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // Fast path: most answers hold neither an '@' nor enough digits for any kind of PII.
        if (!MayHoldPii(text))
        {
            return new PiiRedaction(text, []);
        }

        var spans = new List<Found>();
        foreach (Match m in EmailPattern().Matches(text))
        {
            spans.Add(new Found(m.Index, m.Length, PiiKind.Email));
        }

        FindIbans(text, spans);
        FindDigitRuns(text, spans);

        if (spans.Count == 0)
        {
            return new PiiRedaction(text, []);
        }

        spans.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var sb = new StringBuilder(text.Length);
        var kinds = new bool[4];
        var at = 0;
        foreach (var span in spans)
        {
            if (span.Start < at || !span.Masked)
            {
                continue; // overlaps one already masked (kinds were added in priority order)
            }

            sb.Append(text, at, span.Start - at).Append(Mask(span.Kind));
            kinds[(int)span.Kind] = true;
            at = span.Start + span.Length;
        }

        sb.Append(text, at, text.Length - at);
        var found = new List<PiiKind>(2);
        for (var k = 0; k < kinds.Length; k++)
        {
            if (kinds[k])
            {
                found.Add((PiiKind)k);
            }
        }

        return new PiiRedaction(sb.ToString(), found);
    }

    private static bool MayHoldPii(string text)
    {
        var digits = 0;
        foreach (var c in text)
        {
            if (c == '@')
            {
                return true;
            }

            if (char.IsAsciiDigit(c) && ++digits >= 7)
            {
                return true;
            }
        }

        return false;
    }

    private static string Mask(PiiKind kind) => kind switch
    {
        PiiKind.Email => EmailMask,
        PiiKind.Phone => PhoneMask,
        PiiKind.PaymentCard => CardMask,
        _ => IbanMask,
    };

    private static void FindIbans(string text, List<Found> spans)
    {
        Span<char> compact = stackalloc char[34];
        foreach (Match start in IbanCandidatePattern().Matches(text))
        {
            var m = start.Groups[1];
            if (Overlaps(spans, m.Index, m.Length))
            {
                continue;
            }

            if (!IbanRegistry.TryGetLength(m.ValueSpan[..2], out var length))
            {
                continue;
            }

            // The candidate may run on into the next word ("...0000 cardul"): take exactly the
            // country's length of characters and insist that the IBAN ends where a group ends.
            var taken = 0;
            var end = -1;
            for (var i = 0; i < m.Length && taken < length; i++)
            {
                var c = m.ValueSpan[i];
                if (char.IsAsciiLetterOrDigit(c))
                {
                    compact[taken++] = char.ToUpperInvariant(c);
                    end = i + 1;
                }
            }

            if (taken != length)
            {
                continue;
            }

            var after = m.Index + end;
            if (after < text.Length && char.IsLetterOrDigit(text[after]))
            {
                continue;
            }

            // An IBAN-shaped string that fails mod-97 is kept out of the digit search as well: its
            // digits are a mistyped account number, not a card or a phone.
            spans.Add(new Found(m.Index, end, PiiKind.Iban, Masked: Checksums.PassesIbanMod97(compact[..length])));
        }
    }

    private static void FindDigitRuns(string text, List<Found> spans)
    {
        foreach (Match m in DigitRunPattern().Matches(text))
        {
            if (Overlaps(spans, m.Index, m.Length))
            {
                continue;
            }

            var run = m.ValueSpan;
            var digitCount = CountDigits(run);
            if (digitCount < 8)
            {
                continue;
            }

            if (digitCount == 26 && IsPolishAccountNumber(run))
            {
                spans.Add(new Found(m.Index, m.Length, PiiKind.Iban));
                continue;
            }

            if (PhoneRules.IsIdentifierContext(text.AsSpan(0, m.Index)))
            {
                continue;
            }

            if (digitCount is >= 13 and <= 19 && run[0] != '+' && !run.Contains('(') && !run.Contains('.')
                && HasCardPrefix(run, digitCount) && Checksums.PassesLuhn(run))
            {
                spans.Add(new Found(m.Index, m.Length, PiiKind.PaymentCard));
            }
            else if (PhoneRules.IsPhone(run, digitCount) && !PhoneRules.IsAmount(text.AsSpan(m.Index + m.Length)))
            {
                spans.Add(new Found(m.Index, m.Length, PiiKind.Phone));
            }
            else if (digitCount > 15)
            {
                // Two phone numbers typed one after the other read as one long run: judge each
                // solid group of nine or more digits on its own.
                foreach (Match g in SolidGroupPattern().Matches(m.Value))
                {
                    if (PhoneRules.IsPhone(g.ValueSpan, g.Length))
                    {
                        spans.Add(new Found(m.Index + g.Index, g.Length, PiiKind.Phone));
                    }
                }
            }
        }
    }

    /// <summary>
    /// Card numbers start with a network's digit: 2 and 5 (Mastercard, Mir), 3 (Amex, Diners, JCB),
    /// 4 (Visa), 6 (Discover, Maestro, UnionPay). Luhn alone passes one random number in ten, so the
    /// prefix keeps parcel and account numbers (often starting 0, 1, 7, 8, 9) from being taken for cards.
    /// </summary>
    private static bool HasCardPrefix(ReadOnlySpan<char> run, int digitCount)
    {
        var first = run[0];
        return digitCount switch
        {
            13 => first == '4',
            14 or 15 => first == '3',
            _ => first is >= '2' and <= '6',
        };
    }

    /// <summary>A Polish account number (NRB) typed without its "PL": 26 digits that make a valid PL IBAN.</summary>
    private static bool IsPolishAccountNumber(ReadOnlySpan<char> run)
    {
        Span<char> iban = stackalloc char[28];
        iban[0] = 'P';
        iban[1] = 'L';
        var n = 2;
        foreach (var c in run)
        {
            if (char.IsAsciiDigit(c))
            {
                iban[n++] = c;
            }
        }

        return Checksums.PassesIbanMod97(iban);
    }

    private static int CountDigits(ReadOnlySpan<char> run)
    {
        var n = 0;
        foreach (var c in run)
        {
            if (char.IsAsciiDigit(c))
            {
                n++;
            }
        }

        return n;
    }

    private static bool Overlaps(List<Found> spans, int start, int length)
    {
        foreach (var s in spans)
        {
            if (start < s.Start + s.Length && s.Start < start + length)
            {
                return true;
            }
        }

        return false;
    }

    private readonly record struct Found(int Start, int Length, PiiKind Kind, bool Masked = true);

    // Local part, '@', dotted domain with a letter-only top-level domain; Unicode letters allowed.
    [GeneratedRegex(@"(?<![\p{L}\p{N}._%+\-])[\p{L}\p{N}_%+\-]+(?:\.[\p{L}\p{N}_%+\-]+)*@[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?)*\.\p{L}{2,24}(?![\p{L}\p{N}\-])")]
    private static partial Regex EmailPattern();

    // Two letters, two check digits, then 11..30 letters/digits in groups split by single spaces or dashes.
    // Zero-width with a capture, so that a candidate that runs on and fails does not swallow an IBAN after it.
    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?=([A-Za-z]{2}[0-9]{2}(?:[ \u00A0\-]?[A-Za-z0-9]){11,30}))", RegexOptions.CultureInvariant)]
    private static partial Regex IbanCandidatePattern();

    // A run of digit groups: an optional '+', '(' or '(+' start, groups joined by one or two separators
    // (space, dot, dash) or by brackets. Not glued to letters, '#', '/', or another number.
    [GeneratedRegex(@"(?<![\w#/+\-]|\d[.,]|[\p{Sc}]\s?)(?:\+\s?)?(?:\(\+?\s?\d{1,5}\s?\)|\d{1,19})(?:(?:[ \u00A0\u202F.\-\u2010-\u2013]{1,2}|(?<=\))|(?=\())(?:\(\s?\d{1,5}\s?\)|\d{1,19}))*(?![\w/:]|[.,\-]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex DigitRunPattern();

    [GeneratedRegex(@"\d{9,}")]
    private static partial Regex SolidGroupPattern();
}
