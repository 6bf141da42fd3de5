using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CxBot.Storage;

/// <summary>The "Redis" section. The connection itself comes from <c>ConnectionStrings:Redis</c>.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>The configuration key of the connection string (<c>ConnectionStrings:Redis</c>).</summary>
    public const string ConnectionStringKey = "ConnectionStrings:Redis";

    /// <summary>First part of every key. Braces would start a cluster hash tag, so they are refused.</summary>
    [Required]
    [RegularExpression(@"^[^{}\s]+$", ErrorMessage = "Redis:KeyPrefix must be non-empty without braces or spaces.")]
    public string KeyPrefix { get; set; } = "cx";

    /// <summary>Idle conversations (and bot state) expire this many days after their last write.</summary>
    [Range(1, 365, ErrorMessage = "Redis:ConversationTtlDays must be between 1 and 365.")]
    public int ConversationTtlDays { get; set; } = 7;

    /// <summary>
    /// How many answer streams (and hash tags) conversations are spread over. Changing it moves
    /// conversations to other keys, so running conversations start afresh: change it between campaigns.
    /// </summary>
    [Range(1, 1024, ErrorMessage = "Redis:AnswerStreamShards must be between 1 and 1024.")]
    public int AnswerStreamShards { get; set; } = 16;

    /// <summary>Taken from <c>ConnectionStrings:Redis</c>, not from this section.</summary>
    public string? ConnectionString { get; set; }

    internal TimeSpan ConversationTtl => TimeSpan.FromDays(ConversationTtlDays);
}

[OptionsValidator]
internal sealed partial class RedisOptionsValidator : IValidateOptions<RedisOptions>;

/// <summary>The connection string lives outside the section, so its rule names its own key.</summary>
internal sealed class RedisConnectionStringValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{RedisOptions.ConnectionStringKey} is required (a StackExchange.Redis configuration string such as 127.0.0.1:6379).");
        }

        try
        {
            var parsed = ConfigurationOptions.Parse(options.ConnectionString);
            return parsed.EndPoints.Count > 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{RedisOptions.ConnectionStringKey} names no endpoint (host:port).");
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"{RedisOptions.ConnectionStringKey} is not a valid StackExchange.Redis configuration string: {ex.Message}");
        }
    }
}
