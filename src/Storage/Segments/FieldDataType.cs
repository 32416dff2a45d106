namespace OrleansVector.Storage.Segments;

/// <summary>A field's type, numbered as Milvus's schema.proto <c>DataType</c> so binlogs and the wire agree.</summary>
public enum FieldDataType
{
    None = 0,
    Bool = 1,
    Int8 = 2,
    Int16 = 3,
    Int32 = 4,
    Int64 = 5,
    Float = 10,
    Double = 11,
    VarChar = 21,
    Array = 22,
    Json = 23,
    BinaryVector = 100,
    FloatVector = 101,
    Float16Vector = 102,
    BFloat16Vector = 103,
    SparseFloatVector = 104,
}
