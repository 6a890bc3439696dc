using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace BlasNet.Optimization;

/// <summary>
/// The SIMD width of <see cref="HouseholderBlockQr"/>: its kernel is written once, generically over these operations, and the
/// JIT compiles one copy per width (a struct type argument), so the 512-, 256- and 128-bit paths are the same code and
/// the tests can run the narrow ones on AVX-512 hardware.
/// </summary>
internal interface IQrLanes<TSelf> where TSelf : unmanaged, IQrLanes<TSelf>
{
    /// <summary>Doubles in a vector.</summary>
    static abstract int Count { get; }

    /// <summary>All lanes zero.</summary>
    static abstract TSelf Zero { get; }

    /// <summary>All lanes <paramref name="value"/>.</summary>
    static abstract TSelf Create(double value);

    /// <summary>Count doubles from <paramref name="source"/> (unaligned).</summary>
    static abstract TSelf Load(ref double source);

    /// <summary>Writes the lanes to <paramref name="destination"/> (unaligned).</summary>
    static abstract void Store(TSelf value, ref double destination);

    /// <summary>x·y + z, one rounding per lane.</summary>
    static abstract TSelf MultiplyAdd(TSelf x, TSelf y, TSelf z);

    /// <summary>The sum of the lanes (a fixed order, so the same bits every time).</summary>
    static abstract double Sum(TSelf value);
}

/// <summary>Two doubles in a Vector128 (where neither wider width runs in hardware, e.g. ARM64's NEON).</summary>
internal readonly struct QrLanes128 : IQrLanes<QrLanes128>
{
    private readonly Vector128<double> v;

    private QrLanes128(Vector128<double> v) => this.v = v;

    public static int Count => Vector128<double>.Count;
    public static QrLanes128 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static QrLanes128 Create(double value) => new(Vector128.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static QrLanes128 Load(ref double source) => new(Vector128.LoadUnsafe(ref source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(QrLanes128 value, ref double destination) => value.v.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static QrLanes128 MultiplyAdd(QrLanes128 x, QrLanes128 y, QrLanes128 z) => new(Vector128.FusedMultiplyAdd(x.v, y.v, z.v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sum(QrLanes128 value) => Vector128.Sum(value.v);
}

/// <summary>Four doubles in a Vector256 (AVX2; also the path forced by <c>DOTNET_EnableAVX512F=0</c>).</summary>
internal readonly struct QrLanes256 : IQrLanes<QrLanes256>
{
    private readonly Vector256<double> v;

    private QrLanes256(Vector256<double> v) => this.v = v;

    public static int Count => Vector256<double>.Count;
    public static QrLanes256 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static QrLanes256 Create(double value) => new(Vector256.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static QrLanes256 Load(ref double source) => new(Vector256.LoadUnsafe(ref source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(QrLanes256 value, ref double destination) => value.v.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static QrLanes256 MultiplyAdd(QrLanes256 x, QrLanes256 y, QrLanes256 z) => new(Vector256.FusedMultiplyAdd(x.v, y.v, z.v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sum(QrLanes256 value) => Vector256.Sum(value.v);
}

/// <summary>Eight doubles in a Vector512 (AVX-512).</summary>
internal readonly struct QrLanes512 : IQrLanes<QrLanes512>
{
    private readonly Vector512<double> v;

    private QrLanes512(Vector512<double> v) => this.v = v;

    public static int Count => Vector512<double>.Count;
    public static QrLanes512 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static QrLanes512 Create(double value) => new(Vector512.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static QrLanes512 Load(ref double source) => new(Vector512.LoadUnsafe(ref source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(QrLanes512 value, ref double destination) => value.v.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static QrLanes512 MultiplyAdd(QrLanes512 x, QrLanes512 y, QrLanes512 z) => new(Vector512.FusedMultiplyAdd(x.v, y.v, z.v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sum(QrLanes512 value) => Vector512.Sum(value.v);
}
