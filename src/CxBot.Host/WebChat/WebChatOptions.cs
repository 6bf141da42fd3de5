using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CxBot.Host.WebChat;

/// <summary>The "WebChat" section: the web chat page, its Direct Line tokens and survey links.</summary>
public sealed class WebChatOptions
{
    public const string Section = "WebChat";

    /// <summary>
    /// Key of the HMAC that signs Direct Line tokens and survey links (at least 32 characters; from
    /// the environment or user secrets, never the repository). Empty: a random key per process,
    /// so tokens and links die with it and two processes cannot share conversations.
    /// </summary>
    public string? SigningKey { get; set; }

    [Range(1, 24 * 60, ErrorMessage = "WebChat:TokenMinutes must be between 1 and 1440.")]
    public int TokenMinutes { get; set; } = 30;

    [Range(1, 90, ErrorMessage = "WebChat:InvitationDays must be between 1 and 90.")]
    public int InvitationDays { get; set; } = 14;

    /// <summary>Tokens one client address may mint per minute.</summary>
    [Range(1, 10_000, ErrorMessage = "WebChat:TokensPerMinute must be between 1 and 10000.")]
    public int TokensPerMinute { get; set; } = 20;

    /// <summary>
    /// Origins allowed to open the activity stream besides the page's own (e.g. https://shop.example).
    /// The page itself is always allowed.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    [Required(AllowEmptyStrings = false, ErrorMessage = "WebChat:BrandName is required.")]
    [StringLength(60, ErrorMessage = "WebChat:BrandName may be at most 60 characters.")]
    public string BrandName { get; set; } = "CxBot";

    /// <summary>Main colour: header, buttons, the customer's bubbles.</summary>
    [RegularExpression("^#[0-9a-fA-F]{6}$", ErrorMessage = "WebChat:BrandColor must be a colour like #1f5fbf.")]
    public string BrandColor { get; set; } = "#1f5fbf";

    /// <summary>Text on the main colour; pick one with at least 4.5:1 contrast.</summary>
    [RegularExpression("^#[0-9a-fA-F]{6}$", ErrorMessage = "WebChat:BrandTextColor must be a colour like #ffffff.")]
    public string BrandTextColor { get; set; } = "#ffffff";

    /// <summary>Logo as a path on this host (e.g. /brand/logo.svg); empty shows the brand's initial.</summary>
    [RegularExpression("^(/[^/\\\\].*)?$", ErrorMessage = "WebChat:BrandLogo must be a path on this host starting with '/'.")]
    public string BrandLogo { get; set; } = "";

    /// <summary>The privacy notice the page links to.</summary>
    [Url(ErrorMessage = "WebChat:PrivacyUrl must be an absolute http(s) URL.")]
    public string PrivacyUrl { get; set; } = "https://example.com/privacy";
}

[OptionsValidator]
internal sealed partial class WebChatOptionsValidator : IValidateOptions<WebChatOptions>;

/// <summary>Rules across fields and on the key, whose value must never appear in a message.</summary>
internal sealed class WebChatKeyValidator : IValidateOptions<WebChatOptions>
{
    public const int MinKeyLength = 32;

    public ValidateOptionsResult Validate(string? name, WebChatOptions options)
    {
        if (!string.IsNullOrEmpty(options.SigningKey) && options.SigningKey.Length < MinKeyLength)
            return ValidateOptionsResult.Fail($"WebChat:SigningKey must be at least {MinKeyLength} characters (or empty for a random key per process).");
        foreach (var origin in options.AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/")
                return ValidateOptionsResult.Fail($"WebChat:AllowedOrigins: '{origin}' is not an origin like https://shop.example.");
        }
        return ValidateOptionsResult.Success;
    }
}
