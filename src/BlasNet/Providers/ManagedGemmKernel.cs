using System.Globalization;
using System.Runtime.Intrinsics;

namespace BlasNet.Providers;

/// <summary>Which micro-kernel the managed GEMM runs: the widest accelerated one unless a test or benchmark asks.</summary>
internal enum ManagedGemmKernel
{
    /// <summary>The widest hardware-accelerated vector width (Vector512, else Vector256, else Vector128, else scalar).</summary>
    Auto,

    /// <summary>The plain scalar loop (also the small-size path).</summary>
    Scalar,

    Vector128,
    Vector256,
    Vector512,
}

/// <summary>Resolution and description of <see cref="ManagedGemmKernel"/> choices on this machine.</summary>
internal static class ManagedGemmKernels
{
    /// <summary>The kernel <see cref="ManagedGemmKernel.Auto"/> stands for, for element type <typeparamref name="T"/>.</summary>
    public static ManagedGemmKernel Resolve<T>(ManagedGemmKernel requested) where T : unmanaged
    {
        if (requested != ManagedGemmKernel.Auto) return requested;
        if (GemmVector512<T>.IsAccelerated) return ManagedGemmKernel.Vector512;
        if (GemmVector256<T>.IsAccelerated) return ManagedGemmKernel.Vector256;
        if (GemmVector128<T>.IsAccelerated) return ManagedGemmKernel.Vector128;
        return ManagedGemmKernel.Scalar;
    }

    /// <summary>Every kernel this machine can run for <typeparamref name="T"/> (the scalar one always).</summary>
    public static IReadOnlyList<ManagedGemmKernel> Supported<T>() where T : unmanaged
    {
        var list = new List<ManagedGemmKernel> { ManagedGemmKernel.Scalar };
        if (GemmVector128<T>.IsAccelerated) list.Add(ManagedGemmKernel.Vector128);
        if (GemmVector256<T>.IsAccelerated) list.Add(ManagedGemmKernel.Vector256);
        if (GemmVector512<T>.IsAccelerated) list.Add(ManagedGemmKernel.Vector512);
        return list;
    }

    /// <summary>A one-line description for benchmark reports, e.g. "double Vector256 6x8, float Vector256 6x16".</summary>
    public static string Describe()
    {
        static string One<T>(string name) where T : unmanaged
        {
            var k = Resolve<T>(ManagedGemmKernel.Auto);
            int lanes = k switch
            {
                ManagedGemmKernel.Vector512 => Vector512<T>.Count,
                ManagedGemmKernel.Vector256 => Vector256<T>.Count,
                ManagedGemmKernel.Vector128 => Vector128<T>.Count,
                _ => 0,
            };
            return lanes == 0 ? $"{name} scalar" : string.Create(CultureInfo.InvariantCulture, $"{name} {k} 6x{2 * lanes}");
        }
        return $"{One<double>("double")}, {One<float>("float")}; KC=256 MC=96 NC=2048; FMA={GemmFma.IsHardware}";
    }
}
