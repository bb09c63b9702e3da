using SchedulerExtender.Alibaba.Signing;

namespace SchedulerExtender.Alibaba.Tests.Signing;

public sealed class OpenApiSignatureTests
{
    // Alibaba Cloud's published DescribeRegions example: AccessKey testid / testsecret.
    private static List<KeyValuePair<string, string>> PublishedExample(string timestampName) =>
    [
        new(timestampName, "2016-02-23T12:46:24Z"),
        new("Format", "XML"),
        new("AccessKeyId", "testid"),
        new("Action", "DescribeRegions"),
        new("SignatureMethod", "HMAC-SHA1"),
        new("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
        new("Version", "2014-05-26"),
        new("SignatureVersion", "1.0"),
    ];

    [Theory]
    [InlineData("Timestamp", "OLeaidS1JvxuMvnyHOwuJ+uX5qY=")]
    [InlineData("TimeStamp", "CT9X0VtwR86fNWSnsc6v8YGOjuE=")]
    public void Reproduces_the_published_signatures(string timestampName, string expected) =>
        OpenApiSignature.Sign("GET", PublishedExample(timestampName), "testsecret").Should().Be(expected);

    // The published page prints the '&' between pairs unencoded; the published signature is only
    // reproduced with the whole query encoded, '&' as %26 (as the algorithm's description says).
    [Fact]
    public void Reproduces_the_published_string_to_sign() =>
        OpenApiSignature.StringToSign("GET", PublishedExample("TimeStamp")).Should().Be(
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1"
            + "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0"
            + "%26TimeStamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26");

    [Fact]
    public void The_signature_parameter_itself_is_not_signed()
    {
        var parameters = PublishedExample("Timestamp");
        var withSignature = parameters.Append(new("Signature", "anything")).ToList();
        OpenApiSignature.Sign("GET", withSignature, "testsecret").Should().Be(OpenApiSignature.Sign("GET", parameters, "testsecret"));
    }

    [Fact]
    public void The_method_is_part_of_the_signature() =>
        OpenApiSignature.Sign("POST", PublishedExample("Timestamp"), "testsecret").Should().NotBe("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");

    [Theory]
    [InlineData("a b", "a%20b")]
    [InlineData("a*b", "a%2Ab")]
    [InlineData("a~b", "a~b")]
    [InlineData("a+b", "a%2Bb")]
    [InlineData("a/b:c", "a%2Fb%3Ac")]
    [InlineData("-_.", "-_.")]
    [InlineData("k=v&x", "k%3Dv%26x")]
    [InlineData("中", "%E4%B8%AD")]
    [InlineData("[\"i-1\"]", "%5B%22i-1%22%5D")]
    public void Percent_encoding_follows_RFC_3986(string raw, string encoded) =>
        OpenApiSignature.PercentEncode(raw).Should().Be(encoded);

    [Fact]
    public void Parameters_are_sorted_by_byte_order_not_culture() =>
        OpenApiSignature.CanonicalQuery([new("b", "1"), new("B", "2"), new("a", "3"), new("Tag.10.Key", "x"), new("Tag.2.Key", "y")])
            .Should().Be("B=2&Tag.10.Key=x&Tag.2.Key=y&a=3&b=1");
}
