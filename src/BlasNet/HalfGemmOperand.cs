using BlasNet.Providers;

namespace BlasNet;

/// <summary>
/// A <see cref="HalfGemm"/> operand: float32 values, Half values, or float32 values to be rounded
/// through Half as they are read (the products of a Half copy without making one).
/// </summary>
internal readonly ref struct HalfGemmOperand
{
    private readonly ReadOnlySpan<float> single;
    private readonly ReadOnlySpan<Half> half;

    private HalfGemmOperand(ReadOnlySpan<float> single, ReadOnlySpan<Half> half, GemmSourceKind kind)
    {
        this.single = single;
        this.half = half;
        Kind = kind;
    }

    /// <summary>How the values are stored and read.</summary>
    public GemmSourceKind Kind { get; }

    /// <summary>Stored elements.</summary>
    public int Length => Kind == GemmSourceKind.Half ? half.Length : single.Length;

    /// <summary>float32 values, read as they are.</summary>
    public static HalfGemmOperand Single(ReadOnlySpan<float> values) => new(values, default, GemmSourceKind.Single);

    /// <summary>Half values, widened exactly.</summary>
    public static HalfGemmOperand Half(ReadOnlySpan<Half> values) => new(default, values, GemmSourceKind.Half);

    /// <summary>float32 values each rounded to the nearest Half (ties to even) as it is read.</summary>
    public static HalfGemmOperand RoundedToHalf(ReadOnlySpan<float> values) => new(values, default, GemmSourceKind.SingleRoundedToHalf);

    /// <summary>The operand from element <paramref name="start"/> on.</summary>
    public HalfGemmOperand Slice(int start) => new(Kind == GemmSourceKind.Half ? default : single[start..], Kind == GemmSourceKind.Half ? half[start..] : default, Kind);

    /// <summary>A reference to the first element (a null reference for an empty operand), for pinning.</summary>
    public ref readonly byte GetPinnableReference() =>
        ref Kind == GemmSourceKind.Half
            ? ref System.Runtime.CompilerServices.Unsafe.As<Half, byte>(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(half))
            : ref System.Runtime.CompilerServices.Unsafe.As<float, byte>(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(single));

    /// <summary>Whether the stored values share memory with <paramref name="output"/>.</summary>
    public bool Overlaps(ReadOnlySpan<float> output) => Kind == GemmSourceKind.Half
        ? System.Runtime.InteropServices.MemoryMarshal.AsBytes(half).Overlaps(System.Runtime.InteropServices.MemoryMarshal.AsBytes(output))
        : single.Overlaps(output);
}
