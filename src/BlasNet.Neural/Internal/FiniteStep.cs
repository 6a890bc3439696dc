using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet.Neural;

/// <summary>
/// An optimizer's last write with its overflow check in the same pass: the step tests the values it stores instead of
/// reading the weights again afterwards (that second read of every weight was a full pass over memory per parameter).
/// </summary>
internal static class FiniteStep
{
    /// <summary>
    /// <c>y ← alpha·x + y</c>, bit for bit as <c>Kernels.Axpby(alpha, x, 1, y)</c> (which forms <c>alpha·x + 1·y</c>, and 1·y
    /// is y), and whether every stored value is finite. alpha = 0 leaves y untouched, as Axpby does (no −0 turned into +0).
    /// </summary>
    public static bool Axpy<T>(T alpha, ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (alpha == T.Zero) return Kernels.AllFinite<T>(y);
        // Half (not an optimizer's documented type) keeps Axpby's correctly rounded path.
        if (typeof(T) == typeof(Half))
        {
            Kernels.Axpby<T>(alpha, x, T.One, y);
            return Kernels.AllFinite<T>(y);
        }
        return Apply(new ScaledAdd<T>(alpha), x, y);
    }

    /// <summary>
    /// <c>y ← rule(y, x)</c> entry by entry, and whether every stored value is finite: the loop every two-span update shares
    /// (<see cref="Axpy{T}"/>, SGD's decayed step), the rule's arithmetic a struct so the JIT compiles one loop per rule
    /// with the rule inlined, as the hand-written loops were.
    /// </summary>
    public static bool Apply<T, TRule>(TRule rule, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRule : struct, IStepRule<T>
    {
        int n = y.Length, i = 0;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        var check = Vector<T>.Zero;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                var r = rule.Next(Vector.LoadUnsafe(ref yr, (nuint)i), Vector.LoadUnsafe(ref xr, (nuint)i));
                r.StoreUnsafe(ref yr, (nuint)i);
                // v − v is 0 for finite v and NaN otherwise; the sum is 0 exactly when every term is.
                check += r - r;
            }
        }
        bool finite = Vector.EqualsAll(check, Vector<T>.Zero);
        for (; i < n; i++)
        {
            ref T yi = ref Unsafe.Add(ref yr, i);
            yi = rule.Next(yi, Unsafe.Add(ref xr, i));
            if (!T.IsFinite(yi)) finite = false;
        }
        return finite;
    }

    /// <summary>One update rule <c>y ← f(y, x)</c>, in vectors and for the scalar tail (the same arithmetic in both).</summary>
    public interface IStepRule<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>The new values of <paramref name="y"/> from <paramref name="x"/>.</summary>
        Vector<T> Next(Vector<T> y, Vector<T> x);

        /// <summary>The new value of <paramref name="y"/> from <paramref name="x"/>.</summary>
        T Next(T y, T x);
    }

    /// <summary><c>alpha·x + y</c>, in Axpby's order.</summary>
    private readonly struct ScaledAdd<T>(T alpha) : IStepRule<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Vector<T> alphas = Vector<T>.IsSupported ? new Vector<T>(alpha) : default;

        public Vector<T> Next(Vector<T> y, Vector<T> x) => alphas * x + y;

        public T Next(T y, T x) => alpha * x + y;
    }
}
