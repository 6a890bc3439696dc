using System.Numerics;

namespace BlasNet.Tests.Core.Properties;

/// <summary>
/// Test data with NaN/∞ placements, and comparisons that hold NaN placement to IEEE semantics:
/// an expected NaN must be NaN, an expected ±∞ exactly that infinity, an expected finite value
/// finite and within a rounding bound. The expected values come from the plain-loop references
/// (<see cref="NaiveBlas"/>) in double precision, never from BlasNet.
/// </summary>
internal static class IeeeReference
{
    /// <summary>The value gaps of read-only operands hold: a routine that reads one turns a result into NaN.</summary>
    public const double InputGap = double.NaN;

    /// <summary>The value gaps of written operands hold: a routine that writes one changes it.</summary>
    public const double OutputGap = -7777.25;

    /// <summary>A value of magnitude in [0.25, 1], never zero (so 0·NaN cannot hide a NaN by accident).</summary>
    public static double Value(Random rng) => (rng.Next(2) == 0 ? -1 : 1) * (0.25 + 0.75 * rng.NextDouble());

    public static double Special(Random rng) => rng.Next(3) switch { 0 => double.NaN, 1 => double.PositiveInfinity, _ => double.NegativeInfinity };

    /// <summary>An α or β: one time in six NaN or ±∞ (computed from the definition on every provider), else 0, ±1, ½ or a random value.</summary>
    public static double Scalar(Draw d, Random rng) =>
        d.Int(0, 5) == 5 ? Special(rng) : d.Pick(0.0, 1.0, -1.0, 0.5, Math.Round(4 * rng.NextDouble() - 2, 3));

    /// <summary>A strided vector of n values (gaps hold <paramref name="gap"/>), with NaN/∞ at random logical positions.</summary>
    public static double[] Vector(Draw d, Random rng, int n, int inc, double gap, int specials)
    {
        var v = new double[n == 0 ? d.Int(0, 2) : 1 + (n - 1) * inc];
        Array.Fill(v, gap);
        for (int i = 0; i < n; i++) v[i * inc] = Value(rng);
        for (int s = 0; s < specials && n > 0; s++) v[rng.Next(n) * inc] = Special(rng);
        return v;
    }

