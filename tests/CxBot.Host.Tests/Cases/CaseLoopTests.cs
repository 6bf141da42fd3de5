using System.Globalization;
using System.Net;
using CxBot.Host.Invitations;
using CxBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Host.Tests.Cases;

/// <summary>
/// Closing the loop through the real host: a survey answered on a channel becomes a case, the analyst's message
/// reaches the customer's conversation through the bot, and the customer's reply lands in the case.
/// </summary>
public sealed class CaseLoopTests(RedisServer redis)
{
    private const string CaseOfCustomer = "select id from cases where customer_id = $1";

    [Fact]
    public async Task A_detractor_who_asks_for_a_call_gets_a_message_through_the_bot_and_their_reply_lands_in_the_case()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CaseLoopHost.StartAsync(redis, ct);
        var chat = host.NewChat("telegram", "en-US");
        await chat.SendAsync("hi", ct);
        await chat.SendAsync("2", ct);
        await chat.SendAsync("The parcel came a week late, please call me", ct);
        await chat.SendAsync("1", ct);
        await chat.SendAsync("2", ct);
        var customer = $"telegram:{chat.UserId}";

        // Stream → pipeline → PostgreSQL → scanner → case, all in the background.
        var id = long.Parse(await host.WaitForAsync(CaseOfCustomer, ct, customer), CultureInfo.InvariantCulture);
        Assert.Equal("detractor,low_csat,wants_contact", await host.ScalarAsync("select array_to_string(reasons, ',') from cases where id = $1", ct, id));
        Assert.Equal("True", await host.ScalarAsync("select urgent from cases where id = $1", ct, id));

        using var analyst = await host.SignedInAsync("ana", ct);
        var page = await analyst.GetStringAsync($"/workspace/cases/{id}", ct);
        Assert.Contains("The parcel came a week late, please call me", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await CaseLoopHost.PostCaseAsync(analyst, id, "assign", ct, ("owner", "me"))).StatusCode);

        var before = host.Channel.Received(chat.ConversationId).Count;
        const string Message = "We are sorry about the parcel. May we call you tomorrow at 10?";
        using var sent = await CaseLoopHost.PostCaseAsync(analyst, id, "message", ct, ("text", Message));
        Assert.Equal($"/workspace/cases/{id}?lang=en", sent.Headers.Location!.OriginalString);
        var delivered = host.Channel.Received(chat.ConversationId);
        Assert.Equal(before + 1, delivered.Count);
        Assert.Equal(Message, delivered[^1]["text"]!.GetValue<string>());
        Assert.Equal("waiting", await host.ScalarAsync("select status from cases where id = $1 and first_contact_at is not null", ct, id));

        var ack = await chat.SendAsync("Yes, 10 is fine, my number is +44 20 7946 0958", ct);
        Assert.Equal(CaseLoopHost.ReplyAcknowledgement("en"), ack.Text);
        var reply = await host.WaitForAsync("select text from case_events where case_id = $1 and kind = 'reply'", ct, id);
        Assert.StartsWith("Yes, 10 is fine, my number is [phone]", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("7946", reply, StringComparison.Ordinal);
        Assert.Equal("in_progress", await host.ScalarAsync("select status from cases where id = $1", ct, id));
        // The reply was not a survey turn: one response in this conversation.
        Assert.Equal("1", await host.ScalarAsync("select count(*) from responses where conversation_id = $1", ct, chat.ConversationId));
        Assert.Contains("Yes, 10 is fine, my number is [phone]", await analyst.GetStringAsync($"/workspace/cases/{id}", ct), StringComparison.Ordinal);

        using var resolved = await CaseLoopHost.PostCaseAsync(analyst, id, "resolve", ct, ("outcome", "retained"));
        Assert.Equal(HttpStatusCode.Redirect, resolved.StatusCode);
        Assert.Equal("resolved retained", await host.ScalarAsync("select status || ' ' || outcome from cases where id = $1", ct, id));
        Assert.Equal("opened,assigned,message,reply,resolved", await host.ScalarAsync("select string_agg(kind, ',' order by id) from case_events where case_id = $1", ct, id));
        Assert.Contains("data-outcome=\"retained\">1<", await analyst.GetStringAsync("/workspace/cases", ct), StringComparison.Ordinal);

        // The thread closed with the case: the customer's next message is the bot's again, not a reply.
        var next = await chat.SendAsync("hello again", ct);
        Assert.NotEqual(CaseLoopHost.ReplyAcknowledgement("en"), next.Text);
        Assert.Equal("1", await host.ScalarAsync("select count(*) from case_events where case_id = $1 and kind = 'reply'", ct, id));
    }

    [Fact]
    public async Task A_customer_who_opted_out_is_not_messaged_and_the_page_says_why()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CaseLoopHost.StartAsync(redis, ct);
        var chat = host.NewChat("telegram", "en-US");
        await chat.SendAsync("hi", ct);
        await chat.SendAsync("0", ct);
        var customer = $"telegram:{chat.UserId}";
        var id = long.Parse(await host.WaitForAsync(CaseOfCustomer, ct, customer), CultureInfo.InvariantCulture);
        await host.App.Services.GetRequiredService<ContactBook>().OptOutAsync(customer, ct);
        using var analyst = await host.SignedInAsync("ana", ct);
        var before = host.Channel.Received(chat.ConversationId).Count;

        using var refused = await CaseLoopHost.PostCaseAsync(analyst, id, "message", ct, ("text", "Can we call you?"));

        Assert.EndsWith("error=opted_out", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("the customer asked not to be contacted", await analyst.GetStringAsync(refused.Headers.Location.OriginalString, ct), StringComparison.Ordinal);
        Assert.Equal(before, host.Channel.Received(chat.ConversationId).Count);
        Assert.Equal("open", await host.ScalarAsync("select status from cases where id = $1", ct, id));
        Assert.Equal("refused:opted_out", await host.ScalarAsync("select detail from case_events where case_id = $1 and kind = 'message'", ct, id));
        Assert.Equal("1", await host.ScalarAsync("select count(*) from workspace_audit where action = 'case.message.refused' and user_name = 'ana'", ct));
    }

    [Fact]
    public async Task A_reply_while_postgresql_is_down_is_acknowledged_kept_in_redis_and_stored_when_it_is_back()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CaseLoopHost.StartAsync(redis, ct);
        var chat = host.NewChat("telegram", "ru-RU");
        await chat.SendAsync("привет", ct);
        await chat.SendAsync("1", ct);
        var id = long.Parse(await host.WaitForAsync(CaseOfCustomer, ct, $"telegram:{chat.UserId}"), CultureInfo.InvariantCulture);
        using var analyst = await host.SignedInAsync("ana", ct);
        using var sent = await CaseLoopHost.PostCaseAsync(analyst, id, "message", ct, ("text", "Можно вам позвонить?"));
        Assert.DoesNotContain("error=", sent.Headers.Location!.OriginalString, StringComparison.Ordinal);

        await host.Postgres.StopAsync(ct);
        var ack = await chat.SendAsync("Да, после обеда", ct);
        Assert.Equal(CaseLoopHost.ReplyAcknowledgement("ru"), ack.Text);
        await host.Postgres.StartAsync(ct);

        Assert.Equal("Да, после обеда", await host.WaitForAsync("select text from case_events where case_id = $1 and kind = 'reply'", ct, id));
        Assert.Equal("1", await host.ScalarAsync("select count(*) from case_events where case_id = $1 and kind = 'reply'", ct, id));
    }
}
