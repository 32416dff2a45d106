namespace OrleansVector.Query.Planning;

/// <summary>json_contains / array_contains (one value), their _all and their _any forms.</summary>
internal enum ContainsMode
{
    One,
    All,
    Any,
}
