using SchedulerExtender.Bench.Results;

namespace SchedulerExtender.Bench.Tests;

/// <summary>Reading the machine from the text of /proc and /etc files, given here so the test does not depend on this machine.</summary>
public sealed class MachineInfoTests
{
    [Fact]
    public void Cpu_model_is_the_first_model_name()
    {
        const string cpuinfo = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Platinum 8369B CPU @ 2.70GHz\nflags\t\t: fpu vme\n\nprocessor\t: 1\nmodel name\t: Other\n";

        MachineInfo.ParseCpuModel(cpuinfo).Should().Be("Intel(R) Xeon(R) Platinum 8369B CPU @ 2.70GHz");
        MachineInfo.ParseCpuModel("processor\t: 0\n").Should().Be("unknown", "some ARM kernels have no model name");
    }

    [Fact]
    public void Memory_is_mem_total_in_bytes()
    {
        MachineInfo.ParseMemTotalBytes("MemTotal:       24684096 kB\nMemFree:        1000 kB\n").Should().Be(24_684_096L * 1024);
        MachineInfo.ParseMemTotalBytes("MemFree: 1 kB\n").Should().BeNull();
    }

    [Fact]
    public void Os_is_the_pretty_name_of_os_release()
    {
        MachineInfo.ParseOsName("NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n").Should().Be("Debian GNU/Linux 12 (bookworm)");
        MachineInfo.ParseOsName("ID=debian\n").Should().BeNull();
    }

    [Fact]
    public void Load_average_is_the_first_three_fields_or_nothing()
    {
        MachineInfo.ParseLoadAverage("14.36 6.25 2.74 3/512 4242\n").Should().Equal(14.36, 6.25, 2.74);
        MachineInfo.ParseLoadAverage("").Should().BeEmpty();
        MachineInfo.ParseLoadAverage("1.0 x 2.0").Should().BeEmpty();
    }
}
