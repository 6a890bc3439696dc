using System.Numerics;
using System.Text;

namespace BlasNet;

/// <summary>
/// Which entries of a modified Givens matrix H are free, as BLAS's <c>param[0]</c> flag encodes it (the member's value is that flag).
/// </summary>
public enum ModifiedRotationForm
{
    /// <summary>Flag −1: every entry of H = [h11 h12; h21 h22] is stored.</summary>
    Full = -1,
    /// <summary>Flag 0: H = [1 h12; h21 1].</summary>
    UnitDiagonal = 0,
    /// <summary>Flag 1: H = [h11 1; −1 h22].</summary>
    SkewOffDiagonal = 1,
    /// <summary>Flag −2: H is the identity; applying it leaves x and y untouched.</summary>
    Identity = -2,
}

/// <summary>
/// The result of <see cref="Blas.Rotmg(double, double, double, double)"/>: the modified Givens matrix H with
/// <c>H·[x1; y1] = [X1; 0]</c> and <c>Hᵀ·diag(D1, D2)·H = diag(d1, d2)</c>, so that √d·(rotated vectors) stays the
/// plain rotation of √d·(vectors) without square roots. <see cref="Blas.Rotm(double[], double[], ModifiedGivensRotation{double})"/>
/// applies it. H11…H22 always hold the whole matrix (the implied 1, −1 and 0 written out), whatever <see cref="Form"/> says;
/// <see cref="ToParameters"/> gives BLAS's 5-element param array. <c>ToString()</c> prints every number at round-trip
/// precision in the invariant culture.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed record ModifiedGivensRotation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal ModifiedGivensRotation(ModifiedRotationForm form, T h11, T h21, T h12, T h22, T d1, T d2, T x1)
    {
        Form = form; H11 = h11; H21 = h21; H12 = h12; H22 = h22; D1 = d1; D2 = d2; X1 = x1;
    }

    /// <summary>Which entries of H are free (BLAS's flag).</summary>
    public ModifiedRotationForm Form { get; }

    /// <summary>h11 of H (1 for <see cref="ModifiedRotationForm.UnitDiagonal"/> and <see cref="ModifiedRotationForm.Identity"/>).</summary>
    public T H11 { get; }

    /// <summary>h21 of H (−1 for <see cref="ModifiedRotationForm.SkewOffDiagonal"/>, 0 for <see cref="ModifiedRotationForm.Identity"/>).</summary>
    public T H21 { get; }

    /// <summary>h12 of H (1 for <see cref="ModifiedRotationForm.SkewOffDiagonal"/>, 0 for <see cref="ModifiedRotationForm.Identity"/>).</summary>
    public T H12 { get; }

    /// <summary>h22 of H (1 for <see cref="ModifiedRotationForm.UnitDiagonal"/> and <see cref="ModifiedRotationForm.Identity"/>).</summary>
    public T H22 { get; }

    /// <summary>The updated weight d1 (what rotmg leaves in d1).</summary>
    public T D1 { get; }

    /// <summary>The updated weight d2 (what rotmg leaves in d2).</summary>
    public T D2 { get; }

    /// <summary>The rotated first component x1 (what rotmg leaves in x1): H·[x1; y1] = [X1; 0].</summary>
    public T X1 { get; }

    /// <summary>BLAS's param array <c>[flag, h11, h21, h12, h22]</c> (a new array), for code that passes it on as rotm's param.</summary>
    public T[] ToParameters() => [T.CreateTruncating((int)Form), H11, H21, H12, H22];

    // Invariant, round-trip numbers (see GivensRotation's printer).
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Form = ").Append(Form)
            .Append(", H11 = ").Append(GivensRotation<T>.Text(H11)).Append(", H21 = ").Append(GivensRotation<T>.Text(H21))
            .Append(", H12 = ").Append(GivensRotation<T>.Text(H12)).Append(", H22 = ").Append(GivensRotation<T>.Text(H22))
            .Append(", D1 = ").Append(GivensRotation<T>.Text(D1)).Append(", D2 = ").Append(GivensRotation<T>.Text(D2))
            .Append(", X1 = ").Append(GivensRotation<T>.Text(X1));
        return true;
    }
}
