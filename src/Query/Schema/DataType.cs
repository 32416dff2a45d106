namespace OrleansVector.Query.Schema;

/// <summary>Field data types with the numbers of Milvus <c>schema.proto</c> <c>DataType</c>.</summary>
public enum DataType
{
    None = 0,
    Bool = 1,
    Int8 = 2,
    Int16 = 3,
    Int32 = 4,
    Int64 = 5,
    Float = 10,
    Double = 11,
    String = 20,
    VarChar = 21,
    Array = 22,
    Json = 23,
    Geometry = 24,
    Text = 25,
    Timestamptz = 26,
    BinaryVector = 100,
    FloatVector = 101,
    Float16Vector = 102,
    BFloat16Vector = 103,
    SparseFloatVector = 104,
    Int8Vector = 105,
}

/// <summary>Groups of <see cref="DataType"/> the filter language treats alike.</summary>
public static class DataTypes
{
    /// <summary>Int8, Int16, Int32 and Int64.</summary>
    public static bool IsInteger(DataType type) => type is DataType.Int8 or DataType.Int16 or DataType.Int32 or DataType.Int64;

    /// <summary>Float and Double.</summary>
    public static bool IsFloatingPoint(DataType type) => type is DataType.Float or DataType.Double;

    /// <summary>Integers and floating point types.</summary>
    public static bool IsNumeric(DataType type) => IsInteger(type) || IsFloatingPoint(type);

    /// <summary>VarChar and the legacy String.</summary>
    public static bool IsString(DataType type) => type is DataType.VarChar or DataType.String;

    /// <summary>The types an Array field may hold (Milvus: Bool, Int*, Float, Double, VarChar).</summary>
    public static bool IsArrayElement(DataType type) => type == DataType.Bool || IsNumeric(type) || IsString(type);
}
