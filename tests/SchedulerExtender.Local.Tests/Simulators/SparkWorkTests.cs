using SchedulerExtender.Local.Simulators.Spark;

namespace SchedulerExtender.Local.Tests.Simulators;

public sealed class SparkWorkTests
{
    [Fact]
    public void Running_executors_do_the_work_and_whole_tasks_are_committed()
    {
        var work = new SparkWork(totalExecutorSeconds: 100, taskSeconds: 10);

        work.Advance(["e1", "e2"], 15);

        work.Committed.Should().Be(20);
        work.InProgress.Should().Be(10);
        work.Done.Should().Be(30);
        work.IsDone.Should().BeFalse();
    }

    [Fact]
    public void An_abruptly_lost_executor_loses_its_task_in_progress()
    {
        var work = new SparkWork(100, 10);
        work.Advance(["e1", "e2"], 15);

        work.Lose("e1");

        work.Redone.Should().Be(5);
        work.Done.Should().Be(25);
    }

    [Fact]
    public void A_decommissioned_executor_finishes_its_task()
    {
        var work = new SparkWork(100, 10);
        work.Advance(["e1"], 7);

        work.Decommission("e1");

        work.Committed.Should().Be(7);
        work.Redone.Should().Be(0);
        work.InProgress.Should().Be(0);
    }

    [Theory]
    [InlineData(2, 50, true)]
    [InlineData(2, 49, false)]
    [InlineData(1, 100, true)]
    public void The_job_is_done_when_every_executor_second_is(int executors, double seconds, bool done)
    {
        var work = new SparkWork(100, 10);

        work.Advance(Enumerable.Range(1, executors).Select(i => $"e{i}"), seconds);

        work.IsDone.Should().Be(done);
        work.Done.Should().BeLessThanOrEqualTo(100);
    }

    [Fact]
    public void Bad_sizes_are_refused()
    {
        FluentActions.Invoking(() => new SparkWork(0, 10)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new SparkWork(10, 0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new SparkWork(10, 1).Advance(["e"], -1)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
