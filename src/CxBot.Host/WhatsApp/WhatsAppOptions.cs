using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CxBot.Host.WhatsApp;

/// <summary>
/// The WhatsApp Business Cloud API: the business phone number the bot speaks from, the token it sends
/// with, and the secrets Meta signs and verifies the webhook with. Empty PhoneNumberId = WhatsApp off.
/// Secrets come from the environment (WhatsApp__AccessToken, WhatsApp__AppSecret), never the file.
/// </summary>
internal sealed class WhatsAppOptions
{
    public const string Section = "WhatsApp";

    /// <summary>The Cloud API's id of the business phone number (not the number itself).</summary>
    public string PhoneNumberId { get; set; } = "";

    /// <summary>A system-user access token with whatsapp_business_messaging.</summary>
    public string AccessToken { get; set; } = "";

    /// <summary>The Meta app's secret: X-Hub-Signature-256 is an HMAC-SHA256 of the body with it.</summary>
    public string AppSecret { get; set; } = "";

    /// <summary>The string typed into the app's webhook settings, echoed in the verification handshake.</summary>
    public string VerifyToken { get; set; } = "";

    [Required]
    public string GraphBaseUrl { get; set; } = "https://graph.facebook.com/v21.0";

    /// <summary>An approved message template for the first message outside the 24-hour window.</summary>
    public string TemplateName { get; set; } = "";

    /// <summary>The template's language when the customer's is not known (WhatsApp codes: en, ru, pl, ro, en_US…).</summary>
    [Required]
    public string TemplateLanguage { get; set; } = "en";

    [Range(1, 120)]
    public int SendTimeoutSeconds { get; set; } = 20;

    public bool Enabled => !string.IsNullOrWhiteSpace(PhoneNumberId);
}

[OptionsValidator]
internal sealed partial class WhatsAppOptionsAttributesValidator : IValidateOptions<WhatsAppOptions>;

/// <summary>Rules across fields: once one WhatsApp setting is given, the adapter needs all four.</summary>
internal sealed class WhatsAppOptionsValidator : IValidateOptions<WhatsAppOptions>
{
    public ValidateOptionsResult Validate(string? name, WhatsAppOptions options)
    {
        var failures = new List<string>();
        var attributes = new WhatsAppOptionsAttributesValidator().Validate(name, options);
        if (attributes.Failed) failures.AddRange(attributes.Failures);

        (string Key, string Value)[] required =
        [
            ("WhatsApp:PhoneNumberId", options.PhoneNumberId),
            ("WhatsApp:AccessToken", options.AccessToken),
            ("WhatsApp:AppSecret", options.AppSecret),
            ("WhatsApp:VerifyToken", options.VerifyToken),
        ];
        if (required.Any(r => !string.IsNullOrWhiteSpace(r.Value)))
        {
            foreach (var (key, value) in required.Where(r => string.IsNullOrWhiteSpace(r.Value)))
                failures.Add($"{key} is required when WhatsApp is configured (set all of PhoneNumberId, AccessToken, AppSecret and VerifyToken, or none).");
        }

        if (!Uri.TryCreate(options.GraphBaseUrl, UriKind.Absolute, out var graph)
            || !(graph.Scheme == Uri.UriSchemeHttps || (graph.Scheme == Uri.UriSchemeHttp && graph.IsLoopback)))
            failures.Add($"WhatsApp:GraphBaseUrl must be an absolute https URL (http only on loopback); got '{options.GraphBaseUrl}'.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
