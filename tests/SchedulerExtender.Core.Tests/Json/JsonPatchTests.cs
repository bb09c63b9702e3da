using System.Text.Json.Nodes;
using SchedulerExtender.Core.Json;

namespace SchedulerExtender.Core.Tests.Json;

/// <summary>The examples of RFC 6902 appendix A, plus the edge cases the RFC text spells out.</summary>
public sealed class JsonPatchTests
{
    [Theory]
    [InlineData("A.1 add object member", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"baz":"qux","foo":"bar"}""")]
    [InlineData("A.2 add array element", """{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("A.3 remove object member", """{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("A.4 remove array element", """{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("A.5 replace", """{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("A.6 move value", """{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("A.7 move array element", """{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData("A.8 test success", """{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""", """{"baz":"qux","foo":["a",2,"c"]}""")]
    [InlineData("A.10 add nested object", """{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""")]
    [InlineData("A.11 unknown members ignored", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux","xyz":123}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("A.14 ~ escape ordering", """{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10}]""", """{"/":9,"~1":10}""")]
    [InlineData("A.16 add array value", """{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")]
    [InlineData("add replaces existing member", """{"a":1}""", """[{"op":"add","path":"/a","value":2}]""", """{"a":2}""")]
    [InlineData("add null value", """{"a":1}""", """[{"op":"add","path":"/b","value":null}]""", """{"a":1,"b":null}""")]
    [InlineData("add whole document", """{"a":1}""", """[{"op":"add","path":"","value":[1]}]""", """[1]""")]
    [InlineData("add at array end index", """{"a":[1]}""", """[{"op":"add","path":"/a/1","value":2}]""", """{"a":[1,2]}""")]
    [InlineData("copy", """{"a":{"b":1}}""", """[{"op":"copy","from":"/a","path":"/c"}]""", """{"a":{"b":1},"c":{"b":1}}""")]
    [InlineData("escaped slash key (labels)", """{"labels":{}}""", """[{"op":"add","path":"/labels/schedext.io~1role","value":"driver"}]""", """{"labels":{"schedext.io/role":"driver"}}""")]
    [InlineData("test numbers by value", """{"a":1}""", """[{"op":"test","path":"/a","value":1.0}]""", """{"a":1}""")]
    [InlineData("test objects ignore member order", """{"a":{"x":1,"y":2}}""", """[{"op":"test","path":"/a","value":{"y":2,"x":1}}]""", """{"a":{"x":1,"y":2}}""")]
    public void Applies(string name, string document, string patch, string expected)
    {
        var result = JsonPatch.Apply(JsonNode.Parse(document), JsonNode.Parse(patch)!.AsArray());

        JsonEquality.Equal(result, JsonNode.Parse(expected)).Should().BeTrue($"{name}: got {result?.ToJsonString()}");
    }

    [Theory]
    [InlineData("A.9 test failure", """{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""")]
    [InlineData("A.12 add to nonexistent target", """{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""")]
    [InlineData("A.15 string is not number", """{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":"10"}]""")]
    [InlineData("remove missing member", """{"a":1}""", """[{"op":"remove","path":"/b"}]""")]
    [InlineData("replace missing member", """{"a":1}""", """[{"op":"replace","path":"/b","value":1}]""")]
    [InlineData("index past end", """{"a":[1]}""", """[{"op":"add","path":"/a/2","value":1}]""")]
    [InlineData("leading zero index", """{"a":[1,2]}""", """[{"op":"remove","path":"/a/01"}]""")]
    [InlineData("dash outside add", """{"a":[1]}""", """[{"op":"remove","path":"/a/-"}]""")]
    [InlineData("move into own child", """{"a":{"b":{}}}""", """[{"op":"move","from":"/a","path":"/a/b/c"}]""")]
    [InlineData("missing value", """{"a":1}""", """[{"op":"add","path":"/b"}]""")]
    [InlineData("unknown op", """{"a":1}""", """[{"op":"frobnicate","path":"/a"}]""")]
    [InlineData("pointer without slash", """{"a":1}""", """[{"op":"remove","path":"a"}]""")]
    [InlineData("bad escape", """{"a":1}""", """[{"op":"remove","path":"/~2"}]""")]
    [InlineData("operation not an object", """{"a":1}""", """["add"]""")]
    public void Rejects(string name, string document, string patch)
    {
        var act = () => JsonPatch.Apply(JsonNode.Parse(document), JsonNode.Parse(patch)!.AsArray());

        act.Should().Throw<JsonPatchException>(name);
    }

    [Fact]
    public void Failed_patch_leaves_the_input_untouched()
    {
        var document = JsonNode.Parse("""{"a":1}""");
        var patch = JsonNode.Parse("""[{"op":"add","path":"/b","value":2},{"op":"test","path":"/a","value":3}]""")!.AsArray();

        var act = () => JsonPatch.Apply(document, patch);

        act.Should().Throw<JsonPatchException>().WithMessage("Operation 1*");
        document!.ToJsonString().Should().Be("""{"a":1}""");
    }
}
