using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CxBot.Testing;

namespace CxBot.Host.Tests.Invitations;

/// <summary>Hosts whose one reminder follows two seconds after an invitation is sent.</summary>
public sealed class RemindersFixture(RedisServer redis)
    : InvitationsHosts(redis, new Dictionary<string, string?> { ["Invitations:ReminderAfter"] = "00:00:02" });

public sealed class ReminderTests(RemindersFixture host) : IClassFixture<RemindersFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(string CustomerId, string ConversationId, string InvitationId)> InvitedAsync()
    {
        var (customerId, conversationId) = await host.InstallAsync(host.Http, Ct);
        var (_, body) = await InvitationsHosts.InviteAsync(host.Http, new JsonObject
        {
            ["customer_id"] = customerId,
            ["event"] = "support_ticket_closed",
            ["context"] = new JsonObject { ["agent"] = "Ioana" },
        }, Ct);
        var id = body["id"]!.GetValue<string>();
        Assert.True(await InvitationsHosts.EventuallyAsync(() => Task.FromResult(host.Channel.Received(conversationId).Count == 1), Ct));
        return (customerId, conversationId, id);
    }

    private async Task<string?> ReminderAsync(string id) =>
        (await host.Http.GetFromJsonAsync<JsonObject>($"/api/invitations/{id}", Ct))!["reminder"]?.GetValue<string>();

    [Fact]
    public async Task A_customer_who_has_not_answered_gets_one_reminder_of_the_open_question()
    {
        var (_, conversationId, id) = await InvitedAsync();

        Assert.True(await InvitationsHosts.EventuallyAsync(async () => await ReminderAsync(id) is not null, Ct));

        Assert.Equal("sent", await ReminderAsync(id));
        var received = host.Channel.Received(conversationId);
        Assert.Equal(2, received.Count);
        Assert.NotEqual(new Infrastructure.Reply(received[0]).Text, new Infrastructure.Reply(received[1]).Text);
    }

    [Fact]
    public async Task A_customer_who_answered_gets_no_reminder()
    {
        var (customerId, conversationId, id) = await InvitedAsync();
        await host.SayAsync(host.Http, customerId, conversationId, "4", Ct);

        Assert.True(await InvitationsHosts.EventuallyAsync(async () => await ReminderAsync(id) is not null, Ct));

        Assert.Equal("answered", await ReminderAsync(id));
        Assert.Equal(2, host.Channel.Received(conversationId).Count); // the invitation and the reply to "4"
    }
}
