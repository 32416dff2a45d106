using System.Text;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Schema;

/// <summary>Milvus's rules for one field of a collection schema: name, data type, type parameters, nullability, default value.</summary>
public static class FieldSchemaRules
{
    public const int MaxDimension = 32768;
    public const int MinDimension = 2;
    public const int MaxVarCharLength = 65535;
    public const int MaxArrayCapacity = 4096;

    /// <summary>Throws <see cref="MilvusException"/> naming the field and the rule it breaks.</summary>
    public static void Validate(FieldSchema field)
    {
        MilvusNames.Validate("field", field.Name, MilvusErrorCode.FieldInvalidName);
        if (field.IsDynamic)
        {
            throw Invalid($"Field '{field.Name}' is marked dynamic; the server adds the dynamic field $meta itself when enable_dynamic_field is set.");
        }
        if (field.IsFunctionOutput)
        {
            throw Invalid($"Field '{field.Name}' is a function output; collection functions are not supported.");
        }
        switch (field.DataType)
        {
            case DataType.Bool or DataType.Int8 or DataType.Int16 or DataType.Int32 or DataType.Int64 or DataType.Float or DataType.Double or DataType.Json:
                break;
            case DataType.VarChar:
                TypeParams.Require(field, TypeParams.MaxLength, 1, MaxVarCharLength);
                break;
            case DataType.Array:
                ValidateArray(field);
                break;
            case DataType.FloatVector or DataType.Float16Vector or DataType.Bfloat16Vector or DataType.Int8Vector:
                TypeParams.Require(field, TypeParams.Dim, MinDimension, MaxDimension);
                break;
            case DataType.BinaryVector:
                if (TypeParams.Require(field, TypeParams.Dim, 8, MaxDimension * 8L) % 8 != 0)
                {
                    throw Invalid($"Field '{field.Name}': the dim of a binary vector must be a multiple of 8.");
                }
                break;
            case DataType.SparseFloatVector:
                if (TypeParams.Find(field.TypeParams, TypeParams.Dim) is not null)
                {
                    throw Invalid($"Field '{field.Name}': a sparse vector field takes no dim.");
                }
                break;
            default:
                throw Invalid($"Field '{field.Name}' has data type {field.DataType}, which is not supported.");
        }
        if (DataTypes.IsVector(field.DataType))
        {
            if (field.Nullable)
            {
                throw Invalid($"Field '{field.Name}': vector fields cannot be nullable.");
            }
            if (field.DefaultValue is not null)
            {
                throw Invalid($"Field '{field.Name}': vector fields cannot have a default value.");
            }
        }
        if (field.DefaultValue is not null)
        {
            ValidateDefault(field);
        }
    }

    private static void ValidateArray(FieldSchema field)
    {
        if (!DataTypes.IsScalar(field.ElementType))
        {
            throw Invalid($"Field '{field.Name}': array element type {field.ElementType} is not supported; use Bool, Int8, Int16, Int32, Int64, Float, Double or VarChar.");
        }
        TypeParams.Require(field, TypeParams.MaxCapacity, 1, MaxArrayCapacity);
        if (field.ElementType == DataType.VarChar)
        {
            TypeParams.Require(field, TypeParams.MaxLength, 1, MaxVarCharLength);
        }
    }

    private static void ValidateDefault(FieldSchema field)
    {
        var value = field.DefaultValue;
        var matches = field.DataType switch
        {
            DataType.Bool => value.DataCase == ValueField.DataOneofCase.BoolData,
            DataType.Int8 => value.DataCase == ValueField.DataOneofCase.IntData && value.IntData is >= sbyte.MinValue and <= sbyte.MaxValue,
            DataType.Int16 => value.DataCase == ValueField.DataOneofCase.IntData && value.IntData is >= short.MinValue and <= short.MaxValue,
            DataType.Int32 => value.DataCase == ValueField.DataOneofCase.IntData,
            DataType.Int64 => value.DataCase == ValueField.DataOneofCase.LongData,
            DataType.Float => value.DataCase == ValueField.DataOneofCase.FloatData,
            DataType.Double => value.DataCase is ValueField.DataOneofCase.DoubleData or ValueField.DataOneofCase.FloatData,
            DataType.VarChar => value.DataCase == ValueField.DataOneofCase.StringData,
            _ => throw Invalid($"Field '{field.Name}': data type {field.DataType} does not support a default value."),
        };
        if (!matches)
        {
            throw Invalid($"Field '{field.Name}': the default value ({value.DataCase}) does not fit data type {field.DataType}.");
        }
        if (field.DataType == DataType.VarChar)
        {
            var limit = TypeParams.Require(field, TypeParams.MaxLength, 1, MaxVarCharLength);
            var length = Encoding.UTF8.GetByteCount(value.StringData);
            if (length > limit)
            {
                throw Invalid($"Field '{field.Name}': the default value has {length} bytes, more than max_length {limit}.");
            }
        }
    }

    private static MilvusException Invalid(string message) => new(MilvusErrorCode.ParameterInvalid, message);
}
