using System.Globalization;
using System.Text;
using CxBot.Workspace.Pages;

namespace CxBot.Workspace.Pulse;

/// <summary>
/// Per pillar, the team's rating and the customers' net sentiment on one −100…+100 axis, joined by a line:
/// a long line is a wide gap. Rows that meet a disagreement rule are marked. Server-drawn SVG, no script.
/// </summary>
internal static class GapChart
{
    private const double Width = 680, LabelWidth = 260, Right = 16, Row = 28, Top = 26, Bottom = 26;

    public static string Render(IReadOnlyList<(string Label, PillarView View)> rows, string label, string team, string customers)
    {
        var height = Top + Row * rows.Count + Bottom;
        double X(double v) => LabelWidth + (Width - LabelWidth - Right) * (Math.Clamp(v, -100, 100) + 100) / 200;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart gap\" viewBox=\"0 0 {Width} {F(height)}\" role=\"img\" aria-label=\"{Html.Encode(label)}\" preserveAspectRatio=\"xMidYMid meet\">");
        foreach (var tick in new[] { -100, -50, 0, 50, 100 })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid{(tick == 0 ? " zero" : "")}\" x1=\"{F(X(tick))}\" x2=\"{F(X(tick))}\" y1=\"{F(Top - 6)}\" y2=\"{F(height - Bottom)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{F(X(tick))}\" y=\"{F(height - 8)}\" text-anchor=\"middle\">{(tick > 0 ? "+" : "")}{tick}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"team\" cx=\"{F(LabelWidth)}\" cy=\"10\" r=\"5\"/><text class=\"axis\" x=\"{F(LabelWidth + 9)}\" y=\"14\">{Html.Encode(team)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"customers\" x=\"{F(LabelWidth + 110)}\" y=\"5\" width=\"10\" height=\"10\"/><text class=\"axis\" x=\"{F(LabelWidth + 125)}\" y=\"14\">{Html.Encode(customers)}</text>");
        for (var i = 0; i < rows.Count; i++)
        {
            var (name, view) = rows[i];
            var y = Top + Row * i + Row / 2;
            var flagged = view.Disagreement != Disagreement.None;
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"pillar{(flagged ? " disagree" : "")}\" data-pillar=\"{Html.Encode(view.Pillar)}\">");
            if (flagged) svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"flag\" x=\"0\" y=\"{F(y - Row / 2 + 2)}\" width=\"{F(Width)}\" height=\"{F(Row - 4)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"name\" x=\"{F(LabelWidth - 8)}\" y=\"{F(y + 4)}\" text-anchor=\"end\">{(flagged ? "⚑ " : "")}{Html.Encode(name)}</text>");
            if (view.TeamIndex is { } t && view.Net is { } n)
                svg.Append(CultureInfo.InvariantCulture, $"<line class=\"gapline\" x1=\"{F(X(t))}\" x2=\"{F(X(n))}\" y1=\"{F(y)}\" y2=\"{F(y)}\"/>");
            if (view.TeamIndex is { } team2)
                svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"team\" cx=\"{F(X(team2))}\" cy=\"{F(y)}\" r=\"6\"><title>{Html.Encode(name)}: {Html.Encode(team)} {PulsePage.Rating(view.Rating.Value)} (n = {view.Rating.N})</title></circle>");
            if (view.Net is { } net)
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"customers\" x=\"{F(X(net) - 5)}\" y=\"{F(y - 5)}\" width=\"10\" height=\"10\"><title>{Html.Encode(name)}: {Html.Encode(customers)} {PulsePage.Signed(net)} (n = {view.Mentions})</title></rect>");
            svg.Append("</g>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
