using CxBot.Responses.Metrics;
using CxBot.Responses.Query;
using CxBot.Workspace.Database;
using Microsoft.AspNetCore.Http;

namespace CxBot.Workspace.Pages;

/// <summary>The overview's filters, read from the query string; unknown values fall back to the defaults.</summary>
internal sealed record OverviewFilter(int Days, string? Survey, string? Channel, string? Language, string? Touchpoint)
{
    public static IReadOnlyList<int> Periods { get; } = [7, 30, 90, 365];

    public static OverviewFilter From(IQueryCollection query)
    {
        static string? Text(IQueryCollection q, string name) => q.TryGetValue(name, out var v) && v.ToString().Length > 0 ? v.ToString() : null;
        var days = int.TryParse(Text(query, "days"), System.Globalization.CultureInfo.InvariantCulture, out var d) && Periods.Contains(d) ? d : 90;
        return new OverviewFilter(days, Text(query, "survey"), Text(query, "channel"), Text(query, "language"), Text(query, "touchpoint"));
    }

    public MetricFilter ToMetricFilter(DateTimeOffset from, DateTimeOffset to) =>
        new(from, to, Survey, Channel: Channel, Language: Language, Journey: Touchpoint);
}

/// <summary>One metric on the overview: now, over time, and the change from the previous period of the same length.</summary>
internal sealed record MetricPanel(MetricKind Kind, MetricRow? Now, IReadOnlyList<MetricRow> Weekly, Difference? Change);

internal sealed record OverviewModel(
    OverviewFilter Filter,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<MetricPanel> Metrics,
    IReadOnlyList<ResponseSummary> Comments,
    IReadOnlyList<ChartNote> Notes,
    FilterChoices Choices);

/// <summary>Reads what the overview shows from the response store.</summary>
internal sealed class OverviewQueries(MetricsQueries metrics, ResponseQueries responses, WorkspaceStore store, TimeProvider time)
{
    private const int CommentCount = 10;
    private const int CommentPageSize = 200;
    private const int CommentPages = 5;

    public async Task<OverviewModel> LoadAsync(OverviewFilter filter, CancellationToken cancellationToken)
    {
        // The period ends at the next midnight so that a page reloaded during the day shows the same buckets.
        var to = new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        var from = to.AddDays(-filter.Days);
        var current = filter.ToMetricFilter(from, to);
        var previous = filter.ToMetricFilter(from.AddDays(-filter.Days), from);
        var panels = new List<MetricPanel>();
        foreach (var kind in new[] { MetricKind.Nps, MetricKind.Csat, MetricKind.Ces })
        {
            var now = (await metrics.QueryAsync(kind, current, null, null, cancellationToken)).FirstOrDefault();
            var weekly = await metrics.QueryAsync(kind, current, "week", null, cancellationToken);
            var change = (await metrics.CompareAsync(kind, previous, current, null, cancellationToken)).FirstOrDefault()?.Score;
            panels.Add(new MetricPanel(kind, now, weekly, change));
        }

        // Most responses carry no text: read a few pages, newest first, rather than scan the whole period.
        var comments = new List<ResponseSummary>();
        string? cursor = null;
        for (var pages = 0; pages < CommentPages && comments.Count < CommentCount; pages++)
        {
            var page = await responses.ListAsync(
                new ResponseFilter(from, to, filter.Survey, filter.Channel, filter.Language), cursor, CommentPageSize, cancellationToken);
            comments.AddRange(page.Items.Where(r => !string.IsNullOrWhiteSpace(r.Text)).Take(CommentCount - comments.Count));
            if ((cursor = page.NextCursor) is null) break;
        }

        var notes = await store.NotesAsync(from, to, cancellationToken);
        return new OverviewModel(filter, from, to, panels, comments, notes, await store.ChoicesAsync(cancellationToken));
    }
}
