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
    private double[] peakAt;
    private double[] peakMagnitude;
    private double[] missed;
    private double[] roundingFloor;
    private bool[] exhausted;
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
        peakAt = new double[capacity];
        peakMagnitude = new double[capacity];
        missed = new double[capacity];
        roundingFloor = new double[capacity];
        exhausted = new bool[capacity];
        byError = new List<int>(capacity);
    }

    public int Count { get; private set; }

    public double Lower(int i) => lower[i];

    public double Upper(int i) => upper[i];

    public double Value(int i) => values[i];

    public double Error(int i) => errors[i];

    public int Level(int i) => levels[i];

    /// <summary>The point of subinterval <paramref name="i"/> where the integrand is known to be largest in magnitude
    /// (sampled by its own rule or by the rule of an interval it came from), and that magnitude (0 when not known).</summary>
    public (double At, double Magnitude) Peak(int i) => (peakAt[i], peakMagnitude[i]);

    /// <summary>The part of <see cref="Error"/> of subinterval <paramref name="i"/> charged for a feature its own rule
    /// missed (see <see cref="Piece.Missed"/>).</summary>
    public double Missed(int i) => missed[i];

    /// <summary>The part of <see cref="Error"/> of subinterval <paramref name="i"/> that the rounding of its rule's nodes
    /// causes and no bisection reduces (see <see cref="Piece.RoundingFloor"/>).</summary>
    public double RoundingFloor(int i) => roundingFloor[i];

    /// <summary>Whether subinterval <paramref name="i"/> is not to be bisected again (see <see cref="Piece.Exhausted"/>).</summary>
    public bool Exhausted(int i) => exhausted[i];

    /// <summary>The index of the subinterval with the <paramref name="rank"/>-th largest error (0-based).</summary>
    public int ByErrorRank(int rank) => byError[rank];

    /// <summary>Adds a subinterval and files it by its error.</summary>
    public int Add(double a, double b, double value, double error, int level, (double At, double Magnitude) peak = default)
    {
        int i = Count++;
        Store(i, new Piece(a, b, value, error) { PeakAt = peak.At, PeakMagnitude = peak.Magnitude }, level);
        Insert(i);
        return i;
    }

    /// <summary>Sets the <see cref="Piece.RoundingFloor"/> of subinterval <paramref name="i"/> (a first rule's).</summary>
    public void SetRoundingFloor(int i, double floor) => roundingFloor[i] = floor;

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
        Store(i, keep, level);
        Store(j, other, level);
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

    /// <summary>Sum of the subintervals' rounding floors (<see cref="RoundingFloor"/>).</summary>
    public double SumRoundingFloors()
    {
        double sum = 0.0;
        for (int i = 0; i < Count; i++)
            sum += roundingFloor[i];
        return sum;
    }

    private void Store(int i, in Piece piece, int level)
    {
        if (i >= lower.Length)
        {
            int capacity = Math.Max(Math.Min(2 * lower.Length, limit), i + 1);
            Array.Resize(ref lower, capacity);
            Array.Resize(ref upper, capacity);
            Array.Resize(ref values, capacity);
            Array.Resize(ref errors, capacity);
            Array.Resize(ref levels, capacity);
            Array.Resize(ref peakAt, capacity);
            Array.Resize(ref peakMagnitude, capacity);
            Array.Resize(ref missed, capacity);
            Array.Resize(ref roundingFloor, capacity);
            Array.Resize(ref exhausted, capacity);
        }

        lower[i] = piece.A;
        upper[i] = piece.B;
        values[i] = piece.Value;
        errors[i] = piece.Error;
        levels[i] = level;
        peakAt[i] = piece.PeakAt;
        peakMagnitude[i] = piece.PeakMagnitude;
        missed[i] = piece.Missed;
        roundingFloor[i] = piece.RoundingFloor;
        exhausted[i] = piece.Exhausted;
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
    public readonly record struct Piece(double A, double B, double Value, double Error)
    {
        /// <summary>Where the integrand is known to be largest on the piece (see <see cref="Peak"/>).</summary>
        public double PeakAt { get; init; } = double.NaN;

        /// <summary>The magnitude of the integrand at <see cref="PeakAt"/>; 0 when not known.</summary>
        public double PeakMagnitude { get; init; }

        /// <summary>The part of <see cref="Error"/> charged for a feature the piece's own rule missed.</summary>
        public double Missed { get; init; }

        /// <summary>The error the rounding of the rule's nodes to doubles causes (QAWC's Chebyshev rule; 0 where not
        /// known): a floor that bisection does not lower where f varies on a scale far below |x|.</summary>
        public double RoundingFloor { get; init; }

        /// <summary>True when the piece's error is its <see cref="RoundingFloor"/> and bisecting its parent did not lower
        /// that floor: bisecting it again would only repeat that (the driver bisects other pieces or stops).</summary>
        public bool Exhausted { get; init; }
    }
}
