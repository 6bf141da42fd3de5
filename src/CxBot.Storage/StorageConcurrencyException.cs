namespace CxBot.Storage;

/// <summary>
/// A write was refused because the item changed since it was read (its eTag no longer matches).
/// Read again, reapply the change, write again. The SDK's own stores throw unrelated types for this;
/// callers catch this one.
/// </summary>
public sealed class StorageConcurrencyException : InvalidOperationException
{
    public StorageConcurrencyException()
        : base("The item changed since it was read; its eTag no longer matches.")
    {
    }

    public StorageConcurrencyException(string message)
        : base(message)
    {
    }

    public StorageConcurrencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The storage key whose eTag did not match, when known.</summary>
    public string? Key { get; init; }
}
