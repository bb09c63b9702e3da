using System.Text.Json.Nodes;
using SchedulerExtender.Host.Tests.Deployment.Support;

namespace SchedulerExtender.Host.Tests.Deployment;

/// <summary>certs-scripts/inject-ca-bundle.sh on real rendered manifests and on hand-written YAML.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // bash and openssl
public sealed class InjectCaBundleScriptTests : IDisposable
{
    private const string TwoConfigurations = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: untouched
        data:
          clientConfig: not-a-webhook
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata:
          name: first
        webhooks:
          - name: a.example.io
            clientConfig:
              caBundle: b2xkLWNh
              service:
                name: svc
                namespace: ns
          - clientConfig:
              url: https://example.io/b
            name: b.example.io
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata:
          name: second
        webhooks:
        - name: c.example.io
          clientConfig:
            service: {name: svc, namespace: ns}
        """;

    private readonly TempDirectory _temp = new();
    private readonly string _ca;
    private readonly string _caBase64;

    public InjectCaBundleScriptTests()
    {
        var generated = ProcessRunner.Script("gen-certs.sh", "--out", _temp.File("certs"));
        generated.ExitCode.Should().Be(0, generated.ToString());
        _ca = _temp.File("certs/ca.crt");
        _caBase64 = Convert.ToBase64String(File.ReadAllBytes(_ca));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Sets_the_ca_bundle_of_every_webhook_and_leaves_other_documents_alone()
    {
        var input = _temp.File("in.yaml");
        File.WriteAllText(input, TwoConfigurations);

        var result = ProcessRunner.Script("inject-ca-bundle.sh", "--ca", _ca, "--in", input);

        result.ExitCode.Should().Be(0, result.ToString());
        var before = YamlToJson.Documents(TwoConfigurations);
        var after = YamlToJson.Documents(result.StandardOutput);
        after.Should().HaveCount(3);
        JsonNode.DeepEquals(after[0], before[0]).Should().BeTrue("a ConfigMap is not a webhook configuration");
        var webhooks = after.Skip(1).SelectMany(d => d["webhooks"]!.AsArray()).ToList();
        webhooks.Select(w => (string?)w!["name"]).Should().Equal("a.example.io", "b.example.io", "c.example.io");
        webhooks.Select(w => (string?)w!["clientConfig"]!["caBundle"]).Should().AllBe(_caBase64);
        for (var i = 1; i < 3; i++)
        {
            RemoveCaBundles(after[i]);
            RemoveCaBundles(before[i]);
            JsonNode.DeepEquals(after[i], before[i]).Should().BeTrue("only caBundle may change");
        }
    }

    [Fact]
    public void Writes_a_patch_that_the_plain_overlay_applies()
    {
        // A copy of manifests/, so the committed placeholder patch stays as it is.
        var manifests = _temp.File("manifests");
        CopyDirectory(RepositoryLayout.Manifests, manifests);
        var patch = Path.Combine(manifests, "overlays", "plain", "webhook-ca-bundle.yaml");

        var result = ProcessRunner.Script("inject-ca-bundle.sh", "--ca", _ca,
            "--in", Path.Combine(manifests, "base", "webhook.yaml"), "--patch-out", patch);

        result.ExitCode.Should().Be(0, "the placeholder may be replaced without --force: " + result);
        // overlays/beside-karpenter-plain builds on overlays/plain: the same patch serves both.
        foreach (var overlay in new[] { "plain", "beside-karpenter-plain" })
        {
            var rendered = Kustomize.Render(Path.Combine(manifests, "overlays", overlay));
            var webhook = rendered.Single("MutatingWebhookConfiguration", "schedext")["webhooks"]!.AsArray().Single();
            ((string?)webhook!["clientConfig"]!["caBundle"]).Should().Be(_caBase64, overlay);
        }
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("beside-karpenter-plain")]
    public void A_rendered_openssl_overlay_piped_through_the_script_gets_the_ca(string overlay)
    {
        var rendered = ProcessRunner.Run("kubectl", ["kustomize", Path.Combine(RepositoryLayout.Manifests, "overlays", overlay)]);
        rendered.ExitCode.Should().Be(0, rendered.ToString());

        var result = ProcessRunner.Run("bash", [RepositoryLayout.Script("inject-ca-bundle.sh"), "--ca", _ca],
            standardInput: rendered.StandardOutput);

        result.ExitCode.Should().Be(0, result.ToString());
        var before = YamlToJson.Documents(rendered.StandardOutput);
        var after = YamlToJson.Documents(result.StandardOutput);
        after.Should().HaveCount(before.Count);
        var webhook = after.Single("MutatingWebhookConfiguration", "schedext")["webhooks"]!.AsArray().Single();
        ((string?)webhook!["clientConfig"]!["caBundle"]).Should().Be(_caBase64, "the placeholder is replaced");
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("beside-karpenter-plain")]
    public void The_committed_openssl_overlays_carry_a_placeholder_that_the_api_server_would_reject(string overlay)
    {
        var webhook = Kustomize.Render(Path.Combine(RepositoryLayout.Manifests, "overlays", overlay))
            .Single("MutatingWebhookConfiguration", "schedext")["webhooks"]!.AsArray().Single();

        var caBundle = (string?)webhook!["clientConfig"]!["caBundle"];
        caBundle.Should().Contain("CA-BUNDLE-NOT-SET");
        FluentActions.Invoking(() => Convert.FromBase64String(caBundle!)).Should().Throw<FormatException>();
    }

    [Fact]
    public void Reads_standard_input_and_replaces_an_existing_output_only_with_force()
    {
        var output = _temp.File("out.yaml");
        File.WriteAllText(output, "keep me\n");

        var refused = ProcessRunner.Run("bash",
            [RepositoryLayout.Script("inject-ca-bundle.sh"), "--ca", _ca, "--out", output], standardInput: TwoConfigurations);
        refused.ExitCode.Should().NotBe(0);
        refused.StandardError.Should().Contain("refusing to overwrite").And.Contain("--force");
        File.ReadAllText(output).Should().Be("keep me\n");

        var forced = ProcessRunner.Run("bash",
            [RepositoryLayout.Script("inject-ca-bundle.sh"), "--ca", _ca, "--out", output, "--force"], standardInput: TwoConfigurations);
        forced.ExitCode.Should().Be(0, forced.ToString());
        YamlToJson.Documents(File.ReadAllText(output)).Should().HaveCount(3);
    }

    [Fact]
    public void A_patch_for_several_webhook_configurations_is_refused()
    {
        var input = _temp.File("in.yaml");
        File.WriteAllText(input, TwoConfigurations);

        var result = ProcessRunner.Script("inject-ca-bundle.sh", "--ca", _ca, "--in", input, "--patch-out", _temp.File("p.yaml"));

        result.ExitCode.Should().NotBe(0);
        result.StandardError.Should().Contain("exactly one webhook configuration");
        File.Exists(_temp.File("p.yaml")).Should().BeFalse();
    }

    [Theory]
    [InlineData("missing-ca", "--ca is required")]
    [InlineData("ca-not-pem", "is not a PEM certificate")]
    [InlineData("no-webhook", "no webhook with a clientConfig")]
    [InlineData("flow-style", "flow-style clientConfig is not supported")]
    [InlineData("missing-input", "does not exist")]
    [InlineData("unknown-option", "unknown argument '--bundle'")]
    public void Bad_input_fails_with_a_clear_message(string scenario, string message)
    {
        var input = _temp.File("in.yaml");
        File.WriteAllText(input, scenario switch
        {
            "no-webhook" => "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n",
            "flow-style" => "kind: MutatingWebhookConfiguration\nwebhooks:\n- name: a.b.c\n  clientConfig: {url: https://x}\n",
            _ => TwoConfigurations,
        });
        string[] arguments = scenario switch
        {
            "missing-ca" => ["--in", input],
            "ca-not-pem" => ["--ca", _temp.File("certs/ca.key"), "--in", input],
            "missing-input" => ["--ca", _ca, "--in", _temp.File("nope.yaml")],
            "unknown-option" => ["--ca", _ca, "--bundle", "x"],
            _ => ["--ca", _ca, "--in", input],
        };

        var result = ProcessRunner.Script("inject-ca-bundle.sh", arguments);

        result.ExitCode.Should().NotBe(0);
        result.StandardError.Should().Contain("error:").And.Contain(message);
        result.StandardOutput.Should().BeEmpty();
    }

    private static void RemoveCaBundles(JsonObject document)
    {
        foreach (var webhook in document["webhooks"]!.AsArray())
        {
            webhook!["clientConfig"]!.AsObject().Remove("caBundle");
        }
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
