using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using OrleansVector.Grains.Interfaces.Milvus;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Gateway.Rest;

/// <summary>
/// REST rows (JSON objects) to the columns the Milvus protocol carries, by the collection's schema: one FieldData per
/// field with full-length data and valid_data for nullable fields, vectors of every type in Milvus's JSON forms
/// (<see cref="RestVectors"/>), keys outside the schema into the $meta JSON column when the dynamic field is on, an
/// auto-ID primary key left out.
/// </summary>
public static class RestColumns
{
    public const string DynamicField = "$meta";

    public static List<FieldData> FromRows(CollectionSchema schema, JsonArray rows)
    {
        var fields = schema.Fields.Where(f => !f.IsDynamic && !f.IsFunctionOutput && !(f.IsPrimaryKey && f.AutoID)).ToList();
        var columns = fields.Select(f => new FieldData { Type = f.DataType, FieldName = f.Name, FieldId = f.FieldID }).ToList();
        var vectors = fields.Select(f => RestVectors.IsVector(f.DataType) ? new RestVectorColumn(f) : null).ToArray();
        var dynamic = schema.EnableDynamicField ? new FieldData { Type = DataType.Json, FieldName = DynamicField, IsDynamic = true, Scalars = new ScalarField { JsonData = new JSONArray() } } : null;
        var known = schema.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r] is not JsonObject row)
            {
                throw RestCall.Format($"data[{r}]", "an object", rows[r]);
            }
            for (var f = 0; f < fields.Count; f++)
            {
                Append(columns[f], vectors[f], fields[f], row[fields[f].Name], r);
            }
            if (dynamic is not null)
            {
                var extra = new JsonObject();
                foreach (var (key, value) in row)
                {
                    if (!known.Contains(key))
                    {
                        extra[key] = value?.DeepClone();
                    }
                }
                dynamic.Scalars.JsonData.Data.Add(ByteString.CopyFromUtf8(extra.ToJsonString()));
            }
            else if (row.Select(p => p.Key).FirstOrDefault(k => !known.Contains(k)) is { } unknown)
            {
                throw new MilvusException(MilvusErrorCode.FieldNotFound, $"field '{unknown}' of data[{r}] is not in the schema and the dynamic field is off");
            }
        }
        for (var f = 0; f < fields.Count; f++)
        {
            if (vectors[f] is { } vector)
            {
                columns[f].Vectors = vector.Build();
            }
        }
        if (dynamic is not null)
        {
            columns.Add(dynamic);
        }
        return columns;
    }

    private static void Append(FieldData column, RestVectorColumn? vectors, FieldSchema field, JsonNode? value, int row)
    {
        var name = $"data[{row}].{field.Name}";
        if (value is null)
        {
            if (!field.Nullable)
            {
                throw RestCall.Missing(name);
            }
            column.ValidData.Add(false);
            AppendDefault(column, field);
            return;
        }
        if (field.Nullable)
        {
            column.ValidData.Add(true);
        }
        if (vectors is not null)
        {
            vectors.Add(value, name);
            return;
        }
        column.Scalars ??= new ScalarField();
        switch (field.DataType)
        {
            case DataType.Bool:
                (column.Scalars.BoolData ??= new BoolArray()).Data.Add(Get<bool>(value, name));
                break;
            case DataType.Int8:
            case DataType.Int16:
            case DataType.Int32:
                (column.Scalars.IntData ??= new IntArray()).Data.Add(Get<int>(value, name));
                break;
            case DataType.Int64:
                (column.Scalars.LongData ??= new LongArray()).Data.Add(Get<long>(value, name));
                break;
            case DataType.Float:
                (column.Scalars.FloatData ??= new FloatArray()).Data.Add(Get<float>(value, name));
                break;
            case DataType.Double:
                (column.Scalars.DoubleData ??= new DoubleArray()).Data.Add(Get<double>(value, name));
                break;
            case DataType.VarChar:
            case DataType.String:
                (column.Scalars.StringData ??= new StringArray()).Data.Add(Get<string>(value, name));
                break;
            case DataType.Json:
                (column.Scalars.JsonData ??= new JSONArray()).Data.Add(ByteString.CopyFromUtf8(value.ToJsonString()));
                break;
            case DataType.Array:
                (column.Scalars.ArrayData ??= new ArrayArray { ElementType = field.ElementType }).Data.Add(ArrayElement(field.ElementType, value, name));
                break;
            default:
                throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"field '{field.Name}' of type {RestSchema.TypeName(field.DataType)} cannot be written through REST here: invalid parameter");
        }
    }

    private static void AppendDefault(FieldData column, FieldSchema field)
    {
        column.Scalars ??= new ScalarField();
        switch (field.DataType)
        {
            case DataType.Bool: (column.Scalars.BoolData ??= new BoolArray()).Data.Add(false); break;
            case DataType.Int8 or DataType.Int16 or DataType.Int32: (column.Scalars.IntData ??= new IntArray()).Data.Add(0); break;
            case DataType.Int64: (column.Scalars.LongData ??= new LongArray()).Data.Add(0); break;
            case DataType.Float: (column.Scalars.FloatData ??= new FloatArray()).Data.Add(0); break;
            case DataType.Double: (column.Scalars.DoubleData ??= new DoubleArray()).Data.Add(0); break;
            case DataType.VarChar or DataType.String: (column.Scalars.StringData ??= new StringArray()).Data.Add(""); break;
            case DataType.Json: (column.Scalars.JsonData ??= new JSONArray()).Data.Add(ByteString.CopyFromUtf8("null")); break;
            case DataType.Array: (column.Scalars.ArrayData ??= new ArrayArray { ElementType = field.ElementType }).Data.Add(new ScalarField()); break;
            default: throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"field '{field.Name}' cannot be null: invalid parameter");
        }
    }

    private static ScalarField ArrayElement(DataType element, JsonNode value, string name)
    {
        if (value is not JsonArray items)
        {
            throw RestCall.Format(name, "an array", value);
        }
        return element switch
        {
            DataType.Bool => new ScalarField { BoolData = new BoolArray { Data = { items.Select(i => Get<bool>(i, name)) } } },
            DataType.Int8 or DataType.Int16 or DataType.Int32 => new ScalarField { IntData = new IntArray { Data = { items.Select(i => Get<int>(i, name)) } } },
            DataType.Int64 => new ScalarField { LongData = new LongArray { Data = { items.Select(i => Get<long>(i, name)) } } },
            DataType.Float => new ScalarField { FloatData = new FloatArray { Data = { items.Select(i => Get<float>(i, name)) } } },
            DataType.Double => new ScalarField { DoubleData = new DoubleArray { Data = { items.Select(i => Get<double>(i, name)) } } },
            DataType.VarChar or DataType.String => new ScalarField { StringData = new StringArray { Data = { items.Select(i => Get<string>(i, name)) } } },
            _ => throw new MilvusException(MilvusErrorCode.ParameterInvalid, $"{name}: arrays of {RestSchema.TypeName(element)} are not supported: invalid parameter"),
        };
    }

    /// <summary>A JSON value as <typeparamref name="T"/>, or a format error naming the parameter.</summary>
    internal static T Get<T>(JsonNode? node, string name)
    {
        try
        {
            if (node is JsonValue value && value.TryGetValue<T>(out var result))
            {
                return result;
            }
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException)
        {
            // Falls through to the format error below, which names the value.
        }
        throw RestCall.Format(name, $"a {typeof(T).Name}", node);
    }

    /// <summary>Text the JSON column holds, parsed back; null when it is not JSON.</summary>
    public static JsonNode? ParseJson(ByteString bytes)
    {
        try
        {
            return JsonNode.Parse(bytes.Span);
        }
        catch (JsonException)
        {
            return JsonValue.Create(Encoding.UTF8.GetString(bytes.Span));
        }
    }
}
