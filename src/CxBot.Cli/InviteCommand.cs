using System.Globalization;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CxBot.Cli;

/// <summary>
/// cxbot invite --csv F: journey invitations in bulk, POSTed in batches to the bot's
/// <c>/api/invitations/batch</c> so that the contact policy and scheduling are the ones every other caller gets.
/// Columns: customer_id, event, survey, send_at and any context.* (e.g. context.order_id). A row's id (an "id"
/// column, or a hash of the row) is its idempotency key, so importing the same file twice, or sending a batch
/// again after a server error or a timeout, invites nobody twice.
/// Exit codes: 0 every row was taken (created, existing, or refused/postponed by the contact policy);
/// 1 some rows were invalid or could not be sent; 2 a usage error or the API key was refused.
/// </summary>
public static class InviteCommand
{
    public const string Usage = "--csv F [--url http://127.0.0.1:3978] [--key K] [--batch 500]   invite customers (key: --key or CXBOT_API_KEY)";

    private const string ContextPrefix = "context.";
    private const int DefaultBatch = 500;
    private const int MaxBatch = 1_000;
    private const int MaxAttempts = 5;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(100);

    private sealed record Row(int Number, string Id, JsonObject Body);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var options = new CommandLine(args);
        var path = options.Required("--csv");
        var url = new Uri(options.Get("--url") ?? "http://127.0.0.1:3978");
        var key = options.Get("--key") ?? Environment.GetEnvironmentVariable("CXBOT_API_KEY")
            ?? throw new CommandLineException("an API key is required: --key or CXBOT_API_KEY");
        var batchSize = DefaultBatch;
        if (options.Get("--batch") is { } batchText && (!int.TryParse(batchText, CultureInfo.InvariantCulture, out batchSize) || batchSize is < 1 or > MaxBatch))
            throw new CommandLineException($"--batch must be a whole number from 1 to {MaxBatch}");
        if (!File.Exists(path)) throw new CommandLineException($"{path} does not exist");

        var rows = ReadCsv(await File.ReadAllTextAsync(path, ct));
        if (rows.Count == 0) throw new CommandLineException($"{path} has no header row");
        var header = rows[0].Select(h => h.Trim()).ToList();
        if (!header.Contains("customer_id") || !header.Contains("event"))
            throw new CommandLineException("the header needs customer_id and event (and optionally id, survey, send_at, language, context.*)");
        var invitations = Rows(header, rows);

