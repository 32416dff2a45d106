using System.Globalization;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Rows;

/// <summary>One field of a collection schema with its type parameters parsed (dim, max_length, max_capacity).</summary>
internal sealed class FieldSpec
{
    public FieldSpec(FieldSchema schema)
    {
        Schema = schema;
        Dim = IntParameter(schema, "dim");
        MaxLength = IntParameter(schema, "max_length");
        MaxCapacity = IntParameter(schema, "max_capacity");
        var template = new FieldData { Type = schema.DataType, FieldName = schema.Name, FieldId = schema.FieldID, IsDynamic = schema.IsDynamic };
        if (IsVector)
        {
            template.Vectors = new VectorField { Dim = Dim };
        }
        else if (schema.DataType == DataType.Array)
        {
            template.Scalars = new ScalarField { ArrayData = new ArrayArray { ElementType = schema.ElementType } };
        }
        Template = template;
    }

    public FieldSchema Schema { get; }

    public string Name => Schema.Name;

    public long Id => Schema.FieldID;

    public DataType Type => Schema.DataType;

    public DataType ElementType => Schema.ElementType;

    public bool Nullable => Schema.Nullable;

    public ValueField? Default => Schema.DefaultValue;

    public bool IsPrimaryKey => Schema.IsPrimaryKey;

    public bool IsPartitionKey => Schema.IsPartitionKey;

    public bool IsDynamic => Schema.IsDynamic;

    /// <summary>Computed by a function (BM25 output); clients never send it.</summary>
    public bool IsFunctionOutput => Schema.IsFunctionOutput;

    public bool IsVector => IsVectorType(Type);

    /// <summary>Vector dimension (bits for binary vectors); 0 for other fields.</summary>
    public int Dim { get; }

    /// <summary>VarChar (or VarChar element) length limit in characters; 0 = none given.</summary>
    public int MaxLength { get; }

    /// <summary>Array element limit; 0 = none given.</summary>
    public int MaxCapacity { get; }

    /// <summary>An empty column of this field (type, name, id, dimension), the shape every column of it takes.</summary>
    public FieldData Template { get; }

    public static bool IsVectorType(DataType type) => type is DataType.FloatVector or DataType.BinaryVector or DataType.Float16Vector
        or DataType.Bfloat16Vector or DataType.SparseFloatVector or DataType.Int8Vector;

    private static int IntParameter(FieldSchema schema, string key)
    {
        foreach (var pair in schema.TypeParams)
        {
            if (pair.Key == key && int.TryParse(pair.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }
        return 0;
    }
}
