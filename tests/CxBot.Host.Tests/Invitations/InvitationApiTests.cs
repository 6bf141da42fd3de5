using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CxBot.Host.Invitations;
using CxBot.Host.Tests.Infrastructure;
using CxBot.Host.WebChat;
using CxBot.Responses.Privacy;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Host.Tests.Invitations;

public sealed class InvitationApiTests(InvitationsFixture host) : IClassFixture<InvitationsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject Body(string customerId, string evt = "purchase", string? sendAt = "now", JsonObject? context = null) => new()
    {
        ["customer_id"] = customerId,
        ["event"] = evt,
        ["send_at"] = sendAt,
        ["context"] = context ?? new JsonObject(),
    };

    [Fact]
    public async Task An_invitation_reaches_the_customers_Teams_chat_and_their_answers_keep_its_context()
    {
        var (customerId, conversationId) = await host.InstallAsync(host.Http, Ct);

        var (status, body) = await InvitationsHosts.InviteAsync(host.Http, Body(customerId, context: new JsonObject { ["order_id"] = "A-4471", ["product"] = "kettle" }), Ct);

        Assert.Equal(201, status);
        Assert.Equal("scheduled", body["status"]!.GetValue<string>());
        var id = body["id"]!.GetValue<string>();
        Assert.True(await InvitationsHosts.EventuallyAsync(async () => await InvitationsHosts.StatusAsync(host.Http, id, Ct) == "sent", Ct),
            "the proactive survey was never sent");
        var first = Assert.Single(host.Channel.Received(conversationId));
        Assert.Contains("A-4471", new Reply(first).Text, StringComparison.Ordinal);

        await host.SayAsync(host.Http, customerId, conversationId, "9", Ct);

        var answers = await host.RecordedAsync(conversationId, Ct);
        var nps = Assert.Single(answers, a => a.QuestionId == "nps");
        Assert.Equal("9", nps.ValueJson);
        Assert.Equal(customerId, nps.CustomerId);
        Assert.Equal("A-4471", nps.Context!["order_id"]);
        Assert.Equal("kettle", nps.Context["product"]);
        Assert.Equal("purchase", nps.Context["event"]);
    }

    [Fact]
    public async Task An_invitation_for_later_waits_in_Redis_until_it_is_due()
    {
        var (customerId, conversationId) = await host.InstallAsync(host.Http, Ct);
        var requested = DateTimeOffset.UtcNow.AddSeconds(2);

        var (_, body) = await InvitationsHosts.InviteAsync(host.Http,
            Body(customerId, sendAt: requested.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture)), Ct);

        Assert.Equal("scheduled", body["status"]!.GetValue<string>());
        var id = body["id"]!.GetValue<string>();
        Assert.True(await InvitationsHosts.EventuallyAsync(async () => await InvitationsHosts.StatusAsync(host.Http, id, Ct) == "sent", Ct));
        Assert.Single(host.Channel.Received(conversationId));
        var view = await host.Http.GetFromJsonAsync<JsonObject>($"/api/invitations/{id}", Ct);
        Assert.True(DateTimeOffset.Parse(view!["sent_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) >= requested.AddMilliseconds(-1));
    }

    [Fact]
    public async Task A_second_invitation_within_the_contact_period_is_refused_with_the_reason()
    {
        var (customerId, conversationId) = await host.InstallAsync(host.Http, Ct);
        var (_, first) = await InvitationsHosts.InviteAsync(host.Http, Body(customerId), Ct);
        Assert.True(await InvitationsHosts.EventuallyAsync(async () =>
            await InvitationsHosts.StatusAsync(host.Http, first["id"]!.GetValue<string>(), Ct) == "sent", Ct));

        var (status, second) = await InvitationsHosts.InviteAsync(host.Http, Body(customerId, "support_ticket_closed"), Ct);

        Assert.Equal(201, status);
        Assert.Equal("refused", second["status"]!.GetValue<string>());
        Assert.StartsWith("contacted_recently", second["why"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(host.Channel.Received(conversationId));
    }

    [Fact]
    public async Task Two_hosts_sharing_Redis_send_each_invitation_once()
    {
        var customers = new List<(string CustomerId, string ConversationId, string InvitationId)>();
        for (var i = 0; i < 12; i++)
        {
            var (customerId, conversationId) = await host.InstallAsync(i % 2 == 0 ? host.Http : host.SecondHttp, Ct);
            var (_, body) = await InvitationsHosts.InviteAsync(i % 2 == 0 ? host.SecondHttp : host.Http, Body(customerId), Ct);
            customers.Add((customerId, conversationId, body["id"]!.GetValue<string>()));
        }

        Assert.True(await InvitationsHosts.EventuallyAsync(async () =>
        {
            foreach (var c in customers)
                if (await InvitationsHosts.StatusAsync(host.Http, c.InvitationId, Ct) != "sent") return false;
            return true;
        }, Ct), "not every invitation was sent");
        Assert.All(customers, c => Assert.Single(host.Channel.Received(c.ConversationId)));
    }

    [Fact]
    public async Task A_customer_who_said_stop_is_not_invited_again()
    {
        var chat = new CustomerChat(new HttpClient { BaseAddress = host.App.BaseAddress }, host.Channel);
        await chat.SendAsync("hello", Ct);
        await chat.SendAsync("stop", Ct);

        var (_, body) = await InvitationsHosts.InviteAsync(host.Http, Body("webchat:" + chat.UserId), Ct);

        Assert.Equal("refused", body["status"]!.GetValue<string>());
        Assert.StartsWith("opted_out", body["why"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_customer_who_first_wrote_in_a_chat_can_be_reached_there_later()
    {
        var chat = new CustomerChat(new HttpClient { BaseAddress = host.App.BaseAddress }, host.Channel);
        await chat.SendAsync("hello", Ct);

        var reference = await host.App.Services.GetRequiredService<ContactBook>().FindReferenceAsync("webchat:" + chat.UserId, Ct);

        Assert.NotNull(reference);
        Assert.Equal(chat.ConversationId, reference.Conversation.Id);
        Assert.Equal(host.Channel.ServiceUrl, reference.ServiceUrl);
    }

    [Fact]
    public async Task Late_evening_in_the_customers_time_zone_postpones_the_send_to_the_morning()
    {
        var (customerId, conversationId) = await host.InstallAsync(host.Http, Ct);
        var zone = InvitationsHosts.ZoneAtLocalHour(23);

        var (_, body) = await InvitationsHosts.InviteAsync(host.Http, Body(customerId, context: new JsonObject { ["timezone"] = zone }), Ct);

        Assert.Equal("postponed", body["status"]!.GetValue<string>());
        Assert.StartsWith("quiet_hours", body["why"]!.GetValue<string>(), StringComparison.Ordinal);
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(body["send_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            TimeZoneInfo.FindSystemTimeZoneById(zone));
        Assert.Equal(8, local.Hour);
        Assert.Empty(host.Channel.Received(conversationId));
    }

    [Fact]
    public async Task Without_a_stored_chat_the_answer_is_a_signed_link_that_opens_the_survey()
    {
        var customerId = "crm-" + Guid.NewGuid().ToString("N")[..10];

        var (status, body) = await InvitationsHosts.InviteAsync(host.Http,
            Body(customerId, "onboarding_completed", "2d", new JsonObject { ["plan"] = "pro" }), Ct);

        Assert.Equal(201, status);
        Assert.Equal("link", body["status"]!.GetValue<string>());
        var link = new Uri(body["link"]!.GetValue<string>());
        var token = Uri.UnescapeDataString(link.Query["?invite=".Length..]);
        var check = host.App.Services.GetRequiredService<InvitationSigner>().Verify(token);
        Assert.Equal("onboarding", check.Invitation!.SurveyId);
        Assert.Equal(customerId, check.Invitation.CustomerId);
        Assert.Equal("pro", check.Invitation.Context!["plan"]);
        using var anonymous = new HttpClient();
        using var page = await anonymous.GetAsync(new Uri(host.App.BaseAddress, link.PathAndQuery), Ct);
        Assert.Equal(200, (int)page.StatusCode);
    }

    [Fact]
    public async Task A_team_defined_event_starts_its_configured_survey()
    {
        var (status, body) = await InvitationsHosts.InviteAsync(host.Http, Body("crm-" + Guid.NewGuid().ToString("N")[..8], "contract_renewed"), Ct);

        Assert.Equal(201, status);
        Assert.Equal("onboarding", body["survey"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_first_invitation()
    {
        var key = "order-" + Guid.NewGuid().ToString("N");
        var (firstStatus, first) = await InvitationsHosts.InviteAsync(host.Http, Body("crm-" + Guid.NewGuid().ToString("N")[..8]), Ct, key);
        var (againStatus, again) = await InvitationsHosts.InviteAsync(host.SecondHttp, Body("crm-someone-else"), Ct, key);

        Assert.Equal(201, firstStatus);
        Assert.Equal(200, againStatus);
        Assert.Equal(key, again["id"]!.GetValue<string>());
        Assert.Equal(first["link"]!.GetValue<string>(), again["link"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_input_is_a_problem_naming_each_wrong_field()
    {
        var (status, body) = await InvitationsHosts.InviteAsync(host.Http, new JsonObject
        {
            ["event"] = "birthday",
            ["send_at"] = "next tuesday",
            ["context"] = new JsonObject { ["timezone"] = "Mars/Olympus" },
        }, Ct);

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", body["_contentType"]!.GetValue<string>());
        var errors = body["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("customer_id"));
        Assert.True(errors.ContainsKey("event"));
        Assert.True(errors.ContainsKey("send_at"));
        Assert.True(errors.ContainsKey("context.timezone"));
    }

    [Fact]
    public async Task Without_an_api_key_the_api_refuses()
    {
        using var anonymous = new HttpClient { BaseAddress = host.App.BaseAddress };
        var (status, _) = await InvitationsHosts.InviteAsync(anonymous, Body("crm-1"), Ct);
        Assert.Equal(401, status);
    }

    [Fact]
    public async Task Erasing_a_customer_forgets_their_chat_and_invitations()
    {
        var (customerId, _) = await host.InstallAsync(host.Http, Ct);
        var (_, body) = await InvitationsHosts.InviteAsync(host.Http, Body(customerId, sendAt: "2d"), Ct);
        var eraser = host.App.Services.GetServices<ICustomerDataEraser>().Single(e => e.Name == "invitations");

        var erased = await eraser.EraseAsync(new CustomerFootprint(customerId, [], []), Ct);

        Assert.True(erased >= 2);
        Assert.Null(await host.App.Services.GetRequiredService<ContactBook>().FindReferenceAsync(customerId, Ct));
        using var response = await host.Http.GetAsync($"/api/invitations/{body["id"]!.GetValue<string>()}", Ct);
        Assert.Equal(404, (int)response.StatusCode);
    }
}
