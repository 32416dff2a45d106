namespace OrleansVector.Grains.Interfaces.Protocol;

/// <summary>Milvus's scalar column payload, whichever of its typed arrays it carries.</summary>
public sealed partial class ScalarField
{
    /// <summary>How many values the column holds (0 when it carries no payload).</summary>
    public int ValueCount => DataCase switch
    {
        DataOneofCase.BoolData => BoolData.Data.Count,
        DataOneofCase.IntData => IntData.Data.Count,
        DataOneofCase.LongData => LongData.Data.Count,
        DataOneofCase.FloatData => FloatData.Data.Count,
        DataOneofCase.DoubleData => DoubleData.Data.Count,
        DataOneofCase.StringData => StringData.Data.Count,
        DataOneofCase.JsonData => JsonData.Data.Count,
        DataOneofCase.ArrayData => ArrayData.Data.Count,
        _ => 0,
    };
}
