using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace CxBot.Host.WhatsApp;

/// <summary>POST {GraphBaseUrl}/{PhoneNumberId}/messages with the access token: one call per message.</summary>
internal sealed class WhatsAppGraphClient(IHttpClientFactory httpClients, IOptions<WhatsAppOptions> options)
{
    public const string HttpClientName = "whatsapp-graph";

    /// <summary>Sends one message and returns its WhatsApp message id (wamid).</summary>
    public async Task<string> SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var http = httpClients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{o.GraphBaseUrl.TrimEnd('/')}/{Uri.EscapeDataString(o.PhoneNumberId)}/messages")
        {
            Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.AccessToken);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw WhatsAppSendException.From(response.StatusCode, body);
        try
        {
            return JsonNode.Parse(body)?["messages"]?[0]?["id"]?.GetValue<string>() ?? "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}

/// <summary>The Graph API refused a message; <see cref="Code"/> is Meta's error code (e.g. 131047: outside the 24-hour window).</summary>
internal sealed class WhatsAppSendException(HttpStatusCode status, int? code, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public int? Code { get; } = code;

    internal static WhatsAppSendException From(HttpStatusCode status, string body)
    {
        int? code = null;
        var message = $"The WhatsApp Graph API answered {(int)status}.";
        try
        {
            if (JsonNode.Parse(body)?["error"] is JsonObject error)
            {
                code = error["code"]?.GetValue<int>();
                // Meta's error text names the field at fault, never the customer's message.
                message = $"The WhatsApp Graph API answered {(int)status}, error {code}: {error["message"]?.GetValue<string>()}";
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            // Not Graph's error shape: keep the status alone.
        }

        return new WhatsAppSendException(status, code, message);
    }
}
