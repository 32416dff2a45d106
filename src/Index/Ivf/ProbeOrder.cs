namespace OrleansVector.Index.Ivf;

/// <summary>Which lists a query scans: the nprobe nearest centroids, nearest first.</summary>
internal static class ProbeOrder
{
    /// <summary>Writes the indexes of the smallest <c>selected.Length</c> distances into selected, smallest first.</summary>
    public static void Select(ReadOnlySpan<float> distances, Span<int> selected, Span<float> selectedDistances)
    {
        var nprobe = selected.Length;
        var count = 0;
        for (var i = 0; i < distances.Length; i++)
        {
            var d = distances[i];
            if (count == nprobe && d >= selectedDistances[count - 1])
            {
                continue;
            }

            // Insertion into the sorted prefix: nprobe is small next to nlist, so this beats a full sort.
            var at = count < nprobe ? count++ : count - 1;
            while (at > 0 && selectedDistances[at - 1] > d)
            {
                selectedDistances[at] = selectedDistances[at - 1];
                selected[at] = selected[at - 1];
                at--;
            }

            selectedDistances[at] = d;
            selected[at] = i;
        }
    }
}
