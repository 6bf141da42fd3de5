using CxBot.Responses.Tests.Infrastructure;
using CxBot.Testing;

namespace CxBot.Responses.Tests.Pipeline;

public sealed class ThemeEvidenceTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task Each_stored_theme_keeps_the_phrases_that_named_it_as_they_appear_in_the_masked_text()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = await TestStore.CreateAsync(redis, postgres, ct);
        await store.AddAsync([Answers.Open("ev1", "why", "The courier delivered my parcel two weeks late, write to ana@example.com")], ct);
        await store.DrainAsync(ct);

        await using var command = store.Postgres.CreateCommand(
            "select t.theme, t.evidence, a.masked_text from answer_themes t join answers a using (response_id, question_id) where t.response_id = 'ev1'");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = 0;
        while (await reader.ReadAsync(ct))
        {
            rows++;
            var evidence = reader.GetFieldValue<string[]>(1);
            var masked = reader.GetString(2);
            Assert.NotEmpty(evidence);
            Assert.All(evidence, e => Assert.Contains(e, masked, StringComparison.Ordinal));
            Assert.DoesNotContain(evidence, e => e.Contains('@', StringComparison.Ordinal));
        }

        Assert.True(rows > 0, "the answer was given a theme");
    }
}
