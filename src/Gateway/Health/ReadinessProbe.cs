namespace OrleansVector.Gateway.Health;

/// <summary>Whether the silo has finished starting and may take traffic.</summary>
public sealed class ReadinessProbe
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
