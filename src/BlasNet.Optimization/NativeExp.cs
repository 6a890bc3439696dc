using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet.Optimization;

/// <summary>
/// eˣ for the jets' and Duals' values: on Linux glibc's default <c>exp</c> (<c>exp@@GLIBC_2.29</c>) called directly, elsewhere
/// <see cref="Math.Exp"/>. .NET's Math.Exp reaches <c>exp@GLIBC_2.2.5</c>, the SVID-compatibility wrapper around the same
/// algorithm (it re-tests the result for overflow to call the old error handler), and through the runtime's own entry; the
/// default version is that algorithm without the wrapper.
/// <para>
/// The value of a jet must stay the double model's bit for bit (the row form's check and the Jacobian's agreement with the
/// residuals rely on it), so the native function is used only when a start-up self-check finds it bit-identical to
/// <see cref="Math.Exp"/> on arguments covering the ranges and edges (±0, subnormal results, underflow to 0, overflow to ∞,
/// ±∞, NaN); otherwise, or when it cannot be found, every call is Math.Exp.
/// </para>
/// </summary>
internal static unsafe class NativeExp
{
    // null: use Math.Exp.
    private static readonly delegate* unmanaged[SuppressGCTransition]<double, double> exp = Resolve();

    /// <summary>Whether the native function passed the self-check and is in use (tests report it).</summary>
    internal static bool IsNative => exp != null;

    /// <summary>eˣ, bit for bit <see cref="Math.Exp"/>'s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Exp(double x) => exp != null ? exp(x) : Math.Exp(x);

    private static delegate* unmanaged[SuppressGCTransition]<double, double> Resolve()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            // "libm.so.6": the glibc soname (a musl system has no such file and keeps Math.Exp).
            if (!NativeLibrary.TryLoad("libm.so.6", out nint libm) || !NativeLibrary.TryGetExport(libm, "exp", out nint address)) return null;
            var candidate = (delegate* unmanaged[SuppressGCTransition]<double, double>)address;
            return AgreesWithMathExp(candidate) ? candidate : null;
        }
        catch (DllNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="candidate"/> returns <see cref="Math.Exp"/>'s bits on the edge arguments and on
    /// a spread of arguments over the whole finite range of the result.</summary>
    internal static bool AgreesWithMathExp(delegate* unmanaged[SuppressGCTransition]<double, double> candidate)
    {
        foreach (double x in EdgeArguments)
            if (!Same(candidate(x), Math.Exp(x))) return false;
        // A fixed pseudo-random spread over [−746, 710]: every exponent range of the result, normal and subnormal.
        ulong state = 0x9E3779B97F4A7C15;
        for (int i = 0; i < 4096; i++)
        {
            state = state * 6364136223846793005 + 1442695040888963407;
            double x = -746 + 1456 * ((state >> 11) * (1.0 / (1UL << 53)));
            if (!Same(candidate(x), Math.Exp(x))) return false;
        }
        return true;
    }

    private static bool Same(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b) || (double.IsNaN(a) && double.IsNaN(b));

    // A property over constant data, not a static field: it must exist when the type initializer runs the self-check.
    internal static ReadOnlySpan<double> EdgeArguments =>
    [
        0.0, -0.0, 1.0, -1.0, 0.5, 1e-300, -1e-300, double.Epsilon, 1e-17, -1e-17,
        709.782712893384, 709.7827128933841, 710, 1e300, // the largest finite result, then overflow to ∞
        -708.3964185322641, -708.4, -720, -744.4400719213812, -745.1332191019411, -745.2, -1e300, // subnormal results, then 0
        double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.MaxValue, double.MinValue,
    ];
}
