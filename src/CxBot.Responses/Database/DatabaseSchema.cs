using Microsoft.Extensions.Options;

namespace CxBot.Responses.Database;

/// <summary>Applies the migrations once per process, on first need, so a host starts even while PostgreSQL is away.</summary>
public sealed class DatabaseSchema(Migrator migrator, IOptions<ResponsesOptions> options)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ready || !options.Value.ApplyMigrations)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_ready)
            {
                await migrator.MigrateAsync(cancellationToken);
                _ready = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
