using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Schema;

/// <summary>What the schema rules and index definitions need to know about Milvus data types.</summary>
public static class DataTypes
{
    public static bool IsVector(DataType type) => type is DataType.FloatVector or DataType.Float16Vector or DataType.Bfloat16Vector
        or DataType.Int8Vector or DataType.BinaryVector or DataType.SparseFloatVector;

    /// <summary>The metric Milvus assumes for a vector field when neither the index nor the request names one.</summary>
    public static string DefaultMetric(DataType type) => type switch
    {
        DataType.BinaryVector => "HAMMING",
        DataType.SparseFloatVector => "IP",
        _ => "COSINE",
    };

    /// <summary>Scalar types a field (or an array element) may have.</summary>
    public static bool IsScalar(DataType type) => type is DataType.Bool or DataType.Int8 or DataType.Int16 or DataType.Int32
        or DataType.Int64 or DataType.Float or DataType.Double or DataType.VarChar;
}
