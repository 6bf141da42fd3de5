using CxBot.Testing;

namespace CxBot.Workspace.Tests.Pages;

/// <summary>The one stylesheet every page shares: a brace left open would quietly move every later rule into a media query.</summary>
public sealed class StylesheetTests
{
    [Fact]
    public void Every_block_of_the_stylesheet_is_closed_and_no_rule_is_nested_in_a_media_query_by_accident()
    {
        var css = File.ReadAllLines(RepositoryPaths.InRoot("src", "CxBot.Workspace", "Assets", "workspace.css"));
        var depth = 0;
        for (var i = 0; i < css.Length; i++)
        {
            var line = css[i];
            // A rule that starts at the left margin is meant to be top-level.
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && !line.StartsWith('}'))
            {
                Assert.True(depth == 0, $"workspace.css:{i + 1} starts a top-level rule inside an open block: {line}");
            }

            depth += line.Count(c => c == '{') - line.Count(c => c == '}');
            Assert.True(depth >= 0, $"workspace.css:{i + 1} closes a block that was never opened");
        }

        Assert.Equal(0, depth);
    }
}
