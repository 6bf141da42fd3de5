using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CxBot.Responses;

/// <summary>The "Responses" section. The database itself comes from <c>ConnectionStrings:Postgres</c>.</summary>
public sealed class ResponsesOptions
{
    public const string Section = "Responses";

    public const string ConnectionStringKey = "ConnectionStrings:Postgres";

    /// <summary>Run the pipeline workers inside the host; off when they run apart as <c>cxbot worker</c>.</summary>
    public bool RunWorkersInHost { get; set; } = true;

    /// <summary>Apply pending migrations before the workers start (and at host start).</summary>
    public bool ApplyMigrations { get; set; } = true;

    /// <summary>Keep the customer's text as typed next to the masked text. Off: only masked text is stored.</summary>
    public bool KeepOriginalText { get; set; }

    /// <summary>The Redis consumer group, one per answer stream shard.</summary>
    [Required]
    [RegularExpression(@"^[A-Za-z0-9_.-]+$", ErrorMessage = "Responses:ConsumerGroup may hold letters, digits, '_', '.' and '-' only.")]
    public string ConsumerGroup { get; set; } = "cxbot-responses";

    /// <summary>Stream entries read (and written to PostgreSQL in one transaction) at a time, per shard.</summary>
    [Range(1, 5_000, ErrorMessage = "Responses:BatchSize must be between 1 and 5000.")]
    public int BatchSize { get; set; } = 200;

    /// <summary>An entry left unacknowledged this long (its worker died or failed) is claimed by another worker.</summary>
    [Range(1, 86_400, ErrorMessage = "Responses:ClaimIdleSeconds must be between 1 and 86400.")]
    public int ClaimIdleSeconds { get; set; } = 60;

    /// <summary>After this many failed attempts an entry goes to the dead-letter stream with its error.</summary>
    [Range(1, 1_000, ErrorMessage = "Responses:MaxAttempts must be between 1 and 1000.")]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long an idle worker waits before reading the streams again.</summary>
    [Range(10, 60_000, ErrorMessage = "Responses:PollMilliseconds must be between 10 and 60000.")]
    public int PollMilliseconds { get; set; } = 250;

    /// <summary>Longest wait between attempts while PostgreSQL or Redis is unreachable.</summary>
    [Range(100, 600_000, ErrorMessage = "Responses:MaxBackoffMilliseconds must be between 100 and 600000.")]
    public int MaxBackoffMilliseconds { get; set; } = 5_000;

    /// <summary>Open text older than this many days is purged (scores and labels stay). 0 keeps it forever.</summary>
    [Range(0, 36_500, ErrorMessage = "Responses:RetentionDays must be between 0 and 36500.")]
    public int RetentionDays { get; set; } = 365;

    /// <summary>/readyz reports not ready when more entries than this wait in the streams.</summary>
    [Range(1, 100_000_000, ErrorMessage = "Responses:ReadyMaxLag must be between 1 and 100000000.")]
    public long ReadyMaxLag { get; set; } = 50_000;

    /// <summary>
    /// The invitation context attributes an anonymous response keeps for slicing (region, segment…); every
    /// other attribute, such as an order number that would point back to the customer, is dropped.
    /// </summary>
    public string[] AnonymousContextKeys { get; set; } = [];

    /// <summary>Taken from <c>ConnectionStrings:Postgres</c>. Empty: the response store is off (the bot still records to Redis).</summary>
    public string? ConnectionString { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(ConnectionString);
}

[OptionsValidator]
internal sealed partial class ResponsesOptionsValidator : IValidateOptions<ResponsesOptions>;

/// <summary>The connection string lives outside the section, so its rule names its own key.</summary>
internal sealed class ResponsesConnectionStringValidator : IValidateOptions<ResponsesOptions>
{
    public ValidateOptionsResult Validate(string? name, ResponsesOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail($"{ResponsesOptions.ConnectionStringKey} is not a valid Npgsql connection string: {e.Message}");
        }
    }
}
