using System.Globalization;
using System.Text;
using CxBot.Workspace.Pages;

namespace CxBot.Workspace.Alerts;

/// <summary>/workspace/alerts: the configured webhooks (never their secrets or full addresses) and every delivery's state.</summary>
internal static class AlertsPage
{
    public static string Render(PageContext page, AlertOptions options, DeliveryCounts counts, IReadOnlyList<DeliveryRow> rows)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<main id=\"main\" class=\"alerts-page\"><h1>{page.T("alerts")}</h1><p class=\"muted\">{page.T("alertsIntro")}</p>");
        s.Append(CultureInfo.InvariantCulture, $"""
            <ul class="alert-counts" aria-label="{page.T("alertsDeliveries")}">
            <li class="status-pending"><span class="count" data-count="pending">{counts.Pending.ToString(CultureInfo.InvariantCulture)}</span> {page.T("alertsPending")}</li>
            <li class="status-delivered"><span class="count" data-count="delivered">{counts.Delivered.ToString(CultureInfo.InvariantCulture)}</span> {page.T("alertsDelivered")}</li>
            <li class="status-failed{(counts.Failed > 0 ? " has-failed" : "")}"><span class="count" data-count="failed">{counts.Failed.ToString(CultureInfo.InvariantCulture)}</span> {page.T("alertsFailed")}</li>
            </ul>
            """);
        s.Append(Webhooks(page, options));
        s.Append(Deliveries(page, options, rows));
        s.Append("</main>");
        return PageWriter.Layout(page, page.Texts.Get(page.Language, "alerts"), s.ToString(), signedIn: true);
    }

    private static string Webhooks(PageContext page, AlertOptions options)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"alerts-webhooks\"><h2 id=\"alerts-webhooks\">{page.T("alertsWebhooks")}</h2>");
        if (options.Webhooks.Count == 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"<p>{page.T("alertsNoWebhooks")}</p></section>");
            return s.ToString();
        }

        s.Append(CultureInfo.InvariantCulture, $"<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"alerts-webhooks\"><table class=\"alerts-table\"><thead><tr><th scope=\"col\">{page.T("alertsWebhook")}</th><th scope=\"col\">{page.T("alertsFormat")}</th><th scope=\"col\">{page.T("alertsDestination")}</th><th scope=\"col\">{page.T("alertsSigned")}</th></tr></thead><tbody>");
        foreach (var hook in options.Webhooks)
        {
            s.Append(CultureInfo.InvariantCulture, $"<tr data-webhook=\"{Html.Encode(hook.Name)}\"><td>{Html.Encode(hook.Name)}</td><td>{Html.Encode(hook.Format)}</td><td>{Html.Encode(Destination(hook.Url))}</td><td>{page.T(string.IsNullOrEmpty(hook.Secret) ? "alertsNo" : "alertsYes")}</td></tr>");
        }

        s.Append("</tbody></table></div></section>");
        return s.ToString();
    }

    private static string Deliveries(PageContext page, AlertOptions options, IReadOnlyList<DeliveryRow> rows)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<section aria-labelledby=\"alerts-deliveries\"><h2 id=\"alerts-deliveries\">{page.T("alertsDeliveries")}</h2>");
        if (rows.Count == 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"<p>{page.T("alertsNone")}</p></section>");
            return s.ToString();
        }

        s.Append(CultureInfo.InvariantCulture, $"""
            <div class="scroll" role="region" tabindex="0" aria-labelledby="alerts-deliveries"><table class="alerts-table deliveries"><thead><tr>
            <th scope="col">{page.T("alertsCase")}</th><th scope="col">{page.T("alertsWebhook")}</th><th scope="col">{page.T("alertsStatus")}</th>
            <th scope="col">{page.T("alertsAttempts")}</th><th scope="col">{page.T("alertsLastAnswer")}</th><th scope="col">{page.T("alertsNextAttempt")}</th>
            <th scope="col">{page.T("alertsOccurred")}</th><th scope="col">{page.T("alertsDeliveredAt")}</th><th scope="col"><span class="visually-hidden">{page.T("alertsReplay")}</span></th>
            </tr></thead><tbody>
            """);
        foreach (var row in rows)
        {
            var statusKey = row.Status switch
            {
                DeliveryStatus.Delivered => "alertsDelivered",
                DeliveryStatus.Failed => "alertsFailed",
                _ => "alertsPending",
            };
            var caseText = $"#{row.CaseId.ToString(CultureInfo.InvariantCulture)}";
            var caseCell = WorkspaceHttp.IsWorkspacePath(row.Link)
                ? $"<a href=\"{Html.Encode(row.Link)}\">{Html.Encode(caseText)}</a>"
                : Html.Encode(caseText);
            var lastAnswer = row.LastStatus is { } code ? code.ToString(CultureInfo.InvariantCulture) : "";
            s.Append(CultureInfo.InvariantCulture, $"""
                <tr data-delivery="{row.Id:D}" data-status="{Html.Encode(row.Status)}">
                <td>{caseCell} <span class="alert-title">{Html.Encode(row.Title)}</span></td>
                <td>{Html.Encode(row.Webhook)}</td>
                <td><span class="status status-{Html.Encode(row.Status)}" data-field="status">{page.T(statusKey)}</span></td>
                <td data-field="attempts">{row.Attempts.ToString(CultureInfo.InvariantCulture)} / {options.MaxAttempts.ToString(CultureInfo.InvariantCulture)}{(row.Replays > 0 ? $" <span class=\"muted\">({page.T("alertsReplays")}: {row.Replays.ToString(CultureInfo.InvariantCulture)})</span>" : "")}</td>
                <td><span data-field="last-status">{Html.Encode(lastAnswer)}</span> <span class="alert-error" data-field="last-error">{Html.Encode(row.LastError)}</span></td>
                <td data-field="next-attempt">{Time(row.Status == DeliveryStatus.Pending ? row.NextAttemptAt : null)}</td>
                <td>{Time(row.OccurredAt)}</td>
                <td data-field="delivered-at">{Time(row.DeliveredAt)}</td>
                <td>
                """);
            if (row.Status == DeliveryStatus.Failed)
            {
                var label = string.Format(CultureInfo.InvariantCulture, page.Texts.Get(page.Language, "alertsReplayLabel"), caseText, row.Webhook);
                s.Append(CultureInfo.InvariantCulture, $"<form class=\"inline\" method=\"post\" action=\"/workspace/alerts/{row.Id:D}/replay\">{page.TokenField}{page.LangField}<button type=\"submit\" aria-label=\"{Html.Encode(label)}\">{page.T("alertsReplay")}</button></form>");
            }

            s.Append("</td></tr>");
        }

        s.Append("</tbody></table></div></section>");
        return s.ToString();
    }

    private static string Time(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "–";

    // Scheme and host only: the rest of a webhook address (a Teams webhook's path) is a credential.
    private static string Destination(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "";
}
