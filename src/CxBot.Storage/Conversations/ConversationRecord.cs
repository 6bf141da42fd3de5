using System.Security.Cryptography;
using System.Text;

namespace CxBot.Storage;

/// <summary>
/// The stored form of a conversation, one Redis string so that a conversation at rest costs one small
/// key: version (8 bytes) | count (1 byte) | hashes of the last activity ids (8 bytes each, oldest
/// first) | state. commit.lua writes the same layout.
/// </summary>
internal static class ConversationRecord
{
    /// <summary>How many activity ids are remembered for de-duplication; channels redeliver within seconds.</summary>
    public const int RememberedActivities = 20;

    public const int VersionLength = 8;
    public const int ActivityHashLength = 8;
    private const int HeaderLength = VersionLength + 1;

    public static ConversationSnapshot Read(ReadOnlySpan<byte> record, string? activityId)
    {
        if (record.Length < HeaderLength)
        {
            throw new InvalidDataException($"A conversation record of {record.Length} bytes is shorter than its header.");
        }

        var idsLength = record[VersionLength] * ActivityHashLength;
        if (record.Length < HeaderLength + idsLength)
        {
            throw new InvalidDataException($"A conversation record of {record.Length} bytes is shorter than its activity ids.");
        }

        var version = Convert.ToHexStringLower(record[..VersionLength]);
        var ids = record.Slice(HeaderLength, idsLength);
        var seen = false;
        if (activityId is not null)
        {
            Span<byte> hash = stackalloc byte[ActivityHashLength];
            HashActivity(activityId, hash);
            for (var i = 0; i < ids.Length && !seen; i += ActivityHashLength)
            {
                seen = ids.Slice(i, ActivityHashLength).SequenceEqual(hash);
            }
        }

        return new ConversationSnapshot(record[(HeaderLength + idsLength)..].ToArray(), version, seen);
    }

    /// <summary>
    /// Activity ids are kept as 8 bytes of their SHA-256: ids run to 60+ characters on some channels and
    /// twenty of them would outweigh the state; 64 bits make a false "duplicate" practically impossible.
    /// </summary>
    public static byte[] HashActivity(string activityId)
    {
        var hash = new byte[ActivityHashLength];
        HashActivity(activityId, hash);
        return hash;
    }

    /// <summary>The stored version for an expected version string; a string that is no version never matches.</summary>
    public static byte[] VersionBytes(string version)
    {
        if (version.Length == VersionLength * 2)
        {
            try
            {
                return Convert.FromHexString(version);
            }
            catch (FormatException)
            {
            }
        }

        return "?"u8.ToArray();
    }

    public static byte[] NewVersion() => RandomNumberGenerator.GetBytes(VersionLength);

    private static void HashActivity(string activityId, Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(activityId), full);
        full[..ActivityHashLength].CopyTo(destination);
    }
}
