using OrleansVector.Runtime.Hosting;
using OrleansVector.Runtime.Messaging;

namespace OrleansVector.Runtime.Catalog;

/// <summary>
/// The local activations of one [StatelessWorker] grain: a request goes to an idle worker, else to a new one while the
/// pool is below its limit, else to the least loaded. No directory entries.
/// </summary>
internal sealed class StatelessWorkerPool(GrainId grainId, GrainClassDescriptor grainClass, SiloRuntime runtime)
{
    private readonly List<ActivationData> _workers = [];

    public int Count
    {
        get
        {
            lock (_workers)
            {
                return _workers.Count;
            }
        }
    }

    public IReadOnlyList<ActivationData> Workers
    {
        get
        {
            lock (_workers)
            {
                return [.. _workers];
            }
        }
    }

    public void Enqueue(Message message)
    {
        while (true)
        {
            ActivationData? target;
            var created = false;
            lock (_workers)
            {
                target = _workers.FirstOrDefault(w => w.Load == 0);
                if (target is null && _workers.Count < grainClass.MaxLocalWorkers)
                {
                    target = new ActivationData(grainId, grainClass, runtime);
                    _workers.Add(target);
                    created = true;
                }
                target ??= _workers.MinBy(w => w.Load)!;
            }
            if (target.Enqueue(message))
            {
                if (created)
                {
                    _ = target.ActivateAsync();
                }
                return;
            }
        }
    }

    public void Remove(ActivationData worker)
    {
        lock (_workers)
        {
            _workers.Remove(worker);
        }
    }
}
