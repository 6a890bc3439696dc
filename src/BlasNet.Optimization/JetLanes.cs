using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BlasNet.Optimization;

/// <summary>
/// The partials of a <see cref="Jet{TLanes}"/>: a fixed number of doubles in one SIMD register, with the few
/// operations the chain rule needs. Implementations are structs with static members, so the JIT specialises
/// <see cref="Jet{TLanes}"/> (and the user's generic model) per width and inlines every call — the pattern of the
/// core's GEMM kernel (IGemmVector). Five widths exist: <see cref="JetLanes4"/> (Vector256), <see cref="JetLanes8"/>
/// (Vector512), <see cref="JetLanes12"/> (Vector512 + Vector256), <see cref="JetLanes12x256"/> (three Vector256, for AVX2)
/// and <see cref="JetLanes16"/> (two Vector512); the choice per problem is <see cref="GenericResiduals"/>'s.
/// </summary>
internal interface IJetLanes<TSelf> where TSelf : struct, IJetLanes<TSelf>
{
    /// <summary>Partials per jet.</summary>
    static abstract int Count { get; }

    /// <summary>Whether this width runs in hardware here (otherwise every operation is emulated and slow).</summary>
    static abstract bool IsAccelerated { get; }

    static abstract TSelf Zero { get; }

    /// <summary>The unit partial vector eₖ (0 ≤ k &lt; Count).</summary>
    static abstract TSelf Unit(int k);

    static abstract TSelf Add(TSelf a, TSelf b);
    static abstract TSelf Subtract(TSelf a, TSelf b);
    static abstract TSelf Negate(TSelf a);
    static abstract TSelf Scale(TSelf a, double s);
    /// <summary>a/s, a true division as <see cref="Dual"/> rounds it (multiplying by 1/s was measured slower at 16 lanes
    /// on Zen 4, bench/RESULTS.md, and differs by an ulp).</summary>
    static abstract TSelf Divide(TSelf a, double s);

    /// <summary>a·s + b·t, rounded as the scalar expression is (no fused multiply–add), as <see cref="Dual"/> rounds it.</summary>
    static abstract TSelf Combine(TSelf a, double s, TSelf b, double t);

    /// <summary>a·s with 0·∞ taken as 0 per lane: a partial that is 0 stays 0 (as <see cref="Dual"/>'s Chain).</summary>
    static abstract TSelf Chain(TSelf a, double s);

    /// <summary>value, with the lanes where both a and b are 0 set to 0.</summary>
    static abstract TSelf ZeroWhereBothZero(TSelf value, TSelf a, TSelf b);

    /// <summary>The lanes where <paramref name="condition"/> is 0 from <paramref name="ifZero"/>, the others from
    /// <paramref name="otherwise"/>.</summary>
    static abstract TSelf SelectWhereZero(TSelf condition, TSelf ifZero, TSelf otherwise);

    static abstract bool IsZero(TSelf a);

    /// <summary>Lane k.</summary>
    static abstract double Get(TSelf a, int k);

    /// <summary>Writes the first destination.Length (≤ Count) lanes.</summary>
    static abstract void CopyTo(TSelf a, Span<double> destination);
}

