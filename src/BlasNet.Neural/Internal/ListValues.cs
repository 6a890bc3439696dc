namespace BlasNet.Neural;

/// <summary>
/// Value hashing for the read-only lists the result records hold (<see cref="StepReport"/>, <see cref="LayerGradientHealth"/>,
/// <see cref="GradientHealthReport"/>): each record keeps its own copy of the lists it is given, so the records' generated
/// equality, which compares lists by reference, made two records built from the same data unequal. Their Equals compares the lists with
/// <see cref="Enumerable.SequenceEqual{TSource}(IEnumerable{TSource}, IEnumerable{TSource})"/>; this is the matching hash.
/// </summary>
internal static class ListValues
{
    /// <summary>A hash of the elements in order, consistent with <c>SequenceEqual</c> under <see cref="EqualityComparer{T}.Default"/>.</summary>
    public static int Hash<T>(IReadOnlyList<T> list)
    {
        var hash = new HashCode();
        hash.Add(list.Count);
        foreach (var item in list) hash.Add(item);
        return hash.ToHashCode();
    }
}
