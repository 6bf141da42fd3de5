using CxBot.Testing;

[assembly: AssemblyFixture(typeof(RedisServer))]
[assembly: AssemblyFixture(typeof(PostgresServer))]
