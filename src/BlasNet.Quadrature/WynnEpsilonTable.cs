namespace BlasNet.Quadrature;

/// <summary>
/// Wynn's epsilon algorithm as QUADPACK's QELG uses it: accelerates the sequence of partial-integral
/// sums produced while the interval nearest a singularity is bisected again and again, and estimates the
/// error of the extrapolated value from the spread of the last three extrapolations.
/// </summary>
/// <remarks>
/// The table holds the lower diagonal of the epsilon scheme (at most <see cref="MaxElements"/> entries);
/// each <see cref="Extrapolate"/> adds one diagonal, keeps the best element, and drops the part of the
/// table that has become useless (elements equal to roundoff, or an irregular ε-column).
/// </remarks>
internal sealed class WynnEpsilonTable
{
    /// <summary>QUADPACK's limexp: older elements are dropped beyond this many.</summary>
    public const int MaxElements = 50;

    private readonly double[] table = new double[MaxElements + 2];
    private readonly double[] lastResults = new double[3];
    private int extrapolations;

    /// <summary>Number of elements currently in the table (QUADPACK's numrl2).</summary>
    public int Count { get; private set; }

    /// <summary>Appends the newest element of the sequence.</summary>
    public void Append(double value) => table[Count++] = value;

    /// <summary>Computes the new diagonal from the newest element and returns the best extrapolated
    /// value with its error estimate (+∞-like double.MaxValue until three extrapolations exist).</summary>
    public (double Value, double Error) Extrapolate()
    {
        const double huge = double.MaxValue;
        const double eps = RuleEstimate.Epsilon;
        extrapolations++;
        int n = Count;
        double error = huge;
        double result = table[n - 1];
        if (n < 3)
            return (result, Math.Max(error, 5.0 * eps * Math.Abs(result)));

        table[n + 1] = table[n - 1];
        int newElements = (n - 1) / 2;
        table[n - 1] = huge;
        int original = n;
        int k1 = n - 1;
        for (int i = 1; i <= newElements; i++)
        {
            double res = table[k1 + 2];
            double e0 = table[k1 - 2], e1 = table[k1 - 1], e2 = res;
            double e1abs = Math.Abs(e1);
            double delta2 = e2 - e1, err2 = Math.Abs(delta2);
            double tol2 = Math.Max(Math.Abs(e2), e1abs) * eps;
            double delta3 = e1 - e0, err3 = Math.Abs(delta3);
            double tol3 = Math.Max(e1abs, Math.Abs(e0)) * eps;
            if (err2 <= tol2 && err3 <= tol3)
            {
                // e0, e1, e2 agree to machine accuracy: the sequence has converged.
                result = res;
                error = err2 + err3;
                Count = n;
                return (result, Math.Max(error, 5.0 * eps * Math.Abs(result)));
            }

            double e3 = table[k1];
            table[k1] = e1;
            double delta1 = e1 - e3, err1 = Math.Abs(delta1);
            double tol1 = Math.Max(e1abs, Math.Abs(e3)) * eps;
            bool truncate = err1 <= tol1 || err2 <= tol2 || err3 <= tol3;
            double ss = 0.0;
            if (!truncate)
            {
                ss = 1.0 / delta1 + 1.0 / delta2 - 1.0 / delta3;
                // An irregular column (|ss·e1| tiny) means the next element would be noise.
                truncate = Math.Abs(ss * e1) <= 1e-4;
            }

            if (truncate)
            {
                // Two elements coincide (or the column is irregular): keep only the part of the table
                // above this point.
                n = i + i - 1;
                break;
            }

            res = e1 + 1.0 / ss;
            table[k1] = res;
            k1 -= 2;
            double candidateError = err2 + Math.Abs(res - e2) + err3;
            if (candidateError <= error)
            {
                error = candidateError;
                result = res;
            }
        }

        if (n == MaxElements)
            n = 2 * (MaxElements / 2) - 1;
        int ib = original % 2 == 0 ? 1 : 0;
        for (int i = 0; i <= newElements; i++)
        {
            table[ib] = table[ib + 2];
            ib += 2;
        }

        if (original != n)
        {
            int index = original - n;
            for (int i = 0; i < n; i++)
                table[i] = table[index + i];
        }

        Count = n;
        if (extrapolations < 4)
        {
            lastResults[extrapolations - 1] = result;
            error = huge;
        }
        else
        {
            error = Math.Abs(result - lastResults[2]) + Math.Abs(result - lastResults[1])
                + Math.Abs(result - lastResults[0]);
            lastResults[0] = lastResults[1];
            lastResults[1] = lastResults[2];
            lastResults[2] = result;
        }

        return (result, Math.Max(error, 5.0 * eps * Math.Abs(result)));
    }
}
