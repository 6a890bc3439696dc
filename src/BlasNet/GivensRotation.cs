using System.Globalization;
using System.Numerics;
using System.Text;

namespace BlasNet;

/// <summary>
/// The result of <see cref="Blas.Rotg(double, double)"/>: the plane rotation <c>[C S; −S C]</c> that maps (a, b) to (R, 0),
/// with <c>C² + S² = 1</c>. <c>ToString()</c> (and F#'s <c>%A</c>) prints every number at round-trip precision in the
/// invariant culture.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed record GivensRotation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal GivensRotation(T c, T s, T r, T z) { C = c; S = s; R = r; Z = z; }

    /// <summary>The cosine c of the rotation.</summary>
    public T C { get; }

    /// <summary>The sine s of the rotation.</summary>
    public T S { get; }

    /// <summary>r = ±√(a² + b²), the first component of the rotated pair; its sign is that of whichever of a, b is larger in magnitude (of b when they tie).</summary>
    public T R { get; }

    /// <summary>
    /// Reference BLAS's reconstruction value z (what rotg leaves in b), from which c and s are recovered when z is stored
    /// in place of the zeroed element: z = S when |a| &gt; |b|; else 1/C when C ≠ 0; else 1 (a = 0). Recover with
    /// <c>|z| &lt; 1: c = √(1 − z²), s = z; z = 1: c = 0, s = 1; |z| &gt; 1: c = 1/z, s = √(1 − c²)</c>.
    /// </summary>
    public T Z { get; }

    // The generated printer would use the current culture (a decimal comma under de-DE) and float's shortest text
    // widened to double; round-trip text in the invariant culture parses back to the very same value.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("C = ").Append(Text(C)).Append(", S = ").Append(Text(S))
            .Append(", R = ").Append(Text(R)).Append(", Z = ").Append(Text(Z));
        return true;
    }

    internal static string Text(T value) => value.ToString("R", CultureInfo.InvariantCulture);
}
