using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace CxBot.Cli;

/// <summary>
/// cxbot invite --csv F: journey invitations in bulk, each row POSTed to the bot's invitation API so
/// that the contact policy and scheduling are the ones every other caller gets. Columns: customer_id,
/// event, survey, send_at and any context.* (e.g. context.order_id). A row's id (an "id" column, or a
/// hash of the row) is its idempotency key, so importing the same file twice invites nobody twice.
/// </summary>
public static class InviteCommand
{
    public const string Usage = "--csv F [--url http://127.0.0.1:3978] [--key K]   invite customers (key: --key or CXBOT_API_KEY)";

    private const string ContextPrefix = "context.";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var options = new CommandLine(args);
        var path = options.Required("--csv");
        var url = new Uri(options.Get("--url") ?? "http://127.0.0.1:3978");
        var key = options.Get("--key") ?? Environment.GetEnvironmentVariable("CXBOT_API_KEY")
            ?? throw new CommandLineException("an API key is required: --key or CXBOT_API_KEY");
        if (!File.Exists(path)) throw new CommandLineException($"{path} does not exist");

        var rows = ReadCsv(await File.ReadAllTextAsync(path, ct));
        if (rows.Count == 0) throw new CommandLineException($"{path} has no header row");
        var header = rows[0].Select(h => h.Trim()).ToList();
        if (!header.Contains("customer_id") || !header.Contains("event"))
            throw new CommandLineException("the header needs customer_id and event (and optionally id, survey, send_at, language, context.*)");

        using var http = new HttpClient { BaseAddress = url };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
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
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/invitations") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", id);
            using var response = await http.SendAsync(request, ct);
            var answer = await response.Content.ReadAsStringAsync(ct);
            var status = response.IsSuccessStatusCode
                ? JsonNode.Parse(answer)?["status"]?.GetValue<string>() ?? "unknown"
                : $"error {(int)response.StatusCode}";
            counts[status] = counts.GetValueOrDefault(status) + 1;
            await stdout.WriteLineAsync($"row {(line + 1).ToString(CultureInfo.InvariantCulture)}\t{id}\t{status}\t{Detail(response.IsSuccessStatusCode, answer)}");
        }
        await stdout.WriteLineAsync("invite: " + string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}")));
        return counts.Keys.Any(k => k.StartsWith("error", StringComparison.Ordinal)) ? 1 : 0;
    }

    private static string Detail(bool ok, string answer)
    {
        var json = JsonNode.Parse(answer);
        if (!ok) return json?["errors"]?.ToJsonString() ?? json?["title"]?.GetValue<string>() ?? "";
        return json?["why"]?.GetValue<string>() ?? json?["link"]?.GetValue<string>() ?? "";
    }

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
