using System.Text;
using SchedulerExtender.Alibaba.Ack;

namespace SchedulerExtender.Alibaba.Tests.Ack;

/// <summary>
/// No published ROA test vector was found, so the string to sign is checked by hand against the
/// documented rules and the signature and Content-MD5 against values computed independently with
/// openssl (<c>printf '…' | openssl dgst -sha1 -hmac testsecret -binary | base64</c>).
/// </summary>
public sealed class RoaSignatureTests
{
    private const string ExpectedStringToSign =
        "POST\n" +
        "application/json\n" +
        "ChDfdfwC+Tn874znq7Dw7Q==\n" +
        "application/json;charset=utf-8\n" +
        "Tue, 24 Nov 2026 03:00:00 GMT\n" +
        "x-acs-security-token:tok\n" +
        "x-acs-signature-method:HMAC-SHA1\n" +
        "x-acs-signature-nonce:550e8400\n" +
        "x-acs-signature-version:1.0\n" +
        "x-acs-version:2015-12-15\n" +
        "/clusters/c1/attachscript?a=1&b=x y";

    private static RoaSignedHeaders Headers => new("application/json", "ChDfdfwC+Tn874znq7Dw7Q==", "application/json;charset=utf-8", "Tue, 24 Nov 2026 03:00:00 GMT",
    [
        // Unsorted, mixed case, padded, and one header that is not x-acs-*: all normalised or dropped.
        new("x-acs-version", "2015-12-15"),
        new("X-Acs-Signature-Nonce", " 550e8400 "),
        new("Host", "cs.cn-shenzhen.aliyuncs.com"),
        new("x-acs-signature-version", "1.0"),
        new("x-acs-signature-method", "HMAC-SHA1"),
        new("x-acs-security-token", "tok"),
    ]);

    [Fact]
    public void String_to_sign_follows_the_documented_layout()
    {
        RoaSignature.StringToSign("post", Headers, "/clusters/c1/attachscript", [new("b", "x y"), new("a", "1")])
            .Should().Be(ExpectedStringToSign);
    }

    [Fact]
    public void Signature_matches_openssl()
    {
        RoaSignature.Sign(ExpectedStringToSign, "testsecret").Should().Be("hkHlAgyKnkjBnz1ciUQbrNt741E=");
        RoaSignature.Authorization("AKID", "sig=").Should().Be("acs AKID:sig=");
    }

    [Fact]
    public void Content_md5_matches_openssl() =>
        RoaSignature.ContentMd5(Encoding.UTF8.GetBytes("""{"arch":"amd64"}""")).Should().Be("z1tcAn36ynzRJPgMSZTZDg==");

    [Fact]
    public void Absent_headers_are_empty_lines_and_no_query_means_no_question_mark()
    {
        RoaSignature.StringToSign("GET", new RoaSignedHeaders("application/json", null, null, "D", []), "/clusters", [])
            .Should().Be("GET\napplication/json\n\n\nD\n/clusters");
    }

    [Fact]
    public void Any_change_to_a_signed_part_changes_the_signature()
    {
        var baseline = RoaSignature.Sign(ExpectedStringToSign, "testsecret");
        RoaSignature.Sign(ExpectedStringToSign.Replace("c1", "c2", StringComparison.Ordinal), "testsecret").Should().NotBe(baseline);
        RoaSignature.Sign(ExpectedStringToSign, "testsecret&").Should().NotBe(baseline, "the ROA key is the secret alone, without RPC's trailing '&'");
        RoaSignature.Matches(baseline, baseline).Should().BeTrue();
        RoaSignature.Matches(baseline, null).Should().BeFalse();
    }
}
