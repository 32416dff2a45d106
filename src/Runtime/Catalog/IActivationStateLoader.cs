namespace OrleansVector.Runtime.Catalog;

/// <summary>State an activation reads in its setup stage, after directory registration and before OnActivateAsync.</summary>
internal interface IActivationStateLoader
{
    Task LoadAsync();
}
