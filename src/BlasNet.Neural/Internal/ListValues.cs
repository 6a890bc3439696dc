namespace BlasNet.Neural;

/// <summary>
/// Value equality for the read-only lists the result records hold (<see cref="StepReport"/>, <see cref="LayerGradientHealth"/>,
/// <see cref="GradientHealthReport"/>): each record keeps its own copy of the lists it is given, so the records' generated
/// equality, which compares lists by reference, made two records built from the same data unequal.
/// </summary>
internal static class ListValues
{
    /// <summary>True when both lists hold equal elements in the same order (<see cref="EqualityComparer{T}.Default"/>: ordinal for strings, by value for records).</summary>
    public static bool Equal<T>(IReadOnlyList<T> a, IReadOnlyList<T> b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Count != b.Count) return false;
        var comparer = EqualityComparer<T>.Default;
        for (int i = 0; i < a.Count; i++)
            if (!comparer.Equals(a[i], b[i])) return false;
        return true;
    }

    /// <summary>A hash of the elements in order, consistent with <see cref="Equal{T}"/>.</summary>
    public static int Hash<T>(IReadOnlyList<T> list)
    {
        var hash = new HashCode();
        hash.Add(list.Count);
        foreach (var item in list) hash.Add(item);
        return hash.ToHashCode();
    }
}