/// <summary>Four partials in a Vector256 (AVX2).</summary>
internal readonly struct JetLanes4 : IJetLanes<JetLanes4>
{
    private readonly Vector256<double> v;

    // The first `count` lanes of any width as doubles in memory (the lanes are consecutive doubles): one block copy for a
    // partial write (a last pass with fewer columns than lanes, e.g. 12 of 16), where reading lane by lane from the
    // register was a store and a load per lane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ReadOnlySpan<double> Lanes<TLanes>(ref TLanes a, int count) where TLanes : struct
        => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<TLanes, double>(ref a), count);

    private JetLanes4(Vector256<double> v) => this.v = v;

    public static int Count => 4;
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;
    public static JetLanes4 Zero => default;

    public static JetLanes4 Unit(int k) => new(Vector256<double>.Zero.WithElement(k, 1.0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes4 Add(JetLanes4 a, JetLanes4 b) => new(a.v + b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes4 Subtract(JetLanes4 a, JetLanes4 b) => new(a.v - b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes4 Negate(JetLanes4 a) => new(-a.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes4 Scale(JetLanes4 a, double s) => new(a.v * s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes4 Divide(JetLanes4 a, double s) => new(a.v / Vector256.Create(s));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes4 Combine(JetLanes4 a, double s, JetLanes4 b, double t) => new(a.v * s + b.v * t);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes4 Chain(JetLanes4 a, double s)
        => new(Vector256.ConditionalSelect(Vector256.Equals(a.v, Vector256<double>.Zero), Vector256<double>.Zero, a.v * s));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes4 ZeroWhereBothZero(JetLanes4 value, JetLanes4 a, JetLanes4 b)
    {
        var both = Vector256.Equals(a.v, Vector256<double>.Zero) & Vector256.Equals(b.v, Vector256<double>.Zero);
        return new(Vector256.ConditionalSelect(both, Vector256<double>.Zero, value.v));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes4 SelectWhereZero(JetLanes4 condition, JetLanes4 ifZero, JetLanes4 otherwise)
        => new(Vector256.ConditionalSelect(Vector256.Equals(condition.v, Vector256<double>.Zero), ifZero.v, otherwise.v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool IsZero(JetLanes4 a) => a.v == Vector256<double>.Zero;
    public static double Get(JetLanes4 a, int k) => a.v.GetElement(k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyTo(JetLanes4 a, Span<double> destination)
    {
        if (destination.Length >= 4) a.v.CopyTo(destination);
        else Lanes(ref a, destination.Length).CopyTo(destination);
    }
}

/// <summary>Eight partials in a Vector512 (AVX-512).</summary>
internal readonly struct JetLanes8 : IJetLanes<JetLanes8>
{
    private readonly Vector512<double> v;

    private JetLanes8(Vector512<double> v) => this.v = v;

    public static int Count => 8;
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;
    public static JetLanes8 Zero => default;

    public static JetLanes8 Unit(int k) => new(Vector512<double>.Zero.WithElement(k, 1.0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes8 Add(JetLanes8 a, JetLanes8 b) => new(a.v + b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes8 Subtract(JetLanes8 a, JetLanes8 b) => new(a.v - b.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes8 Negate(JetLanes8 a) => new(-a.v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes8 Scale(JetLanes8 a, double s) => new(a.v * s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes8 Divide(JetLanes8 a, double s) => new(a.v / Vector512.Create(s));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes8 Combine(JetLanes8 a, double s, JetLanes8 b, double t) => new(a.v * s + b.v * t);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes8 Chain(JetLanes8 a, double s)
        => new(Vector512.ConditionalSelect(Vector512.Equals(a.v, Vector512<double>.Zero), Vector512<double>.Zero, a.v * s));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes8 ZeroWhereBothZero(JetLanes8 value, JetLanes8 a, JetLanes8 b)
    {
        var both = Vector512.Equals(a.v, Vector512<double>.Zero) & Vector512.Equals(b.v, Vector512<double>.Zero);
        return new(Vector512.ConditionalSelect(both, Vector512<double>.Zero, value.v));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes8 SelectWhereZero(JetLanes8 condition, JetLanes8 ifZero, JetLanes8 otherwise)
        => new(Vector512.ConditionalSelect(Vector512.Equals(condition.v, Vector512<double>.Zero), ifZero.v, otherwise.v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool IsZero(JetLanes8 a) => a.v == Vector512<double>.Zero;
    public static double Get(JetLanes8 a, int k) => a.v.GetElement(k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyTo(JetLanes8 a, Span<double> destination)
    {
        if (destination.Length >= 8) a.v.CopyTo(destination);
        else JetLanes4.Lanes(ref a, destination.Length).CopyTo(destination);
    }
}

/// <summary>Sixteen partials in two Vector512 (AVX-512): one pass for 9 to 16 parameters.</summary>
internal readonly struct JetLanes16 : IJetLanes<JetLanes16>
{
    private readonly Vector512<double> v;
    private readonly Vector512<double> w;

    private JetLanes16(Vector512<double> v, Vector512<double> w)
    {
        this.v = v;
        this.w = w;
    }

    public static int Count => 16;
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;
    public static JetLanes16 Zero => default;

    public static JetLanes16 Unit(int k) => k < 8 ? new(Vector512<double>.Zero.WithElement(k, 1.0), default) : new(default, Vector512<double>.Zero.WithElement(k - 8, 1.0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes16 Add(JetLanes16 a, JetLanes16 b) => new(a.v + b.v, a.w + b.w);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes16 Subtract(JetLanes16 a, JetLanes16 b) => new(a.v - b.v, a.w - b.w);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes16 Negate(JetLanes16 a) => new(-a.v, -a.w);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes16 Scale(JetLanes16 a, double s) => new(a.v * s, a.w * s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes16 Divide(JetLanes16 a, double s) => new(a.v / Vector512.Create(s), a.w / Vector512.Create(s));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes16 Combine(JetLanes16 a, double s, JetLanes16 b, double t) => new(a.v * s + b.v * t, a.w * s + b.w * t);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes16 Chain(JetLanes16 a, double s)
        => new(Vector512.ConditionalSelect(Vector512.Equals(a.v, Vector512<double>.Zero), Vector512<double>.Zero, a.v * s),
            Vector512.ConditionalSelect(Vector512.Equals(a.w, Vector512<double>.Zero), Vector512<double>.Zero, a.w * s));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes16 ZeroWhereBothZero(JetLanes16 value, JetLanes16 a, JetLanes16 b)
    {
        var both = Vector512.Equals(a.v, Vector512<double>.Zero) & Vector512.Equals(b.v, Vector512<double>.Zero);
        var both2 = Vector512.Equals(a.w, Vector512<double>.Zero) & Vector512.Equals(b.w, Vector512<double>.Zero);
        return new(Vector512.ConditionalSelect(both, Vector512<double>.Zero, value.v), Vector512.ConditionalSelect(both2, Vector512<double>.Zero, value.w));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes16 SelectWhereZero(JetLanes16 condition, JetLanes16 ifZero, JetLanes16 otherwise)
        => new(Vector512.ConditionalSelect(Vector512.Equals(condition.v, Vector512<double>.Zero), ifZero.v, otherwise.v),
            Vector512.ConditionalSelect(Vector512.Equals(condition.w, Vector512<double>.Zero), ifZero.w, otherwise.w));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool IsZero(JetLanes16 a) => a.v == Vector512<double>.Zero && a.w == Vector512<double>.Zero;
    public static double Get(JetLanes16 a, int k) => k < 8 ? a.v.GetElement(k) : a.w.GetElement(k - 8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyTo(JetLanes16 a, Span<double> destination)
    {
        if (destination.Length >= 16)
        {
            a.v.CopyTo(destination);
            a.w.CopyTo(destination[8..]);
        }
        else JetLanes4.Lanes(ref a, destination.Length).CopyTo(destination);
    }
}

/// <summary>Twelve partials in a Vector512 and a Vector256 (AVX-512): one pass for 9 to 12 parameters with a quarter less
/// arithmetic and a 104-byte jet instead of 136 (the 16-lane one wastes 4 lanes at n = 12).</summary>
// Pack = 8: otherwise the runtime aligns the Vector512 to 64 bytes and rounds the struct up to 128 bytes, and the lanes would
// not be 12 consecutive doubles (Lanes and ToColumns read them as such).
[StructLayout(LayoutKind.Sequential, Pack = 8)]
internal readonly struct JetLanes12 : IJetLanes<JetLanes12>
{
    private readonly Vector512<double> v;
    private readonly Vector256<double> w;

    private JetLanes12(Vector512<double> v, Vector256<double> w)
    {
        this.v = v;
        this.w = w;
    }

    public static int Count => 12;
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;
    public static JetLanes12 Zero => default;

    public static JetLanes12 Unit(int k) => k < 8 ? new(Vector512<double>.Zero.WithElement(k, 1.0), default) : new(default, Vector256<double>.Zero.WithElement(k - 8, 1.0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes12 Add(JetLanes12 a, JetLanes12 b) => new(a.v + b.v, a.w + b.w);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes12 Subtract(JetLanes12 a, JetLanes12 b) => new(a.v - b.v, a.w - b.w);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes12 Negate(JetLanes12 a) => new(-a.v, -a.w);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes12 Scale(JetLanes12 a, double s) => new(a.v * s, a.w * s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes12 Divide(JetLanes12 a, double s) => new(a.v / Vector512.Create(s), a.w / Vector256.Create(s));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes12 Combine(JetLanes12 a, double s, JetLanes12 b, double t) => new(a.v * s + b.v * t, a.w * s + b.w * t);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes12 Chain(JetLanes12 a, double s)
        => new(Vector512.ConditionalSelect(Vector512.Equals(a.v, Vector512<double>.Zero), Vector512<double>.Zero, a.v * s),
            Vector256.ConditionalSelect(Vector256.Equals(a.w, Vector256<double>.Zero), Vector256<double>.Zero, a.w * s));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes12 ZeroWhereBothZero(JetLanes12 value, JetLanes12 a, JetLanes12 b)
    {
        var both = Vector512.Equals(a.v, Vector512<double>.Zero) & Vector512.Equals(b.v, Vector512<double>.Zero);
        var both2 = Vector256.Equals(a.w, Vector256<double>.Zero) & Vector256.Equals(b.w, Vector256<double>.Zero);
        return new(Vector512.ConditionalSelect(both, Vector512<double>.Zero, value.v), Vector256.ConditionalSelect(both2, Vector256<double>.Zero, value.w));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes12 SelectWhereZero(JetLanes12 condition, JetLanes12 ifZero, JetLanes12 otherwise)
        => new(Vector512.ConditionalSelect(Vector512.Equals(condition.v, Vector512<double>.Zero), ifZero.v, otherwise.v),
            Vector256.ConditionalSelect(Vector256.Equals(condition.w, Vector256<double>.Zero), ifZero.w, otherwise.w));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool IsZero(JetLanes12 a) => a.v == Vector512<double>.Zero && a.w == Vector256<double>.Zero;
    public static double Get(JetLanes12 a, int k) => k < 8 ? a.v.GetElement(k) : a.w.GetElement(k - 8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyTo(JetLanes12 a, Span<double> destination)
    {
        if (destination.Length >= 12)
        {
            a.v.CopyTo(destination);
            a.w.CopyTo(destination[8..]);
        }
        else JetLanes4.Lanes(ref a, destination.Length).CopyTo(destination);
    }
}

/// <summary>Twelve partials in three Vector256: the 12-lane type where AVX-512 is missing (AVX2), one pass for 9 to 12
/// parameters instead of three 4-lane ones. Where AVX-512 runs, <see cref="JetLanes12"/> measured faster (bench/RESULTS.md).</summary>
// Pack = 8: as JetLanes12 (a Vector256 is otherwise aligned to 32 bytes), so the jet is 104 bytes.
[StructLayout(LayoutKind.Sequential, Pack = 8)]
internal readonly struct JetLanes12x256 : IJetLanes<JetLanes12x256>
{
    private readonly Vector256<double> u;
    private readonly Vector256<double> v;
    private readonly Vector256<double> w;

    private JetLanes12x256(Vector256<double> u, Vector256<double> v, Vector256<double> w)
    {
        this.u = u;
        this.v = v;
        this.w = w;
    }

    public static int Count => 12;
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;
    public static JetLanes12x256 Zero => default;

    public static JetLanes12x256 Unit(int k) => new(k < 4 ? Vector256<double>.Zero.WithElement(k, 1.0) : default, k is >= 4 and < 8 ? Vector256<double>.Zero.WithElement(k - 4, 1.0) : default, k >= 8 ? Vector256<double>.Zero.WithElement(k - 8, 1.0) : default);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes12x256 Add(JetLanes12x256 a, JetLanes12x256 b) => new(a.u + b.u, a.v + b.v, a.w + b.w);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes12x256 Subtract(JetLanes12x256 a, JetLanes12x256 b) => new(a.u - b.u, a.v - b.v, a.w - b.w);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes12x256 Negate(JetLanes12x256 a) => new(-a.u, -a.v, -a.w);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes12x256 Scale(JetLanes12x256 a, double s) => new(a.u * s, a.v * s, a.w * s);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static JetLanes12x256 Divide(JetLanes12x256 a, double s) => new(a.u / Vector256.Create(s), a.v / Vector256.Create(s), a.w / Vector256.Create(s));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes12x256 Combine(JetLanes12x256 a, double s, JetLanes12x256 b, double t) => new(a.u * s + b.u * t, a.v * s + b.v * t, a.w * s + b.w * t);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes12x256 Chain(JetLanes12x256 a, double s)
        => new(Vector256.ConditionalSelect(Vector256.Equals(a.u, Vector256<double>.Zero), Vector256<double>.Zero, a.u * s),
            Vector256.ConditionalSelect(Vector256.Equals(a.v, Vector256<double>.Zero), Vector256<double>.Zero, a.v * s),
            Vector256.ConditionalSelect(Vector256.Equals(a.w, Vector256<double>.Zero), Vector256<double>.Zero, a.w * s));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes12x256 ZeroWhereBothZero(JetLanes12x256 value, JetLanes12x256 a, JetLanes12x256 b)
    {
        var both0 = Vector256.Equals(a.u, Vector256<double>.Zero) & Vector256.Equals(b.u, Vector256<double>.Zero);
        var both1 = Vector256.Equals(a.v, Vector256<double>.Zero) & Vector256.Equals(b.v, Vector256<double>.Zero);
        var both2 = Vector256.Equals(a.w, Vector256<double>.Zero) & Vector256.Equals(b.w, Vector256<double>.Zero);
        return new(Vector256.ConditionalSelect(both0, Vector256<double>.Zero, value.u), Vector256.ConditionalSelect(both1, Vector256<double>.Zero, value.v),
            Vector256.ConditionalSelect(both2, Vector256<double>.Zero, value.w));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JetLanes12x256 SelectWhereZero(JetLanes12x256 condition, JetLanes12x256 ifZero, JetLanes12x256 otherwise)
        => new(Vector256.ConditionalSelect(Vector256.Equals(condition.u, Vector256<double>.Zero), ifZero.u, otherwise.u),
            Vector256.ConditionalSelect(Vector256.Equals(condition.v, Vector256<double>.Zero), ifZero.v, otherwise.v),
            Vector256.ConditionalSelect(Vector256.Equals(condition.w, Vector256<double>.Zero), ifZero.w, otherwise.w));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool IsZero(JetLanes12x256 a) => a.u == Vector256<double>.Zero && a.v == Vector256<double>.Zero && a.w == Vector256<double>.Zero;
    public static double Get(JetLanes12x256 a, int k) => k < 4 ? a.u.GetElement(k) : k < 8 ? a.v.GetElement(k - 4) : a.w.GetElement(k - 8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyTo(JetLanes12x256 a, Span<double> destination)
    {
        if (destination.Length >= 12)
        {
            a.u.CopyTo(destination);
            a.v.CopyTo(destination[4..]);
            a.w.CopyTo(destination[8..]);
        }
        else JetLanes4.Lanes(ref a, destination.Length).CopyTo(destination);
    }
}
