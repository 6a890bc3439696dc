#nullable enable
using System.Runtime.InteropServices;

namespace BlasNet.Interop;

// Level 1 plane rotations. Not every library found by path or as a plain CBLAS need export them: the safe API asks
// (NativeBackend.Rotation) before it calls, and computes them in managed code where they are missing.
public static unsafe partial class CBlas
{
    /// <summary>Applies the plane rotation <c>[c s; −s c]</c> to the pairs (xᵢ, yᵢ): <c>xᵢ ← c·xᵢ + s·yᵢ</c>, <c>yᵢ ← c·yᵢ − s·xᵢ</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_drot")] public static partial void Drot(int n, double* x, int incX, double* y, int incY, double c, double s);
    /// <summary>Applies the plane rotation <c>[c s; −s c]</c> to the pairs (xᵢ, yᵢ): <c>xᵢ ← c·xᵢ + s·yᵢ</c>, <c>yᵢ ← c·yᵢ − s·xᵢ</c>.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_srot")] public static partial void Srot(int n, float* x, int incX, float* y, int incY, float c, float s);
    /// <summary>Applies the modified rotation H held in <c>param</c> (5 elements: flag, h11, h21, h12, h22) to the pairs (xᵢ, yᵢ).</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_drotm")] public static partial void Drotm(int n, double* x, int incX, double* y, int incY, double* param);
    /// <summary>Applies the modified rotation H held in <c>param</c> (5 elements: flag, h11, h21, h12, h22) to the pairs (xᵢ, yᵢ).</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_srotm")] public static partial void Srotm(int n, float* x, int incX, float* y, int incY, float* param);
    /// <summary>Constructs a Givens rotation: on return <c>*a</c> holds r, <c>*b</c> the reconstruction value z, and <c>*c</c>, <c>*s</c> the rotation.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_drotg")] public static partial void Drotg(double* a, double* b, double* c, double* s);
    /// <summary>Constructs a Givens rotation: on return <c>*a</c> holds r, <c>*b</c> the reconstruction value z, and <c>*c</c>, <c>*s</c> the rotation.</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_srotg")] public static partial void Srotg(float* a, float* b, float* c, float* s);
    /// <summary>Constructs a modified Givens rotation for (√d1·x1, √d2·y1): updates d1, d2, x1 and writes flag and H into <c>param</c> (5 elements).</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_drotmg")] public static partial void Drotmg(double* d1, double* d2, double* x1, double y1, double* param);
    /// <summary>Constructs a modified Givens rotation for (√d1·x1, √d2·y1): updates d1, d2, x1 and writes flag and H into <c>param</c> (5 elements).</summary>
    [LibraryImport(Lib, EntryPoint = "cblas_srotmg")] public static partial void Srotmg(float* d1, float* d2, float* x1, float y1, float* param);
}
