using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CxBot.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CxBot.Responses.Privacy;

/// <summary>Where a customer left data: their id, their conversations and their responses.</summary>
public sealed record CustomerFootprint(string CustomerId, IReadOnlyList<ConversationKey> Conversations, IReadOnlyList<string> ResponseIds);

/// <summary>
/// Erases one customer's data from one store. The response store and Redis register their own; web chat
/// transcripts, invitations and anything else that keeps a customer id register one more
/// (<c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;ICustomerDataEraser, MyEraser&gt;())</c>).
/// Must be idempotent: an erasure may be repeated after a partial failure.
/// </summary>
public interface ICustomerDataEraser
{
    /// <summary>A short name for the erasure report ("postgres", "redis", "transcripts").</summary>
    string Name { get; }

    /// <summary>Adds what this store knows of the customer (conversations, responses) before anything is erased.</summary>
    Task<CustomerFootprint> DiscoverAsync(CustomerFootprint footprint, CancellationToken cancellationToken) => Task.FromResult(footprint);

    /// <summary>Erases and returns how many items (rows, keys, entries) went.</summary>
    Task<int> EraseAsync(CustomerFootprint footprint, CancellationToken cancellationToken);
}

public sealed record ErasureReport(string CustomerId, IReadOnlyDictionary<string, int> Erased);

/// <summary>The privacy duties: erase a customer everywhere, export their data.</summary>
public sealed class CustomerPrivacy(IEnumerable<ICustomerDataEraser> erasers, NpgsqlDataSource dataSource, ILogger<CustomerPrivacy> logger)
{
    /// <summary>
    /// Every store first says what it knows (so Redis learns the conversations PostgreSQL saw and the
    /// reverse), then erases. Redis goes before PostgreSQL so that no stream entry of the customer can
    /// be stored again after their rows are gone.
    /// </summary>
    public async Task<ErasureReport> EraseAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        var ordered = erasers.OrderBy(e => e is PostgresCustomerEraser ? 1 : 0).ToList();
        var footprint = new CustomerFootprint(customerId, [], []);
        foreach (var eraser in ordered)
        {
            footprint = await eraser.DiscoverAsync(footprint, cancellationToken);
        }

        var erased = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var eraser in ordered)
        {
            erased[eraser.Name] = erased.GetValueOrDefault(eraser.Name) + await eraser.EraseAsync(footprint, cancellationToken);
        }

        await using (var log = dataSource.CreateCommand("insert into erasure_log (customer_hash, responses) values ($1, $2)"))
        {
            log.Parameters.Add(new NpgsqlParameter { Value = Hash(customerId) });
            log.Parameters.Add(new NpgsqlParameter { Value = footprint.ResponseIds.Count });
            await log.ExecuteNonQueryAsync(cancellationToken);
        }

        logger.Erased(footprint.ResponseIds.Count, string.Join(", ", erased.Select(e => $"{e.Key} {e.Value}")));
        return new ErasureReport(customerId, erased);
    }

    /// <summary>One customer's stored data as JSON: contact preferences, responses, answers, analyses and themes.</summary>
    public async Task<JsonObject> ExportAsync(string customerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        const string sql = """
            select json_build_object(
                'customerId', $1::text,
                'contactPreferences', (select row_to_json(p) from customer_preferences p where p.customer_id = $1),
                'responses', coalesce((
                    select json_agg(json_build_object(
                        'responseId', r.response_id, 'surveyId', r.survey_id, 'surveyVersion', r.survey_version,
                        'journey', r.journey, 'channelId', r.channel_id, 'conversationId', r.conversation_id,
                        'language', r.language, 'context', r.context, 'startedAt', r.started_at, 'status', r.status,
                        'answers', coalesce((
                            select json_agg(json_build_object(
                                'questionId', a.question_id, 'answerId', a.answer_id, 'event', a.event, 'questionType', a.question_type,
                                'value', a.value, 'score', a.score, 'text', coalesce(a.original_text, a.masked_text), 'language', a.language,
                                'answeredAt', a.answered_at,
                                'analysis', (select row_to_json(n) from analyses n where n.response_id = a.response_id and n.question_id = a.question_id),
                                'themes', (select json_agg(row_to_json(t)) from answer_themes t where t.response_id = a.response_id and t.question_id = a.question_id))
                                order by a.answered_at)
                            from answers a where a.response_id = r.response_id), '[]'::json))
                        order by r.started_at)
                    from responses r where r.customer_id = $1), '[]'::json))::text
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = customerId });
        var json = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        return JsonNode.Parse(json)!.AsObject();
    }

    /// <summary>Records whether the customer may be contacted (an opt-out is kept with its time).</summary>
    public async Task SetContactPreferenceAsync(string customerId, bool contactAllowed, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        await using var command = dataSource.CreateCommand("""
            insert into customer_preferences (customer_id, contact_allowed, opted_out_at, updated_at)
            values ($1, $2, case when $2 then null else now() end, now())
            on conflict (customer_id) do update set
                contact_allowed = excluded.contact_allowed,
                opted_out_at = case when excluded.contact_allowed then null
                                    else coalesce(customer_preferences.opted_out_at, now()) end,
                updated_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = customerId });
        command.Parameters.Add(new NpgsqlParameter { Value = contactAllowed });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static string Hash(string customerId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(customerId)));
}

/// <summary>The response store's part: responses (answers, analyses and themes cascade) and contact preferences.</summary>
internal sealed class PostgresCustomerEraser(NpgsqlDataSource dataSource) : ICustomerDataEraser
{
    public string Name => "postgres";

    public async Task<CustomerFootprint> DiscoverAsync(CustomerFootprint footprint, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "select response_id, channel_id, conversation_id from responses where customer_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = footprint.CustomerId });
        var responses = new List<string>(footprint.ResponseIds);
        var conversations = new List<ConversationKey>(footprint.Conversations);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            responses.Add(reader.GetString(0));
            if (!reader.IsDBNull(2) && reader.GetString(2).Length > 0 && !reader.GetString(1).Contains(':', StringComparison.Ordinal))
            {
                conversations.Add(new ConversationKey(reader.GetString(1), reader.GetString(2)));
            }
        }

        return footprint with { ResponseIds = [.. responses.Distinct()], Conversations = [.. conversations.Distinct()] };
    }

    public async Task<int> EraseAsync(CustomerFootprint footprint, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var erased = 0;
        foreach (var sql in new[]
        {
            "delete from responses where customer_id = $1 or response_id = any($2)",
            "delete from customer_preferences where customer_id = $1",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = footprint.CustomerId });
            command.Parameters.Add(new NpgsqlParameter { Value = footprint.ResponseIds.ToArray() });
            erased += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(CancellationToken.None);
        return erased;
    }
}
