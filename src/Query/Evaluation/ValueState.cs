namespace OrleansVector.Query.Evaluation;

/// <summary>
/// What one row holds for a value expression: a value, a null (the field is null: comparisons are false and stay
/// false under <c>not</c>), or nothing (a missing JSON key, an index past the end: comparisons are false, but the
/// row is not null, so <c>not</c> turns them true — Milvus's rules).
/// </summary>
internal enum ValueState
{
    Present,
    Null,
    Missing,
}
