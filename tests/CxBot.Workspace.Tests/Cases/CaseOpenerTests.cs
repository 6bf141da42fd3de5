using CxBot.Testing;
using CxBot.Workspace.Tests.Infrastructure;
using Npgsql;

namespace CxBot.Workspace.Tests.Cases;

/// <summary>The case opener over hand-made rows in a real PostgreSQL: the right cases, once, however often or wherever it runs.</summary>
public sealed class CaseOpenerTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task Rules_open_one_case_per_matching_response_with_its_reasons_and_a_second_scan_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        await CaseData.SeedAsync(app.Data, "r-detractor", ct, customer: "crm-1", nps: 3);
        await CaseData.SeedAsync(app.Data, "r-promoter", ct, customer: "crm-2", nps: 9, csat: 5);
        await CaseData.SeedAsync(app.Data, "r-call-me", ct, customer: "crm-3", csat: 1, text: "call me please", wantsContact: true);
        await CaseData.SeedAsync(app.Data, "r-leaving", ct, customer: "crm-4", nps: 8, text: "I will switch", churn: true);
        await CaseData.SeedAsync(app.Data, "r-anonymous", ct, nps: 1);
        var alerts = await TableAlertOutbox.CreateAsync(app.Data, ct);
        var opener = CaseData.Opener(app, CaseData.ShippedOptions(), alerts);

        Assert.Equal(4, await opener.ScanAsync(ct));
        Assert.Equal(0, await opener.ScanAsync(ct));

        Assert.Equal(4, await app.CountAsync("select count(*) from cases", ct));
        Assert.Equal("detractor", await CaseData.TextAsync(app.Data, "select array_to_string(reasons, ',') from cases where response_id = 'r-detractor'", ct));
        Assert.Equal("low_csat,wants_contact", await CaseData.TextAsync(app.Data, "select array_to_string(reasons, ',') from cases where response_id = 'r-call-me'", ct));
        Assert.Equal("churn_risk", await CaseData.TextAsync(app.Data, "select array_to_string(reasons, ',') from cases where response_id = 'r-leaving'", ct));
        Assert.Equal(0, await app.CountAsync("select count(*) from cases where response_id = 'r-promoter'", ct));
        Assert.Equal(2, await app.CountAsync("select count(*) from cases where urgent", ct));
        Assert.Equal(1, await app.CountAsync("select count(*) from cases where response_id = 'r-anonymous' and customer_id is null and not urgent", ct));
        Assert.Equal(1, await app.CountAsync(
            "select count(*) from cases where response_id = 'r-call-me' and due_at between opened_at + interval '23 hours 59 minutes' and opened_at + interval '24 hours 1 minute'", ct));
        Assert.Equal(4, await app.CountAsync("select count(*) from case_events where kind = 'opened' and actor = 'cxbot'", ct));
        Assert.Equal(4, await app.CountAsync("select count(*) from workspace_audit where action = 'case.open' and role = 'system' and after ->> 'status' = 'open'", ct));
        // Only urgent cases alert, each once, in the transaction that opened it.
        Assert.Equal(2, await app.CountAsync("select count(*) from test_alerts a join cases c on c.id = a.case_id and c.urgent", ct));
    }

    [Fact]
    public async Task Two_scanners_at_once_open_one_case_per_response()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        for (var i = 0; i < 60; i++)
        {
            await CaseData.SeedAsync(app.Data, $"r{i:00}", ct, customer: $"crm-{i}", nps: i % 7, text: i % 3 == 0 ? "call me" : null, wantsContact: i % 3 == 0);
        }

        // Two hosts: two openers, each with a connection pool of its own.
        var connection = new NpgsqlConnectionStringBuilder(app.Data.ConnectionString) { ApplicationName = "second-host" }.ConnectionString;
        await using var secondPool = NpgsqlDataSource.Create(connection);
        var alerts = await TableAlertOutbox.CreateAsync(app.Data, ct);
        var first = CaseData.Opener(app, CaseData.ShippedOptions(), alerts);
        var second = CaseData.Opener(app, CaseData.ShippedOptions(), alerts, secondPool);

        var opened = await Task.WhenAll(first.ScanAsync(ct), second.ScanAsync(ct), first.ScanAsync(ct), second.ScanAsync(ct));

        Assert.Equal(60, opened.Sum());
        Assert.Equal(60, await app.CountAsync("select count(*) from cases", ct));
        Assert.Equal(60, await app.CountAsync("select count(*) from case_events where kind = 'opened'", ct));
        Assert.Equal(60, await app.CountAsync("select count(*) from workspace_audit where action = 'case.open'", ct));
        Assert.Equal(20, await app.CountAsync("select count(*) from test_alerts", ct));
    }

    [Fact]
    public async Task A_reason_found_after_the_case_opened_is_added_once_and_makes_it_urgent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await WorkspaceApp.StartAsync(redis, postgres, ct);
        var alerts = await TableAlertOutbox.CreateAsync(app.Data, ct);
        var opener = CaseData.Opener(app, CaseData.ShippedOptions(), alerts);
        await CaseData.SeedAsync(app.Data, "r-late", ct, customer: "crm-9", nps: 5);
        Assert.Equal(1, await opener.ScanAsync(ct));

        // The open-text answer and its analysis are stored later than the score.
        await CaseData.SeedAsync(app.Data, "r-late", ct, customer: "crm-9", text: "please phone me", wantsContact: true);
        Assert.Equal(1, await opener.ScanAsync(ct));
        Assert.Equal(0, await opener.ScanAsync(ct));

        Assert.Equal("detractor,wants_contact", await CaseData.TextAsync(app.Data, "select array_to_string(reasons, ',') from cases", ct));
        Assert.Equal(1, await app.CountAsync("select count(*) from cases where urgent", ct));
        Assert.Equal(1, await app.CountAsync("select count(*) from case_events where kind = 'reasons'", ct));
        Assert.Equal(1, await app.CountAsync("select count(*) from test_alerts", ct));
    }
}
