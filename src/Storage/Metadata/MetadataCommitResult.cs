namespace OrleansVector.Storage.Metadata;

/// <summary>Whether a transaction's conditions held (and its operations applied), and the store revision after it.</summary>
public readonly record struct MetadataCommitResult(bool Succeeded, long Revision);
