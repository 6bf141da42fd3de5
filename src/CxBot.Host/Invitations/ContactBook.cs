using System.Globalization;
using CxBot.Responses.Privacy;
using CxBot.Storage;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Npgsql;
using StackExchange.Redis;

namespace CxBot.Host.Invitations;

/// <summary>
/// What CxBot keeps per customer to reach them later: the conversation reference of the chat where
/// they last started a survey, whether they said stop, and when they were last invited. All three
/// keys carry the customer id as hash tag (<c>{prefix}:{cust:&lt;id&gt;}:…</c>), so one call can erase them.
/// </summary>
internal sealed class ContactBook(
    IConnectionMultiplexer redis,
    IOptions<RedisOptions> redisOptions,
    IOptions<InvitationsOptions> options,
    ILogger<ContactBook> logger,
    NpgsqlDataSource? responseStore = null)
{
    internal IDatabase Db => redis.GetDatabase();

    private string Prefix => redisOptions.Value.KeyPrefix;

    public RedisKey ReferenceKey(string customerId) => $"{Prefix}:{{cust:{customerId}}}:ref";

    public RedisKey OptOutKey(string customerId) => $"{Prefix}:{{cust:{customerId}}}:optout";

    public RedisKey SurveyedKey(string customerId) => $"{Prefix}:{{cust:{customerId}}}:surveyed";

    public RedisKey InvitationsKey(string customerId) => $"{Prefix}:{{cust:{customerId}}}:invitations";

    // The SDK's schema types are Newtonsoft-annotated (and carry JObject properties): its own
    // serializer is the one that round-trips a reference faithfully.
    public Task SaveReferenceAsync(string customerId, ConversationReference reference, CancellationToken cancellationToken) =>
        Db.StringSetAsync(ReferenceKey(customerId), JsonConvert.SerializeObject(reference),
            TimeSpan.FromDays(options.Value.ReferenceDays)).WaitAsync(cancellationToken);

    public async Task<ConversationReference?> FindReferenceAsync(string customerId, CancellationToken cancellationToken)
    {
        var json = await Db.StringGetAsync(ReferenceKey(customerId)).WaitAsync(cancellationToken);
        return json.IsNullOrEmpty ? null : JsonConvert.DeserializeObject<ConversationReference>(json.ToString());
    }

    /// <summary>Kept for as long as a reference would be: a customer who said stop is not asked again while we could still reach them.</summary>
    public Task OptOutAsync(string customerId, CancellationToken cancellationToken) =>
        Db.StringSetAsync(OptOutKey(customerId), "1", TimeSpan.FromDays(Math.Max(options.Value.ReferenceDays, 365))).WaitAsync(cancellationToken);

    public Task MarkSurveyedAsync(string customerId, DateTimeOffset at, CancellationToken cancellationToken) =>
        Db.StringSetAsync(SurveyedKey(customerId), at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            TimeSpan.FromDays(366)).WaitAsync(cancellationToken);

    public async Task<CustomerContactFacts> FactsAsync(string customerId, CancellationToken cancellationToken)
    {
        var batch = Db.CreateBatch();
        var optOut = batch.KeyExistsAsync(OptOutKey(customerId));
        var surveyed = batch.StringGetAsync(SurveyedKey(customerId));
        batch.Execute();
        await Task.WhenAll(optOut, surveyed).WaitAsync(cancellationToken);
        DateTimeOffset? last = surveyed.Result.TryParse(out long ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        return new CustomerContactFacts(optOut.Result || await OptedOutInResponseStoreAsync(customerId, cancellationToken), last);
    }

    /// <summary>
    /// The contact preference a CX team set through the admin API. When the response store cannot be
    /// reached the Redis opt-out (written on every "stop") still holds, so invitations go on rather
    /// than all being refused for good.
    /// </summary>
    private async Task<bool> OptedOutInResponseStoreAsync(string customerId, CancellationToken cancellationToken)
    {
        if (responseStore is null) return false;
        try
        {
            await using var command = responseStore.CreateCommand("select contact_allowed from customer_preferences where customer_id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = customerId });
            return await command.ExecuteScalarAsync(cancellationToken) is false;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.ResponseStoreUnavailable(e);
            return false;
        }
    }
}

/// <summary>Erasing a customer removes their conversation reference, opt-out marker, contact date and invitations.</summary>
internal sealed class InvitationsCustomerEraser(ContactBook book, InvitationStore invitations) : ICustomerDataEraser
{
    public string Name => "invitations";

    public async Task<int> EraseAsync(CustomerFootprint footprint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(footprint);
        var erased = await invitations.EraseCustomerAsync(footprint.CustomerId, cancellationToken);
        var id = footprint.CustomerId;
        return erased + (int)await book.Db.KeyDeleteAsync([book.ReferenceKey(id), book.OptOutKey(id), book.SurveyedKey(id), book.InvitationsKey(id)]).WaitAsync(cancellationToken);
    }
}
