using System.Numerics;

namespace BlasNet.Tests.Core;

/// <summary>Seeded test data and tolerance-aware comparisons shared by the core tests.</summary>
internal static class TestValues
{
    /// <summary>Uniform values in [−1, 1), rounded to T, from a seeded generator.</summary>
    public static T[] Random<T>(int length, Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = new T[length];
        for (int i = 0; i < r.Length; i++) r[i] = T.CreateTruncating(rng.NextDouble() * 2 - 1);
        return r;
    }

    public static T[] Filled<T>(int length, T value) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var r = new T[length];
        Array.Fill(r, value);
        return r;
    }

    public static double[] ToDouble<T>(T[] values) where T : unmanaged, IFloatingPointIeee754<T> =>
        values.Select(double.CreateTruncating).ToArray();

    /// <summary>
    /// T's machine epsilon (the gap above 1: 2⁻⁵² double, 2⁻²³ float, 2⁻¹⁰ Half) with 5 % to spare, read from T itself
    /// rather than chosen per type (issue 14: no float/double dispatch outside the core).
    /// </summary>
    public static double Epsilon<T>() where T : unmanaged, IFloatingPointIeee754<T> => 1.05 * MachineEpsilon<T>();

    /// <summary>T's machine epsilon, exactly: the gap between 1 and the next number of T.</summary>
    public static double MachineEpsilon<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        double.CreateTruncating(T.BitIncrement(T.One) - T.One);

    /// <summary>
    /// Asserts |actual − expected| ≤ 4(k + 2)ε·bound + tiny at every index, where bound is the sum
    /// of the magnitudes of the terms (so cancellation does not make the test flaky) and k the
    /// number of terms summed. NaN anywhere in actual fails.
    /// </summary>
    public static void AssertClose<T>(double[] expected, T[] actual, double[] bound, int k, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        double eps = Epsilon<T>();
        for (int i = 0; i < expected.Length; i++)
        {
            double a = double.CreateTruncating(actual[i]);
            double tol = 4 * (k + 2) * eps * bound[i] + 1e-300;
            if (double.IsNaN(a) || Math.Abs(a - expected[i]) > tol)
                Assert.Fail($"{what}: element {i} is {a}, expected {expected[i]} (tolerance {tol:g3}).");
        }
    }

    /// <summary>Exact equality of doubles, element by element (for entries a routine must not touch).</summary>
    public static void AssertSame<T>(double[] expected, T[] actual, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < expected.Length; i++)
        {
            double a = double.CreateTruncating(actual[i]);
            if (!(a.Equals(expected[i])))
                Assert.Fail($"{what}: element {i} is {a} but must stay {expected[i]}.");
        }
    }

    public static void AssertMatrixClose(double[,] expected, double[,] actual, double tolerance, string what)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        for (int i = 0; i < expected.GetLength(0); i++)
            for (int j = 0; j < expected.GetLength(1); j++)
                if (!(Math.Abs(expected[i, j] - actual[i, j]) <= tolerance))
                    Assert.Fail($"{what}: [{i},{j}] is {actual[i, j]}, expected {expected[i, j]} (tolerance {tolerance:g3}).");
    }
}
