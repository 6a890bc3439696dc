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

    /// <summary>
    /// Throws when the rows×columns matrix this operand holds (leading dimension <paramref name="ld"/>, from its first
    /// element) shares an element with the m×n output <paramref name="c"/> (leading dimension ldc). float32 operands are
    /// checked element by element, as the float32 GEMM checks its operands: a range test alone refused an A or B in C's
    /// padding columns, or beside C in one row-major workspace, where no element is both read and written. Half storage
    /// can share memory with float32 output only through a reinterpreting cast, where elements of different sizes do not
    /// line up: any overlap of the byte ranges is refused (conservative, never unsafe).
    /// </summary>
    /// <exception cref="ArgumentException">The operand and c share memory as described (ParamName "c" for an element shared by float32 storage, <paramref name="name"/> for overlapping Half storage).</exception>
    public void RequireNoSharedElement(int rows, int columns, int ld, Span<float> c, int m, int n, int ldc, string name)
    {
        if (Kind != GemmSourceKind.Half)
        {
            Check.NoOverlap(single, rows, columns, ld, c, m, n, ldc, name, "c");
            return;
        }
        if (System.Runtime.InteropServices.MemoryMarshal.AsBytes(half).Overlaps(System.Runtime.InteropServices.MemoryMarshal.AsBytes((ReadOnlySpan<float>)c)))
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{name} (Half, {half.Length} elements) overlaps c ({c.Length} float32 elements) in memory; the product needs separate output storage."), name);
    }
}
