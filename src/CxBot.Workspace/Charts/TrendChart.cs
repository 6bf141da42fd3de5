using System.Globalization;
using System.Text;
using CxBot.Responses.Metrics;
using CxBot.Workspace.Database;
using CxBot.Workspace.Pages;

namespace CxBot.Workspace.Charts;

/// <summary>
/// A metric over time as inline SVG, drawn on the server: the 95% band, the line, a point per bucket with
/// its count under it, and the team's notes as marks. No script, so the page's CSP can forbid all scripts.
/// </summary>
internal static class TrendChart
{
    private const double Width = 360, Height = 200, Left = 34, Right = 8, Top = 10, Bottom = 34;

    public static (double Min, double Max) Scale(MetricKind kind) => kind switch
    {
        MetricKind.Nps => (-100, 100),
        MetricKind.Csat => (0, 100),
        _ => (1, 7),
    };

    public static string Render(MetricKind kind, IReadOnlyList<MetricRow> rows, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<ChartNote> notes, string label)
    {
        var (min, max) = Scale(kind);
        var span = Math.Max(1, (to - from).TotalSeconds);
        double X(DateTimeOffset t) => Left + (Width - Left - Right) * Math.Clamp((t - from).TotalSeconds / span, 0, 1);
        double Y(double v) => Top + (Height - Top - Bottom) * (1 - (Math.Clamp(v, min, max) - min) / (max - min));
        var points = rows.Where(r => r.Bucket is not null && r.Score.Value is not null).OrderBy(r => r.Bucket).ToList();

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Html.Encode(label)}\" preserveAspectRatio=\"xMidYMid meet\">");
        foreach (var tick in new[] { min, (min + max) / 2, max })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Y(tick))}\" y2=\"{F(Y(tick))}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left - 6}\" y=\"{F(Y(tick) + 4)}\" text-anchor=\"end\">{F(tick)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left}\" y=\"{Height - 4}\">{from:yyyy-MM-dd}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Width - Right}\" y=\"{Height - 4}\" text-anchor=\"end\">{to.AddDays(-1):yyyy-MM-dd}</text>");
        foreach (var note in notes)
        {
            var x = F(X(new DateTimeOffset(note.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"note\" x1=\"{x}\" x2=\"{x}\" y1=\"{Top}\" y2=\"{Height - Bottom}\"><title>{Html.Encode(note.Text)}</title></line>");
        }

        // A bucket's point sits at its middle (a week starts on Monday): clamp it into the period shown.
        if (points.Count > 0)
        {
            var band = new StringBuilder();
            foreach (var p in points) band.Append(CultureInfo.InvariantCulture, $"{F(X(Mid(p)))},{F(Y(p.Score.High ?? p.Score.Value!.Value))} ");
            foreach (var p in Enumerable.Reverse(points)) band.Append(CultureInfo.InvariantCulture, $"{F(X(Mid(p)))},{F(Y(p.Score.Low ?? p.Score.Value!.Value))} ");
            svg.Append(CultureInfo.InvariantCulture, $"<polygon class=\"band\" points=\"{band.ToString().TrimEnd()}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"line\" points=\"{string.Join(' ', points.Select(p => $"{F(X(Mid(p)))},{F(Y(p.Score.Value!.Value))}"))}\"/>");
            foreach (var p in points)
            {
                var x = F(X(Mid(p)));
                svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"point\" cx=\"{x}\" cy=\"{F(Y(p.Score.Value!.Value))}\" r=\"3.5\"><title>{p.Bucket:yyyy-MM-dd}: {Format.Value(kind, p.Score.Value)} (n = {p.N})</title></circle>");
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"count\" x=\"{x}\" y=\"{F(Height - Bottom + 16)}\" text-anchor=\"middle\">{p.N}</text>");
            }
        }

        svg.Append("</svg>");
        return svg.ToString();

        static DateTimeOffset Mid(MetricRow row) => row.Bucket!.Value.AddDays(3.5);
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
