using CxBot.Testing;

// One redis-server for the assembly; each test gets its own key prefix. Tests that stop or restart
// Redis start their own instance.
[assembly: AssemblyFixture(typeof(RedisServer))]
