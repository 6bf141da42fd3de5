using System.Globalization;
using System.Text;
using CxBot.Workspace.Pages;

namespace CxBot.Workspace.Themes;

/// <summary>One bar of a <see cref="ThemeCharts.Bars"/> chart; a null value draws no bar ("–").</summary>
internal sealed record Bar(string Label, double? Value, string Shown);

/// <summary>The theme explorer's charts as inline SVG drawn on the server, like the overview's: no script.</summary>
internal static class ThemeCharts
{
    private const double Width = 640, LabelWidth = 210, ValueWidth = 60, Row = 24, Pad = 6;

    /// <summary>
    /// Horizontal bars from zero on a [<paramref name="min"/>, <paramref name="max"/>] scale: negative values to the left
    /// in the negative colour, so the themes that pull a score down stand out.
    /// </summary>
    public static string Bars(IReadOnlyList<Bar> bars, double min, double max, string label)
    {
        var height = Pad * 2 + Row * Math.Max(1, bars.Count) + 16;
        var plot = Width - LabelWidth - ValueWidth;
        double X(double v) => LabelWidth + plot * (Math.Clamp(v, min, max) - min) / (max - min);
        var zero = X(Math.Clamp(0, min, max));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart bars\" viewBox=\"0 0 {Width} {F(height)}\" role=\"img\" aria-label=\"{Html.Encode(label)}\">");
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = Pad + i * Row;
            // No links inside the picture: an image with controls inside confuses screen readers; the table links each theme.
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis name\" x=\"{F(LabelWidth - 8)}\" y=\"{F(y + Row * 0.65)}\" text-anchor=\"end\">{Html.Encode(Shorten(bar.Label))}</text>");
            if (bar.Value is { } v)
            {
                var x = X(v);
                var (left, width) = x < zero ? (x, zero - x) : (zero, x - zero);
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"{(v < 0 ? "neg" : "pos")}\" x=\"{F(left)}\" y=\"{F(y + 4)}\" width=\"{F(Math.Max(width, 1))}\" height=\"{F(Row - 8)}\"><title>{Html.Encode(bar.Label)}: {Html.Encode(bar.Shown)}</title></rect>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{F(Width - 4)}\" y=\"{F(y + Row * 0.65)}\" text-anchor=\"end\">{Html.Encode(bar.Shown)}</text>");
        }

        var bottom = Pad + Row * Math.Max(1, bars.Count);
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"zero\" x1=\"{F(zero)}\" x2=\"{F(zero)}\" y1=\"{F(Pad)}\" y2=\"{F(bottom)}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{F(LabelWidth)}\" y=\"{F(bottom + 14)}\">{F(min)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{F(zero)}\" y=\"{F(bottom + 14)}\" text-anchor=\"middle\">0</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{F(LabelWidth + plot)}\" y=\"{F(bottom + 14)}\" text-anchor=\"end\">{F(max)}</text>");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Mentions per week as small columns, the negative ones stacked at the bottom in the negative colour.</summary>
    public static string Weekly(IReadOnlyList<WeekCount> weeks, string label, bool large = false)
    {
        var (width, height) = large ? (640.0, 160.0) : (140.0, 32.0);
        var top = large ? 10.0 : 2.0;
        var bottom = large ? 22.0 : 2.0;
        var peak = Math.Max(1, weeks.Count == 0 ? 1 : weeks.Max(w => w.Mentions));
        var step = width / Math.Max(1, weeks.Count);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart weekly{(large ? "" : " spark")}\" viewBox=\"0 0 {F(width)} {F(height)}\" role=\"img\" aria-label=\"{Html.Encode(label)}\">");
        for (var i = 0; i < weeks.Count; i++)
        {
            var w = weeks[i];
            var plot = height - top - bottom;
            var h = plot * w.Mentions / peak;
            var hn = plot * w.Negative / peak;
            var x = i * step + step * 0.15;
            var bw = step * 0.7;
            svg.Append(CultureInfo.InvariantCulture, $"<g><title>{w.Week:yyyy-MM-dd}: {w.Mentions} (−{w.Negative} / +{w.Positive})</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"all\" x=\"{F(x)}\" y=\"{F(top + plot - h)}\" width=\"{F(bw)}\" height=\"{F(h)}\"/>");
            if (hn > 0) svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"neg\" x=\"{F(x)}\" y=\"{F(top + plot - hn)}\" width=\"{F(bw)}\" height=\"{F(hn)}\"/>");
            svg.Append("</g>");
        }

        if (large && weeks.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"0\" y=\"{F(height - 6)}\">{weeks[0].Week:yyyy-MM-dd}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{F(width)}\" y=\"{F(height - 6)}\" text-anchor=\"end\">{weeks[^1].Week:yyyy-MM-dd}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{F(width)}\" y=\"{F(top + 8)}\" text-anchor=\"end\">{peak}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static string Shorten(string label) => label.Length <= 28 ? label : label[..27] + "…";

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
