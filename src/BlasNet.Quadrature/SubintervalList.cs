namespace BlasNet.Quadrature;

/// <summary>
/// The partition an adaptive run works on: each subinterval's limits, integral and error estimates and
/// bisection level, plus the subintervals ordered by decreasing error (QUADPACK's iord), so the driver
/// can always bisect the worst one, or during extrapolation the worst one that is not yet among the
/// smallest.
/// </summary>
internal sealed class SubintervalList
{
    // Most integrals need a handful of subintervals while the limit may be hundreds: start small and grow.
    private const int InitialCapacity = 16;

    private readonly int limit;
    private double[] lower;
    private double[] upper;
    private double[] values;
    private double[] errors;
    private int[] levels;
    private readonly List<int> byError;

    public SubintervalList(int maxCount)
    {
        limit = maxCount;
        int capacity = Math.Min(maxCount, InitialCapacity);
        lower = new double[capacity];
        upper = new double[capacity];
        values = new double[capacity];
        errors = new double[capacity];
        levels = new int[capacity];
        byError = new List<int>(capacity);
    }

    public int Count { get; private set; }

    public double Lower(int i) => lower[i];

    public double Upper(int i) => upper[i];

    public double Value(int i) => values[i];

    public double Error(int i) => errors[i];

    public int Level(int i) => levels[i];

    /// <summary>The index of the subinterval with the <paramref name="rank"/>-th largest error (0-based).</summary>
    public int ByErrorRank(int rank) => byError[rank];

    /// <summary>Adds a subinterval and files it by its error.</summary>
    public int Add(double a, double b, double value, double error, int level)
    {
        int i = Count++;
        Store(i, a, b, value, error, level);
        Insert(i);
        return i;
    }

    /// <summary>Overwrites the error of subinterval <paramref name="i"/> (QAGP's treatment of unreliable
    /// initial estimates) and refiles it.</summary>
    public void SetError(int i, double error)
    {
        byError.Remove(i);
        errors[i] = error;
        Insert(i);
    }

    /// <summary>
    /// Replaces subinterval <paramref name="i"/> (at error rank <paramref name="rank"/>) by its two halves.
    /// The half with the larger error keeps index <paramref name="i"/>, as in QUADPACK, so that on equal
    /// errors the left half is bisected first.
    /// </summary>
    /// <returns>The index given to the other half.</returns>
    public int Bisect(int i, int rank, in Piece left, in Piece right, int level)
    {
        byError.RemoveAt(rank);
        int j = Count++;
        (Piece keep, Piece other) = right.Error > left.Error ? (right, left) : (left, right);
        Store(i, keep.A, keep.B, keep.Value, keep.Error, level);
        Store(j, other.A, other.B, other.Value, other.Error, level);
        // Inserted smaller-first: each goes ahead of equal errors, so the kept half ends up first.
        Insert(j);
        Insert(i);
        return j;
    }

    /// <summary>Sum of the subinterval integrals.</summary>
    public double SumValues()
    {
        double sum = 0.0;
        for (int i = 0; i < Count; i++)
            sum += values[i];
        return sum;
    }

    /// <summary>Sum of the magnitudes of the subinterval integrals.</summary>
    public double SumAbsValues()
    {
        double sum = 0.0;
        for (int i = 0; i < Count; i++)
            sum += Math.Abs(values[i]);
        return sum;
    }

    /// <summary>Sum of the subinterval error estimates, added afresh (a running total updated by
    /// differences drifts).</summary>
    public double SumErrors()
    {
        double sum = 0.0;
        for (int i = 0; i < Count; i++)
            sum += errors[i];
        return sum;
    }

    private void Store(int i, double a, double b, double value, double error, int level)
    {
        if (i >= lower.Length)
        {
            int capacity = Math.Max(Math.Min(2 * lower.Length, limit), i + 1);
            Array.Resize(ref lower, capacity);
            Array.Resize(ref upper, capacity);
            Array.Resize(ref values, capacity);
            Array.Resize(ref errors, capacity);
            Array.Resize(ref levels, capacity);
        }

        lower[i] = a;
        upper[i] = b;
        values[i] = value;
        errors[i] = error;
        levels[i] = level;
    }

    private void Insert(int i)
    {
        // Binary search for the first rank whose error is <= errors[i] (list is non-increasing).
        double e = errors[i];
        int lo = 0, hi = byError.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (errors[byError[mid]] > e)
                lo = mid + 1;
            else
                hi = mid;
        }

        byError.Insert(lo, i);
    }

    /// <summary>One half of a bisected interval.</summary>
    public readonly record struct Piece(double A, double B, double Value, double Error);
}
