using CxBot.Host.Bot;
using CxBot.Host.WebChat;
using CxBot.Surveys;
using CxBot.Surveys.Definitions;
using Microsoft.Extensions.Options;

namespace CxBot.Host.Invitations;

/// <summary>The outcome of a request: the invitation (new or the one already stored under its id), or what was wrong with the input.</summary>
internal sealed record InvitationOutcome(Invitation? Invitation, bool Created, IReadOnlyDictionary<string, string[]>? Errors);

/// <summary>
/// Accepts invitations: checks the input, applies the contact policy, then either queues the
/// invitation for a proactive send (the customer has a stored chat) or answers with a signed web
/// chat link for the caller to send by e-mail or SMS.
/// </summary>
internal sealed class InvitationService(
    InvitationStore store,
    ContactBook book,
    ContactPolicy policy,
    SurveyCatalog catalog,
    InvitationSigner signer,
    IOptions<InvitationsOptions> options,
    TimeProvider clock,
    ILogger<InvitationService> logger)
{
    private const int MaxContextEntries = 50;
    private const int MaxValueLength = 500;

    public async Task<InvitationOutcome> CreateAsync(InvitationRequest request, string? idempotencyKey, Uri baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = clock.GetUtcNow();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Fail(string field, string message) => errors[field] = [message];

        var id = idempotencyKey ?? request.Id;
        if (idempotencyKey is not null && request.Id is not null && idempotencyKey != request.Id)
            Fail("id", "The Idempotency-Key header and the id field differ; send one or make them equal.");
        else if (id is not null && !IsId(id))
            Fail("id", "An id is 1-100 characters of letters, digits, '.', '_', ':' or '-'.");
        var customerId = request.CustomerId?.Trim();
        if (string.IsNullOrEmpty(customerId) || customerId.Length > 200 || customerId.Any(char.IsControl))
            Fail("customer_id", "customer_id is required: the company's id for the customer, at most 200 characters.");
        var evt = request.Event?.Trim() ?? "";
        if (!options.Value.IsKnownEvent(evt))
            Fail("event", $"event must be one of {string.Join(", ", InvitationsOptions.BuiltInEvents.Concat(options.Value.Events.Keys).Distinct())}.");
        var surveyId = string.IsNullOrWhiteSpace(request.Survey) ? options.Value.Events.GetValueOrDefault(evt) : request.Survey.Trim();
        if (surveyId is null)
        {
            if (!errors.ContainsKey("event")) Fail("survey", $"survey is required: event '{evt}' has no default survey in Invitations:Events.");
        }
        else if (catalog.Latest(surveyId) is null)
        {
            Fail("survey", $"survey '{surveyId}' is not loaded.");
        }
        if (!SendTime.TryParse(request.SendAt, now, out var sendAt))
            Fail("send_at", "send_at is \"now\", an ISO 8601 instant with its offset (2026-05-01T09:00:00Z), or a delay (\"PT48H\", \"2d\", \"90m\") of at most a year.");
        if (request.Language is { } language && !Languages.Supported.Contains(language))
            Fail("language", $"language must be one of {string.Join(", ", Languages.Supported)}.");
        var context = request.Context ?? [];
        if (context.Count > MaxContextEntries || context.Any(c => !ContactPolicy.IsName(c.Key) && !IsId(c.Key) || c.Value is null || c.Value.Length > MaxValueLength))
            Fail("context", $"context holds at most {MaxContextEntries} attributes named with letters, digits, '.', '_', ':' or '-', each value at most {MaxValueLength} characters.");
        var timeZone = context.GetValueOrDefault("timezone") ?? options.Value.DefaultTimeZone;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
            Fail("context.timezone", $"'{timeZone}' is not a known IANA time zone (e.g. Europe/Bucharest).");
        if (errors.Count > 0) return new InvitationOutcome(null, false, errors);

        // The event and the invitation travel with the answers, for slicing by journey.
        id ??= Guid.CreateVersion7().ToString("N");
        var piped = new Dictionary<string, string>(context, StringComparer.Ordinal) { ["event"] = evt, ["invitation_id"] = id };
        var invitation = new Invitation(id, customerId!, evt, surveyId!, sendAt, sendAt + TimeSpan.FromDays(options.Value.ExpiryDays),
            timeZone, piped, request.Language, InvitationStatus.Scheduled, null, null, now);

        var decision = policy.Decide(invitation, await book.FactsAsync(invitation.CustomerId, cancellationToken), now);
        var queue = false;
        if (decision.Status is InvitationStatus.Refused or InvitationStatus.Expired)
        {
            invitation = invitation with { Status = decision.Status, Why = decision.Why };
        }
        else if (await book.FindReferenceAsync(invitation.CustomerId, cancellationToken) is null)
        {
            // No chat to continue: the caller sends the link; it stays valid until the invitation expires.
            var token = signer.Sign(new SurveyInvitation(invitation.SurveyId, invitation.CustomerId, piped, invitation.Language), invitation.ExpiresAt - now);
            var root = string.IsNullOrEmpty(options.Value.PublicBaseUrl) ? baseUrl : new Uri(options.Value.PublicBaseUrl);
            invitation = invitation with { Status = InvitationStatus.Link, Link = new Uri(root, "/?invite=" + Uri.EscapeDataString(token)).ToString() };
        }
        else
        {
            invitation = invitation with { Status = decision.Status, Why = decision.Why, SendAt = decision.SendAt ?? sendAt };
            queue = true;
        }

        if (await store.AddAsync(invitation, queue, cancellationToken) is { } existing) return new InvitationOutcome(existing, false, null);
        logger.InvitationAccepted(invitation.Id, invitation.Event, invitation.SurveyId, invitation.Status);
        if (invitation.Why is not null) logger.InvitationHeld(invitation.Id, invitation.Status, invitation.Why);
        return new InvitationOutcome(invitation, true, null);
    }

    public Task<Invitation?> FindAsync(string id, CancellationToken cancellationToken) => store.FindAsync(id, cancellationToken);

    private static bool IsId(string value) =>
        value.Length is > 0 and <= 100 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-');
}
