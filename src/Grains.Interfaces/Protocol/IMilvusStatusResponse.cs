namespace OrleansVector.Grains.Interfaces.Protocol;

/// <summary>A MilvusService response whose field 1 is the call's common.Status (generate.js marks them).</summary>
public interface IMilvusStatusResponse
{
    Status Status { get; set; }
}
