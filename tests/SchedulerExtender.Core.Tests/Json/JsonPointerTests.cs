using SchedulerExtender.Core.Json;

namespace SchedulerExtender.Core.Tests.Json;

public sealed class JsonPointerTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("schedext.io/mutation", "schedext.io~1mutation")]
    [InlineData("a~b", "a~0b")]
    [InlineData("~/", "~0~1")]
    [InlineData("/~1", "~1~01")]
    [InlineData("", "")]
    public void Escapes_and_unescapes_reference_tokens(string token, string escaped)
    {
        JsonPointer.Escape(token).Should().Be(escaped);
        JsonPointer.Unescape(escaped).Should().Be(token);
    }

    [Fact]
    public void Append_escapes_the_new_token() =>
        JsonPointer.Append("/metadata/annotations", "schedext.io/mutation").Should().Be("/metadata/annotations/schedext.io~1mutation");
}
