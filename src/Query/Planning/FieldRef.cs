using OrleansVector.Query.Schema;

namespace OrleansVector.Query.Planning;

/// <summary>A schema field the plan reads, with its position in the schema (the evaluator's column slot).</summary>
internal sealed record FieldRef(FieldSchema Field, int Ordinal)
{
    public string Name => Field.Name;
}
