using CxBot.Workspace.Themes;

namespace CxBot.Workspace.Tests.Themes;

public sealed class HighlightTests
{
    [Fact]
    public void Phrases_are_marked_wherever_they_occur_in_any_letter_case_and_everything_else_is_encoded()
    {
        var html = Highlight.Phrases("Late <b>again</b> & late, so LATE", ["late", "so late"]);

        Assert.Equal("<mark>Late</mark> &lt;b&gt;again&lt;/b&gt; &amp; <mark>late</mark>, <mark>so LATE</mark>", html);
    }

    [Fact]
    public void A_phrase_that_is_not_in_the_text_marks_nothing()
    {
        Assert.Equal("plain &lt;text&gt;", Highlight.Phrases("plain <text>", ["learned from a correction", ""]));
    }

    [Fact]
    public void Search_markers_become_marks_around_encoded_words()
    {
        Assert.Equal("a <mark>&lt;late&gt;</mark> b", Highlight.Markers("a \u0001<late>\u0002 b"));
    }
}