        using var http = new HttpClient { BaseAddress = url, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var done = 0;
        foreach (var batch in invitations.Chunk(batchSize))
        {
            var answer = await SendAsync(http, batch, stderr, ct);
            if (answer.Status is 401 or 403)
            {
                await stderr.WriteLineAsync($"invite: the API key was refused (HTTP {answer.Status.GetValueOrDefault().ToString(CultureInfo.InvariantCulture)}); nothing more was sent");
                return 2;
            }

            var results = answer.Body?["results"]?.AsArray();
            for (var i = 0; i < batch.Length; i++)
            {
                var (outcome, status, detail) = results is not null && i < results.Count && results[i] is { } item
                    ? Outcome(item)
                    : ("error", answer.Status is { } code ? $"http-{code.ToString(CultureInfo.InvariantCulture)}" : "unreachable", answer.Problem);
                counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
                await stdout.WriteLineAsync($"row {batch[i].Number.ToString(CultureInfo.InvariantCulture)}\t{batch[i].Id}\t{outcome}\t{status}\t{detail}");
            }

            done += batch.Length;
            if (invitations.Count > batchSize)
                await stderr.WriteLineAsync($"invite: {done.ToString(CultureInfo.InvariantCulture)}/{invitations.Count.ToString(CultureInfo.InvariantCulture)} rows");
        }

        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"invite: {string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"))} ({invitations.Count} rows in {seconds:0.0} s, {invitations.Count / seconds:0} rows/s)"));
        return counts.ContainsKey("invalid") || counts.ContainsKey("error") ? 1 : 0;
    }

    private static List<Row> Rows(List<string> header, List<List<string>> rows)
    {
        var result = new List<Row>(rows.Count);
        for (var line = 1; line < rows.Count; line++)
        {
            var row = rows[line];
            if (row.All(string.IsNullOrWhiteSpace)) continue;
            var body = new JsonObject();
            var context = new JsonObject();
            for (var c = 0; c < header.Count && c < row.Count; c++)
            {
                if (row[c].Length == 0) continue;
                if (header[c].StartsWith(ContextPrefix, StringComparison.Ordinal)) context[header[c][ContextPrefix.Length..]] = row[c];
                else body[header[c]] = row[c];
            }
            body["context"] = context;
            var id = body["id"]?.GetValue<string>() ?? RowId(row);
            body["id"] = id;
            result.Add(new Row(line + 1, id, body));
        }
        return result;
    }

    private readonly record struct BatchAnswer(int? Status, JsonNode? Body, string Problem);

    /// <summary>
    /// One batch, sent again on a server error, 408, 429, a timeout or a broken connection: every row carries its
    /// id, so a batch the host did take before failing is not taken twice.
    /// </summary>
    private static async Task<BatchAnswer> SendAsync(HttpClient http, Row[] batch, TextWriter stderr, CancellationToken ct)
    {
        var payload = new JsonObject { ["invitations"] = new JsonArray([.. batch.Select(r => (JsonNode)r.Body.DeepClone())]) }.ToJsonString();
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            BatchAnswer answer;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(RequestTimeout);
            try
            {
                using var content = new StringContent(payload, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("/api/invitations/batch", content, timeout.Token);
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                var status = (int)response.StatusCode;
                JsonNode? body = null;
                try { body = text.Length == 0 ? null : JsonNode.Parse(text); } catch (JsonException) { }
                if (response.IsSuccessStatusCode || !(status is 408 or 429 || status >= 500)) return new BatchAnswer(status, body, Problem(body));
                retryAfter = response.Headers.RetryAfter?.Delta;
                answer = new BatchAnswer(status, body, Problem(body));
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                answer = new BatchAnswer(null, null, e is OperationCanceledException ? "timed out" : e.Message);
            }

            if (attempt == MaxAttempts) return answer;
            var wait = retryAfter is { } asked && asked > delay ? (asked < MaxRetryDelay ? asked : MaxRetryDelay) : delay;
            await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"invite: rows {batch[0].Number}-{batch[^1].Number}: {(answer.Status is { } s ? $"HTTP {s}" : answer.Problem)}; sending the batch again in {wait.TotalSeconds:0.#} s"));
            await Task.Delay(wait, ct);
            delay = delay * 2 < MaxRetryDelay ? delay * 2 : MaxRetryDelay;
        }
    }

    /// <summary>created / existing, or refused / postponed / expired with the contact policy's reason, or invalid with the errors.</summary>
    private static (string Outcome, string Status, string Detail) Outcome(JsonNode item)
    {
        if (item["errors"] is JsonObject errors) return ("invalid", "invalid", errors.ToJsonString());
        var invitation = item["invitation"];
        var status = invitation?["status"]?.GetValue<string>() ?? "unknown";
        var created = item["created"]?.GetValue<bool>() == true;
        var outcome = status is "refused" or "postponed" or "expired" ? status : created ? "created" : "existing";
        var detail = invitation?["why"]?.GetValue<string>() ?? invitation?["link"]?.GetValue<string>() ?? "";
        return (outcome, status, detail);
    }

    private static string Problem(JsonNode? body) =>
        body?["errors"]?.ToJsonString() ?? body?["title"]?.GetValue<string>() ?? "";

    private static string RowId(IEnumerable<string> row) =>
        "csv-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', row))))[..32];

    /// <summary>RFC 4180: commas, quoted fields with "" for a quote, line breaks inside quotes.</summary>
    internal static List<List<string>> ReadCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
                continue;
            }
            switch (ch)
            {
                case '"': quoted = true; break;
                case ',': row.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n': row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; break;
                default: field.Append(ch); break;
            }
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row); }
        return rows;
    }
}