    /// <summary>A row-major rows×cols matrix with leading dimension ld (padding holds <paramref name="gap"/>), NaN/∞ at random elements.</summary>
    public static double[] Matrix(Random rng, int rows, int cols, int ld, double gap, int specials)
    {
        var m = new double[rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols];
        Array.Fill(m, gap);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) m[i * ld + j] = Value(rng);
        for (int s = 0; s < specials && rows * cols > 0; s++) m[rng.Next(rows) * ld + rng.Next(cols)] = Special(rng);
        return m;
    }

    /// <summary>
    /// A row-major n×n triangular matrix, well conditioned (diagonal of magnitude 1.5–2.5, the rest
    /// scaled by 1/n). The other triangle holds NaN, and so does the diagonal when it is a unit one:
    /// BLAS must not read them. <paramref name="nanSpecials"/> NaN go into the referenced part.
    /// </summary>
    public static double[] Triangular(Random rng, int n, int ld, bool upper, bool unit, int nanSpecials)
    {
        var a = new double[n == 0 ? 0 : (n - 1) * ld + n];
        Array.Fill(a, InputGap);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                if (i == j) a[i * ld + j] = unit ? double.NaN : Math.CopySign(1.5 + rng.NextDouble(), Value(rng));
                else if (upper ? j > i : j < i) a[i * ld + j] = Value(rng) / n;
            }
        for (int s = 0; s < nanSpecials && n > 0; s++)
        {
            int i = rng.Next(n), j = rng.Next(n);
            if (upper ? j < i : j > i) (i, j) = (j, i);
            if (unit && i == j) continue;
            a[i * ld + j] = double.NaN;
        }
        return a;
    }

    public static T[] To<T>(double[] v) where T : unmanaged, IFloatingPointIeee754<T> => v.Select(T.CreateTruncating).ToArray();

    public static double[] Back<T>(T[] v) where T : unmanaged, IFloatingPointIeee754<T> => v.Select(double.CreateTruncating).ToArray();

    public static double Epsilon<T>() where T : unmanaged, IFloatingPointIeee754<T> => 0.505 * TestValues.MachineEpsilon<T>(); // unit roundoff u = ε/2, 1 % to spare

    /// <summary>
    /// IEEE placement and accuracy: NaN ⇔ NaN, ±∞ exactly, finite within 4(k + 2)ε·bound + 2ε·|expected|
    /// (bound: the sum of the magnitudes of the terms, so cancellation cannot make it flaky).
    /// </summary>
    public static void Element(double expected, double actual, double bound, int k, double eps, string what)
    {
        if (double.IsNaN(expected))
        {
            if (!double.IsNaN(actual)) Assert.Fail($"{what}: expected NaN, got {actual}.");
            return;
        }
        if (double.IsInfinity(expected))
        {
            if (actual != expected) Assert.Fail($"{what}: expected {expected}, got {actual}.");
            return;
        }
        // A NaN or ∞ the routine must not read (α = 0, β = 0) makes the magnitude bound non-finite.
        if (!double.IsFinite(bound)) bound = Math.Abs(expected);
        double tol = 4 * (k + 2) * eps * bound + 2 * eps * Math.Abs(expected) + 1e-300;
        if (!(Math.Abs(actual - expected) <= tol)) Assert.Fail($"{what}: expected {expected}, got {actual} (tolerance {tol:g3}).");
    }

    /// <summary>
    /// One element of a product whose α or β is NaN or ±∞: the definition α·s + β·c (β = 0: α·s, c not read), s the
    /// element's sum of products in double and <paramref name="magnitude"/> the sum of their magnitudes. The routine sums
    /// in T, in its own order: where s is within that rounding of 0, an infinite α meets a sum of either sign or 0, so
    /// only "not finite" is required there (NaN when β·c is NaN); elsewhere NaN and the infinity are placed exactly.
    /// </summary>
    public static void DefinedElement(double alpha, double s, double magnitude, double beta, double c, double actual, int k, double eps, string what)
    {
        double betaTerm = beta == 0 ? 0 : beta * c;
        bool signOpen = double.IsInfinity(alpha) && double.IsFinite(s) && Math.Abs(s) <= 4 * (k + 2) * eps * magnitude;
        if (!signOpen)
        {
            Element(alpha * s + betaTerm, actual, Math.Abs(alpha * s) + Math.Abs(betaTerm), k, eps, what);
            return;
        }
        if (double.IsNaN(betaTerm) ? !double.IsNaN(actual) : double.IsFinite(actual))
            Assert.Fail($"{what}: α = {alpha} times a sum within rounding of 0 ({s}) plus β·c = {betaTerm}: expected {(double.IsNaN(betaTerm) ? "NaN" : "NaN or ±∞")}, got {actual}.");
    }

    /// <summary>
    /// For solves, where blocked algorithms may meet ∞ − ∞ in another order than substitution does:
    /// the non-finite positions agree, and the finite ones are within <paramref name="tolerance"/>.
    /// </summary>
    public static void SolveElement(double expected, double actual, double tolerance, string what)
    {
        if (!double.IsFinite(expected))
        {
            if (double.IsFinite(actual)) Assert.Fail($"{what}: expected a non-finite value ({expected}), got {actual}.");
            return;
        }
        if (!(Math.Abs(actual - expected) <= tolerance)) Assert.Fail($"{what}: expected {expected}, got {actual} (tolerance {tolerance:g3}).");
    }

    /// <summary>Bitwise equality (NaN included) of the positions a routine must not touch.</summary>
    public static void Untouched(double[] before, double[] after, Func<int, bool> isGap, string what)
    {
        for (int i = 0; i < before.Length; i++)
            if (isGap(i) && !before[i].Equals(after[i]))
                Assert.Fail($"{what}: position {i} is outside the operand but changed from {before[i]} to {after[i]}.");
    }

    /// <summary>Where the NaN and ∞ of a row-major operand are (for failure messages).</summary>
    public static string NonFinite(double[] v, int ld, Func<int, int, bool>? include = null) =>
        string.Join(" ", v.Select((x, p) => (x, p)).Where(t => !double.IsFinite(t.x) && (include is null || include(t.p / Math.Max(1, ld), t.p % Math.Max(1, ld)))).Select(t => $"[{t.p / Math.Max(1, ld)},{t.p % Math.Max(1, ld)}]={t.x}"));

    public static bool InVector(int i, int n, int inc) => i % inc == 0 && i / inc < n;

    public static bool InMatrix(int i, int cols, int ld) => i % ld < cols;
}
