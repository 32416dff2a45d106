using System.Text.Json;
using Google.Protobuf;
using OrleansVector.Grains.Interfaces.Protocol;

namespace OrleansVector.Grains.Search;

/// <summary>Trims the <c>$meta</c> documents of a result to the dynamic keys the request named.</summary>
internal static class DynamicFields
{
    public static void Project(FieldData column, IReadOnlyCollection<string> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }
        var documents = column.Scalars.JsonData.Data;
        for (var row = 0; row < documents.Count; row++)
        {
            using var document = JsonDocument.Parse(documents[row].Memory);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (keys.Contains(property.Name))
                    {
                        property.WriteTo(writer);
                    }
                }
                writer.WriteEndObject();
            }
            documents[row] = ByteString.CopyFrom(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
    }
}
