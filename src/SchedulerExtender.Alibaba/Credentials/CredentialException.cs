namespace SchedulerExtender.Alibaba.Credentials;

/// <summary>Credentials could not be obtained. Messages never contain secret values.</summary>
public sealed class CredentialException : Exception
{
    public CredentialException()
    {
    }

    public CredentialException(string message)
        : base(message)
    {
    }

    public CredentialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
