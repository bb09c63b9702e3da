namespace SchedulerExtender.Core.Provisioning;

/// <summary>What the provisioner does next for a node claim (see <see cref="NodeClaimLifecycle"/>).</summary>
public enum NodeClaimAction
{
    /// <summary>No instance recorded yet: launch (idempotent per claim name, so also after a restart).</summary>
    Launch,

    /// <summary>Launched; no Node with its providerID yet.</summary>
    AwaitRegistration,

    /// <summary>A Node with its providerID joined: record it and give the Node the claim's labels.</summary>
    Register,

    /// <summary>Registered; the Node is not Ready yet or still carries a startup taint.</summary>
    AwaitInitialization,

    /// <summary>The Node is Ready and its startup taints are gone: mark the claim initialized (Ready).</summary>
    Initialize,

    /// <summary>Initialized; nothing to do.</summary>
    None,

    /// <summary>Not registered within the registration timeout: release the instance, delete the claim, re-plan its pods.</summary>
    TerminateRegistrationTimeout,

    /// <summary>The instance no longer exists (reclaimed, released by hand): delete the claim.</summary>
    TerminateInstanceGone,

    /// <summary>The claim's Node was deleted after it registered: release the instance and delete the claim.</summary>
    TerminateNodeGone,

    /// <summary>The claim is being deleted: release its instance and Node, then drop our finalizer.</summary>
    Finalize,
}
