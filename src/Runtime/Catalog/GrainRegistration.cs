namespace OrleansVector.Runtime.Catalog;

/// <summary>A grain interface and the class that implements it, registered with a silo.</summary>
internal sealed record GrainRegistration(Type Interface, Type GrainClass);
