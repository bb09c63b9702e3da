using System.CommandLine;
using SchedulerExtender.Alibaba.Catalog;
using SchedulerExtender.Core.Catalog;
using SchedulerExtender.Local.Ack;
using SchedulerExtender.Local.Ecs;

namespace SchedulerExtender.Host.Cli;

/// <summary>
/// <c>schedext ecs-emulator</c>: the ECS (and VPC) OpenAPI emulator alone, for every region of the
/// catalogue; with <c>--ack-cluster</c>, also ACK's DescribeClusterAttachScripts for those clusters
/// at the same address, so the provisioner's ACK bootstrap mode can be tried against it.
/// </summary>
public static class EcsEmulatorCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "Listen URL, e.g. http://127.0.0.1:8090 (port 0 picks a free port).", Required = true };
        var prices = new Option<string?>("--prices") { Description = "Price file (region → instanceTypePrices JSON); default: the built-in catalogue." };
        var seed = new Option<int>("--seed") { Description = "Seed for instance IDs and injected faults.", DefaultValueFactory = _ => 0 };
        var keyId = new Option<string>("--access-key-id") { Description = "AccessKey ID requests must be signed with.", DefaultValueFactory = _ => EcsEmulatorOptions.DefaultAccessKeyId };
        var keySecret = new Option<string>("--access-key-secret") { Description = "AccessKey secret requests must be signed with.", DefaultValueFactory = _ => EcsEmulatorOptions.DefaultAccessKeySecret };

        var ackClusters = new Option<string[]>("--ack-cluster") { Description = "Also serve ACK's DescribeClusterAttachScripts (ROA, under /clusters/) for this cluster ID; repeatable.", AllowMultipleArgumentsPerToken = true };

        var command = new Command("ecs-emulator", "Run the ECS OpenAPI emulator (signed RPC requests, GET or POST form).") { url, prices, seed, keyId, keySecret, ackClusters };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var catalog = parse.GetValue(prices) is { } path
                    ? await PriceFileParser.LoadAsync(path, cancellationToken).ConfigureAwait(false)
                    : BuiltInCatalog.Catalog;
                var emulator = new EcsEmulator(new EcsEmulatorOptions
                {
                    Catalog = catalog,
                    Seed = parse.GetValue(seed),
                    AccessKeyId = parse.GetValue(keyId)!,
                    AccessKeySecret = parse.GetValue(keySecret)!,
                });
                var clusters = parse.GetValue(ackClusters) ?? [];
                AckEmulator? ack = null;
                if (clusters.Length > 0)
                {
                    ack = new AckEmulator(new AckEmulatorOptions { AccessKeyId = emulator.Options.AccessKeyId, AccessKeySecret = emulator.Options.AccessKeySecret }, parse.GetValue(seed));
                    foreach (var cluster in clusters)
                    {
                        ack.AddCluster(cluster);
                    }
                }

                var server = await EcsEmulatorServer.StartAsync(parse.GetValue(url)!, emulator, ack, cancellationToken: cancellationToken).ConfigureAwait(false);
                await using (server.ConfigureAwait(false))
                {
                    Console.WriteLine($"ECS emulator listening on {server.BaseAddress} for regions {string.Join(", ", catalog.Regions)}; AccessKey ID {emulator.Options.AccessKeyId}");
                    if (ack is not null)
                    {
                        Console.WriteLine($"ACK emulator at the same address for clusters {string.Join(", ", clusters)}");
                    }

                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }

                return 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"schedext ecs-emulator: {e.Message}").ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }
}
