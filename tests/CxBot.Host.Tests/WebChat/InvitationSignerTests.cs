using CxBot.Host.Bot;
using CxBot.Host.DirectLine;
using CxBot.Host.WebChat;

namespace CxBot.Host.Tests.WebChat;

public sealed class InvitationSignerTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private readonly ManualClock _clock = new() { Now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero) };

    private InvitationSigner Signer(byte[]? key = null) => new(new TokenSigner(key ?? Key, _clock), TimeSpan.FromDays(14));

    private static SurveyInvitation Invitation() =>
        new("support-ticket", "c-77", new Dictionary<string, string> { ["ticket_id"] = "T-9", ["agent"] = "Maria" }, "pl");

    [Fact]
    public void A_signed_link_names_its_survey_customer_context_and_language()
    {
        var check = Signer().Verify(Signer().Sign(Invitation(), TimeSpan.FromDays(3)));
        Assert.Equal(TokenStatus.Valid, check.Status);
        Assert.Equal("support-ticket", check.Invitation!.SurveyId);
        Assert.Equal("c-77", check.Invitation.CustomerId);
        Assert.Equal("Maria", check.Invitation.Context!["agent"]);
        Assert.Equal("T-9", check.Invitation.Context["ticket_id"]);
        Assert.Equal("pl", check.Invitation.Language);
    }

    [Fact]
    public void A_link_without_a_lifetime_lasts_the_configured_days()
    {
        var link = Signer().Sign(Invitation());
        _clock.Now += TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1);
        Assert.Equal(TokenStatus.Valid, Signer().Verify(link).Status);
        _clock.Now += TimeSpan.FromMinutes(2);
        Assert.Equal(TokenStatus.Expired, Signer().Verify(link).Status);
    }

    [Fact]
    public void A_link_past_its_lifetime_is_expired_but_still_says_what_it_was_for()
    {
        var link = Signer().Sign(Invitation(), TimeSpan.FromDays(3));
        _clock.Now += TimeSpan.FromDays(3) + TimeSpan.FromSeconds(1);
        var check = Signer().Verify(link);
        Assert.Equal(TokenStatus.Expired, check.Status);
        Assert.Equal("support-ticket", check.Invitation!.SurveyId);
    }

    [Fact]
    public void A_link_with_a_changed_payload_or_another_key_is_invalid()
    {
        var link = Signer().Sign(Invitation(), TimeSpan.FromDays(3));
        var parts = link.Split('.');
        var payload = System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]);
        var changed = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(payload).Replace("c-77", "c-78", StringComparison.Ordinal));
        var tampered = $"{parts[0]}.{System.Buffers.Text.Base64Url.EncodeToString(changed)}.{parts[2]}";
        Assert.Equal(TokenStatus.Invalid, Signer().Verify(tampered).Status);
        Assert.Equal(TokenStatus.Invalid, Signer([.. Enumerable.Repeat((byte)7, 32)]).Verify(link).Status);
        Assert.Equal(TokenStatus.Invalid, Signer().Verify("not.a.token").Status);
        Assert.Equal(TokenStatus.Invalid, Signer().Verify(null).Status);
    }

    [Fact]
    public void A_direct_line_token_is_not_accepted_as_a_survey_link_nor_the_reverse()
    {
        var signer = new TokenSigner(Key, _clock);
        var tokens = new DirectLineTokens(signer, TimeSpan.FromMinutes(30));
        Assert.Equal(TokenStatus.Invalid, new InvitationSigner(signer, TimeSpan.FromDays(14)).Verify(tokens.Issue("conv1", "dl_1")).Status);
        Assert.Null(tokens.Read(new InvitationSigner(signer, TimeSpan.FromDays(14)).Sign(Invitation(), TimeSpan.FromDays(1)), out var status));
        Assert.Equal(TokenStatus.Invalid, status);
    }
}

internal sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}
