namespace CxBot.Surveys.Definitions;

/// <summary>Every loaded survey definition, keyed by (id, version). Immutable once built.</summary>
public sealed class SurveyCatalog
{
    private readonly Dictionary<SurveyKey, SurveyDefinition> _byKey = [];
    private readonly Dictionary<string, SurveyDefinition> _latest = new(StringComparer.Ordinal);

    public SurveyCatalog(IEnumerable<SurveyDefinition> surveys)
    {
        ArgumentNullException.ThrowIfNull(surveys);
        foreach (var survey in surveys)
        {
            if (!_byKey.TryAdd(survey.Key, survey))
                throw new ArgumentException($"Survey {survey.Key} is defined twice.", nameof(surveys));
            if (!_latest.TryGetValue(survey.Id, out var latest) || latest.Version < survey.Version)
                _latest[survey.Id] = survey;
        }
        All = [.. _byKey.Values.OrderBy(s => s.Id, StringComparer.Ordinal).ThenBy(s => s.Version)];
    }

    public static SurveyCatalog Empty { get; } = new([]);

    /// <summary>All definitions, ordered by id then version.</summary>
    public IReadOnlyList<SurveyDefinition> All { get; }

    public SurveyDefinition? Find(string id, int version) => _byKey.GetValueOrDefault(new SurveyKey(id, version));

    public SurveyDefinition? Find(SurveyKey key) => _byKey.GetValueOrDefault(key);

    /// <summary>The highest version of a survey: what a new conversation starts with.</summary>
    public SurveyDefinition? Latest(string id) => _latest.GetValueOrDefault(id);
}
