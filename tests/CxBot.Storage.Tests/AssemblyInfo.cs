using CxBot.Testing;

// One redis-server for the whole assembly; every test uses its own key prefix. Tests that stop or
// restart Redis start their own server.
[assembly: AssemblyFixture(typeof(RedisServer))]
