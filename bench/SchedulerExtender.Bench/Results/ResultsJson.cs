using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SchedulerExtender.Bench.Results;

/// <summary>
/// Reads and writes <c>bench/results.json</c> and the per-benchmark parts it is assembled from.
/// camelCase names, indented (the file is committed and read in diffs), dates as UTC ISO 8601,
/// figures rounded to 4 decimals, and a figure that could not be measured (NaN) written as null:
/// JSON has no NaN, and a writer that produced one would make the whole file unreadable.
/// </summary>
public static class ResultsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // The file is read by people: "≥", "'" and "·" as they are, not \u escapes. It is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new FiniteOrNullConverter(), new UtcDateConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options) + "\n";

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"empty {typeof(T).Name}");

    /// <summary>Writes the part a single benchmark leaves in the parts folder (<c>NAME.json</c>).</summary>
    public static string WritePart(string folder, BenchmarkResult result)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, result.Name + ".json");
        File.WriteAllText(path, Serialize(result));
        return path;
    }

    /// <summary>Every part in the folder; none when the folder does not exist.</summary>
    public static IReadOnlyList<BenchmarkResult> ReadParts(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(f => Deserialize<BenchmarkResult>(File.ReadAllText(f))).ToList()
            : [];

    private sealed class FiniteOrNullConverter : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(Math.Round(value, 4));
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }

    private sealed class UtcDateConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }
}
