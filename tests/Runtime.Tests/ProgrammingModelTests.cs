using OrleansVector.Runtime.Hosting;
using OrleansVector.Runtime.Tests.Grains;
using OrleansVector.Runtime.Tests.Infrastructure;
using OrleansVector.Runtime.Tests.Messages;

namespace OrleansVector.Runtime.Tests;

public interface IBadGrain : IGrainWithStringKey
{
    int NotAsync();
}

public interface IOverloadedGrain : IGrainWithStringKey
{
    Task<Text> Do(Text a);

    Task<Text> Do(Text a, Text b);
}

public sealed class ProgrammingModelTests : SingleSiloTest
{
    [Fact]
    public async Task Getting_a_reference_does_no_io_and_creates_nothing()
    {
        await using var notStarted = new SiloBuilder().AddTestGrains().Build();
        var grain = notStarted.GrainFactory.GetGrain<IEchoGrain>("anything");
        Assert.Equal(new GrainId("echo", "anything"), grain.GetGrainId());
        Assert.Equal(0, notStarted.ActivationCount);
        // Calling it needs a running silo: the call fails at once instead of waiting.
        await Assert.ThrowsAsync<SiloUnavailableException>(() => grain.Echo(new Text()));
    }

    [Fact]
    public async Task String_integer_and_guid_keys_reach_the_grain()
    {
        var guid = Guid.NewGuid();
        Assert.Equal("k1:x", (await Factory.GetGrain<IEchoGrain>("k1").Echo(new Text { Value = "x" })).Value);
        Assert.Equal(-42, (await Factory.GetGrain<IIntegerKeyGrain>(-42).Key()).Value);
        Assert.Equal(guid.ToString(), (await Factory.GetGrain<IGuidKeyGrain>(guid).Key()).Value);
        Assert.Equal("integerkey", Factory.GetGrain<IIntegerKeyGrain>(1).GetGrainId().Type);
        Assert.Equal(-42, Factory.GetGrain<IIntegerKeyGrain>(-42).GetPrimaryKeyLong());
    }

    [Fact]
    public async Task Local_calls_clone_arguments_and_results()
    {
        var grain = Factory.GetGrain<IEchoGrain>(Guid.NewGuid().ToString());
        var argument = new Text { Value = "mine" };
        var result = await grain.Mutate(argument);
        Assert.Equal("mine", argument.Value);
        Assert.Equal("changed by grain", result.Value);

        var held = await grain.Held();
        held.Value = "changed by caller";
        Assert.Equal("original", (await grain.Held()).Value);
        await grain.Change(new Text { Value = "changed by grain" });
        Assert.Equal("changed by caller", held.Value);
    }

    [Fact]
    public async Task Immutable_messages_are_passed_by_reference()
    {
        var probe = Probe.Create("keep");
        var shared = new SharedText { Value = "shared" };
        var result = await Factory.GetGrain<IEchoGrain>(probe.Key).Keep(shared);
        Assert.Same(shared, probe.LastReference);
        Assert.Same(shared, result);
    }

    [Fact]
    public async Task Value_task_methods_work()
    {
        var grain = Factory.GetGrain<IEchoGrain>("vt");
        Assert.Equal("hi!", (await grain.EchoValueTask(new Text { Value = "hi" })).Value);
        await grain.Nothing();
    }

    [Fact]
    public async Task Grain_exceptions_reach_the_caller_with_type_and_message()
    {
        var exception = await Assert.ThrowsAsync<ArgumentException>(() => Factory.GetGrain<IEchoGrain>("thrower").Throw(new Text { Value = "bad input: 42" }));
        Assert.Equal("bad input: 42", exception.Message);
    }

    [Fact]
    public async Task Request_context_flows_from_caller_to_callee_and_on()
    {
        RequestContext.Set("trace", "abc-123");
        var result = await Factory.GetGrain<IEchoGrain>("first").ForwardReadContext(new Text { Value = "second" });
        Assert.Equal("abc-123", result.Value);
        RequestContext.Clear();
        Assert.Equal("(missing)", (await Factory.GetGrain<IEchoGrain>("second").ReadContext(new Text { Value = "trace" })).Value);
    }

    [Fact]
    public async Task Grain_code_and_its_continuations_run_on_the_activation_scheduler()
    {
        Assert.Equal("True/True/True", (await Factory.GetGrain<IEchoGrain>("sched").SchedulerCheck()).Value);
    }

    [Fact]
    public void Invalid_grain_interfaces_are_rejected_with_the_method_named()
    {
        var bad = Assert.Throws<ArgumentException>(() => Factory.GetGrain<IBadGrain>("x"));
        Assert.Contains("IBadGrain.NotAsync", bad.Message, StringComparison.Ordinal);
        var overloaded = Assert.Throws<ArgumentException>(() => Factory.GetGrain<IOverloadedGrain>("x"));
        Assert.Contains("'Do'", overloaded.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grain_type_not_hosted_by_the_silo_fails_the_call_with_its_name()
    {
        var empty = new SiloBuilder().Configure<Configuration.SiloOptions>(o => o.SiloName = "empty").Build();
        await using (empty)
        {
            await empty.StartAsync();
            var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => empty.GrainFactory.GetGrain<IEchoGrain>("x").Echo(new Text()));
            Assert.Contains("Grain type 'echo' is not registered", exception.Message, StringComparison.Ordinal);
            await empty.StopAsync();
        }
    }
}
