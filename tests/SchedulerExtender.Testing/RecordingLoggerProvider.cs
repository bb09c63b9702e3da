using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SchedulerExtender.Testing;

/// <summary>Records every formatted log line (with its exception) for assertions.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider, ILoggerFactory
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public ILogger<T> For<T>() => new Logger<T>(this);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class Recorder(RecordingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
