using CxBot.Responses.Metrics;
using CxBot.Responses.Query;
using CxBot.Workspace.Database;
using Microsoft.AspNetCore.Http;

namespace CxBot.Workspace.Pages;

/// <summary>
/// The overview's filters, read from the query string; unknown values fall back to the defaults. <see cref="Attribute"/>
/// and <see cref="AttributeValue"/> (<c>attr</c>, <c>value</c>) filter by one invitation context attribute; they apply
/// only as a pair, and only once <see cref="WithKnownAttribute"/> has checked the name against the data.
/// </summary>
internal sealed record OverviewFilter(
    int Days, string? Survey, string? Channel, string? Language, string? Touchpoint, string? Attribute = null, string? AttributeValue = null)
{
    /// <summary>Invitations accept context values up to this length, so any stored value can be filtered on and a longer one cannot match.</summary>
    public const int MaxValueLength = 500;

    public const int MaxNameLength = 100;

    public static IReadOnlyList<int> Periods { get; } = [7, 30, 90, 365];

    public bool HasAttribute => Attribute is not null && AttributeValue is not null;

    public static OverviewFilter From(IQueryCollection query)
    {
        static string? Text(IQueryCollection q, string name) => q.TryGetValue(name, out var v) && v.ToString().Length > 0 ? v.ToString() : null;
        var days = int.TryParse(Text(query, "days"), System.Globalization.CultureInfo.InvariantCulture, out var d) && Periods.Contains(d) ? d : 90;
        var attribute = Text(query, "attr") is { Length: <= MaxNameLength } a ? a : null;
        var value = Text(query, "value") is { Length: <= MaxValueLength } v2 ? v2.Trim() : null;
        return new OverviewFilter(days, Text(query, "survey"), Text(query, "channel"), Text(query, "language"), Text(query, "touchpoint"),
            attribute, attribute is null || string.IsNullOrEmpty(value) ? null : value);
    }

    /// <summary>This filter without an attribute name the data does not hold: a mistyped or stale link filters by the rest.</summary>
    public OverviewFilter WithKnownAttribute(IReadOnlyList<string> names) =>
        Attribute is null || names.Contains(Attribute, StringComparer.Ordinal) ? this : this with { Attribute = null, AttributeValue = null };

    public OverviewFilter WithoutAttribute() => this with { Attribute = null, AttributeValue = null };

    public MetricFilter ToMetricFilter(DateTimeOffset from, DateTimeOffset to) =>
        new(from, to, Survey, Channel: Channel, Language: Language, Journey: Touchpoint,
            ContextKey: HasAttribute ? Attribute : null, ContextValue: HasAttribute ? AttributeValue : null);

    public ResponseFilter ToResponseFilter(DateTimeOffset from, DateTimeOffset to) =>
        new(from, to, Survey, Channel, Language, Journey: Touchpoint,
            ContextKey: HasAttribute ? Attribute : null, ContextValue: HasAttribute ? AttributeValue : null);

    /// <summary>The filters as a query string (not HTML-encoded), so every link that carries them carries all of them.</summary>
    public string ToQuery()
    {
        var parts = new List<string> { "days=" + Days.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        void Add(string name, string? value)
        {
            if (value is not null) parts.Add(name + "=" + Uri.EscapeDataString(value));
        }

        Add("survey", Survey);
        Add("channel", Channel);
        Add("language", Language);
        Add("touchpoint", Touchpoint);
        Add("attr", Attribute);
        Add("value", AttributeValue);
        return string.Join('&', parts);
    }
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
        var choices = await store.ChoicesAsync(filter.Attribute, cancellationToken);
        filter = filter.WithKnownAttribute(choices.Attributes);

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
                filter.ToResponseFilter(from, to), cursor, CommentPageSize, cancellationToken);
            comments.AddRange(page.Items.Where(r => !string.IsNullOrWhiteSpace(r.Text)).Take(CommentCount - comments.Count));
            if ((cursor = page.NextCursor) is null) break;
        }

        var notes = await store.NotesAsync(from, to, cancellationToken);
        return new OverviewModel(filter, from, to, panels, comments, notes, choices);
    }
}
