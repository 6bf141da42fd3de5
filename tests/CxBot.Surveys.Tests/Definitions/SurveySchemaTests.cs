using System.Text.Json;
using CxBot.Surveys.Definitions;

namespace CxBot.Surveys.Tests.Definitions;

public sealed class SurveySchemaTests
{
    private static JsonElement Schema()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(SurveyFiles.Dialogs, "survey.schema.json")));
        return doc.RootElement.Clone();
    }

    private static string[] Names(JsonElement properties) => [.. properties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    [Fact]
    public void The_schema_is_draft_2020_12_json()
    {
        var schema = Schema();

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.GetProperty("$schema").GetString());
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void The_schema_names_every_top_level_key_the_loader_accepts()
    {
        Assert.Equal(SurveyReader.TopLevelKeys.Order(StringComparer.Ordinal), Names(Schema().GetProperty("properties")));
    }

    [Fact]
    public void The_schema_names_every_question_option_and_condition_key_the_loader_accepts()
    {
        var defs = Schema().GetProperty("$defs");

        Assert.Equal(SurveyReader.QuestionKeys.Order(StringComparer.Ordinal), Names(defs.GetProperty("question").GetProperty("properties")));
        Assert.Equal(SurveyReader.OptionKeys.Order(StringComparer.Ordinal), Names(defs.GetProperty("option").GetProperty("properties")));
        Assert.Equal(SurveyReader.ConditionKeys.Order(StringComparer.Ordinal), Names(defs.GetProperty("condition").GetProperty("properties")));
        Assert.Equal(SurveyReader.VariantKeys.Order(StringComparer.Ordinal), Names(defs.GetProperty("variant").GetProperty("properties")));
    }

    [Fact]
    public void The_schema_lists_the_same_question_types_journeys_and_languages_as_the_loader()
    {
        var schema = Schema();
        static string[] Enum(JsonElement e) => [.. e.GetProperty("enum").EnumerateArray().Select(v => v.GetString()!)];

        Assert.Equal(SurveyReader.Kinds.Keys, Enum(schema.GetProperty("$defs").GetProperty("question").GetProperty("properties").GetProperty("type")));
        Assert.Equal(SurveyReader.Journeys, Enum(schema.GetProperty("properties").GetProperty("journey")));
        Assert.Equal(Languages.Supported, Enum(schema.GetProperty("properties").GetProperty("languages").GetProperty("items")));
    }

    [Fact]
    public void Every_shipped_survey_points_editors_at_the_schema()
    {
        var files = Directory.GetFiles(SurveyFiles.Dialogs, "*.yaml");

        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.StartsWith("# yaml-language-server: $schema=./survey.schema.json\n", File.ReadAllText(f), StringComparison.Ordinal));
    }
}
