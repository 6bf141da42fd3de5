using System.Globalization;
using System.Xml;

namespace CxBot.Host.Invitations;

/// <summary>When to send: empty or "now", an ISO 8601 instant with its offset, an ISO duration ("PT48H", "P2D") or a short delay ("2d", "48h", "90m").</summary>
internal static class SendTime
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(365);

    public static bool TryParse(string? text, DateTimeOffset now, out DateTimeOffset at)
    {
        at = now;
        var value = text?.Trim() ?? "";
        if (value.Length == 0 || value.Equals("now", StringComparison.OrdinalIgnoreCase)) return true;
        TimeSpan delay;
        if (value[0] is 'P' or 'p')
        {
            try { delay = XmlConvert.ToTimeSpan(value.ToUpperInvariant()); }
            catch (FormatException) { return false; }
            catch (OverflowException) { return false; }
        }
        else if (value.Length >= 2 && value[^1] is 'd' or 'h' or 'm' or 's'
                 && int.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            delay = value[^1] switch
            {
                'd' => TimeSpan.FromDays(amount),
                'h' => TimeSpan.FromHours(amount),
                'm' => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromSeconds(amount),
            };
        }
        // An instant must say its offset ("Z" or "+02:00"): a bare local time is ambiguous across hosts.
        else if (value.Length > 10 && (value.EndsWith('Z') || value.EndsWith('z') || value[^6] is '+' or '-')
                 && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            at = instant.ToUniversalTime();
            return at <= now + MaxDelay;
        }
        else
        {
            return false;
        }
        if (delay < TimeSpan.Zero || delay > MaxDelay) return false;
        at = now + delay;
        return true;
    }
}
