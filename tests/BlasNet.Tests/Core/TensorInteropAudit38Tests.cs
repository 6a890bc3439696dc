using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace BlasNet.Tests.Core;

/// <summary>
/// Acceptance audit of issue 14's tensor interop as a user meets it (session 38, interop38): every small shape
/// (m, n, k ∈ {0, 1, 2, 3}) on every layout the tensor library lets a user build — row-major and transposed, dense
/// and padded (ld above the row length), and the strided single row or column a slice of a larger tensor gives
/// (stride 0 on the length-1 dimension, the step on the other) — through the typed and generic GEMM on float and
/// double, against the product written out from the definition; no element outside C's own written; β = 0 over NaN.
/// Also tensors from Tensor.Create with non-default strides, slices of them (GEMM in place, FromTensor a copy),
/// writes through AsTensorSpan read back through the matrix, lengths beyond 32 bits, and T = Half refused.
/// </summary>
public class TensorInteropAudit38Tests
{
    /// <summary>How one rows×columns operand sits in its buffer.</summary>
    public enum Layout { RowMajor, RowMajorPadded, Transposed, TransposedPadded, StridedVector }

    /// <summary>
    /// Strides for <paramref name="layout"/>, or null when the shape has no such layout (a strided vector needs a
    /// dimension of length 1). Dimensions of length ≤ 1 get stride 0, as the tensor library requires.
    /// </summary>
    internal static nint[]? Strides(int rows, int columns, Layout layout)
    {
        nint[] s = layout switch
        {
            Layout.RowMajor => [Math.Max(1, columns), 1],
            Layout.RowMajorPadded => [columns + 3, 1],
            Layout.Transposed => [1, Math.Max(1, rows)],
            Layout.TransposedPadded => [1, rows + 2],
            // A single row with step 3 (a column slice of a row-major tensor), or a single column with step 4.
            Layout.StridedVector when rows == 1 && columns > 1 => [0, 3],
            Layout.StridedVector when columns == 1 && rows > 1 => [4, 0],
            _ => [0, 0],
        };
        if (layout == Layout.StridedVector && s[0] == 0 && s[1] == 0) return null;
        return [rows <= 1 ? 0 : s[0], columns <= 1 ? 0 : s[1]];
    }

    /// <summary>The buffer length a view with these strides needs from offset 0, plus a tail that must never be touched.</summary>
    private static int Extent(int rows, int columns, nint[] strides) =>
        rows == 0 || columns == 0 ? 2 : (int)((rows - 1) * strides[0] + (columns - 1) * strides[1]) + 1 + 2;

    private static T[] Filled<T>(int length, int seed) where T : IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        // Small integers: every product and sum of this test is exact in float and double, so results compare with ==.
        return Enumerable.Range(0, length).Select(_ => T.CreateChecked(rng.Next(-4, 5))).ToArray();
    }

    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int m in new[] { 0, 1, 2, 3 })
            foreach (int n in new[] { 0, 1, 2, 3 })
                foreach (int k in new[] { 0, 1, 2, 3 })
                    data.Add(m, n, k);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gemm_EverySmallShapeOnEveryBuildableLayout_IsTheDefinition_Double(int m, int n, int k) =>
        EveryLayout<double>(m, n, k, (alpha, a, b, beta, c) => Blas.Gemm(alpha, a, b, beta, c));

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gemm_EverySmallShapeOnEveryBuildableLayout_IsTheDefinition_FloatGeneric(int m, int n, int k) =>
        EveryLayout<float>(m, n, k, (alpha, a, b, beta, c) => Blas.Gemm<float>(alpha, a, b, beta, c));

    private delegate void TensorGemm<T>(T alpha, ReadOnlyTensorSpan<T> a, ReadOnlyTensorSpan<T> b, T beta, TensorSpan<T> c);

    private static void EveryLayout<T>(int m, int n, int k, TensorGemm<T> gemm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layouts = Enum.GetValues<Layout>();
        int cases = 0;
        foreach (var la in layouts)
            foreach (var lb in layouts)
                foreach (var lc in layouts)
                {
                    nint[]? sa = Strides(m, k, la), sb = Strides(k, n, lb), sc = Strides(m, n, lc);
                    if (sa is null || sb is null || sc is null) continue;
                    foreach (bool betaZero in new[] { false, true })
                    {
                        T alpha = T.CreateChecked(2), beta = betaZero ? T.Zero : T.CreateChecked(-3);
                        var ab = Filled<T>(Extent(m, k, sa), 1 + cases);
                        var bb = Filled<T>(Extent(k, n, sb), 2 + cases);
                        var cb = Filled<T>(Extent(m, n, sc), 3 + cases);
                        if (betaZero) Array.Fill(cb, T.NaN); // β = 0 overwrites C, NaN included
                        var before = (T[])cb.Clone();
                        gemm(alpha, new ReadOnlyTensorSpan<T>(ab, 0, [m, k], sa), new ReadOnlyTensorSpan<T>(bb, 0, [k, n], sb),
                            beta, new TensorSpan<T>(cb, 0, [m, n], sc));

                        var written = new bool[cb.Length];
                        for (int i = 0; i < m; i++)
                            for (int j = 0; j < n; j++)
                            {
                                T sum = T.Zero;
                                for (int p = 0; p < k; p++) sum += ab[i * sa[0] + p * sa[1]] * bb[p * sb[0] + j * sb[1]];
                                int at = (int)(i * sc[0] + j * sc[1]);
                                T expected = betaZero ? alpha * sum : alpha * sum + beta * before[at];
                                Assert.True(expected == cb[at],
                                    $"m={m} n={n} k={k} a {la} [{sa[0]}, {sa[1]}], b {lb} [{sb[0]}, {sb[1]}], c {lc} [{sc[0]}, {sc[1]}], β={beta}: C[{i}, {j}] = {cb[at]}, expected {expected}");
                                written[at] = true;
                            }
                        for (int x = 0; x < cb.Length; x++)
                            if (!written[x])
                                Assert.True(before[x].Equals(cb[x]), $"m={m} n={n} k={k} a {la}, b {lb}, c {lc}: element {x} outside C was written");
                        cases++;
                    }
                }
        Assert.True(cases >= 2 * 4 * 4 * 4, $"only {cases} layout combinations ran");
    }

    [Fact]
    public void TensorCreate_WithColumnMajorStrides_IsATransposeFlag_AndFromTensorCopiesItsLogicalValues()
    {
        // Tensor.Create(values, lengths, strides): a 2×3 tensor stored column by column, [[1, 3, 5], [2, 4, 6]].
        var values = new double[] { 1, 2, 3, 4, 5, 6 };
        var t = Tensor.Create(values, [2, 3], [1, 2]);
        Assert.Equal([1, 2], t.Strides.ToArray());
        var c = new double[4];
        // A Aᵀ, with Aᵀ the same values read as a 3×2 row-major tensor: [[35, 44], [44, 56]] by hand.
        Blas.Gemm(1.0, t.AsReadOnlyTensorSpan(), Tensor.Create(values, [3, 2]).AsReadOnlyTensorSpan(), 0.0, new TensorSpan<double>(c, [2, 2]));
        Assert.Equal(new double[] { 35, 44, 44, 56 }, c);

        var m = Matrix.FromTensor(t);
        Assert.Equal(new double[,] { { 1, 3, 5 }, { 2, 4, 6 } }, m.ToArray2D());
        m[0, 0] = -1;                          // a copy: the tensor keeps its value
        Assert.Equal(1.0, t[0, 0]);
    }

    [Fact]
    public void SlicesOfATensor_MultiplyInPlace_AndFromTensorOfASliceIsACopyOfJustTheSlice()
    {
        // A 4×5 tensor 0…19; its slice rows 1–2, columns 1–3 is [[6, 7, 8], [11, 12, 13]] with strides [5, 1].
        var t = Tensor.Create(Enumerable.Range(0, 20).Select(i => (double)i).ToArray(), [4, 5]);
        var slice = t.Slice(new NRange[] { 1..3, 1..4 });
        Assert.False(slice.IsDense);
        var m = Matrix.FromTensor(slice);
        Assert.Equal(new double[,] { { 6, 7, 8 }, { 11, 12, 13 } }, m.ToArray2D());
        m[1, 2] = 0;
        Assert.Equal(13.0, t[2, 3]);           // not aliased: the parent is unchanged

        // C = slice · sliceᵀ into a 2×2 block sliced out of a second 2×5 tensor (ld 5), sliceᵀ sliced out of t's transpose
        // (strides [1, 5]): [[149, 254], [254, 434]] by hand, nothing else of the target written.
        var target = Tensor.Create(new double[10], [2, 5]);
        var block = target.AsTensorSpan().Slice(new NRange[] { 0..2, 2..4 });
        var sliceT = Tensor.Create(Enumerable.Range(0, 20).Select(i => (double)i).ToArray(), [5, 4], [1, 5]) // t's transpose
            .AsReadOnlyTensorSpan().Slice(new NRange[] { 1..4, 1..3 });
        Blas.Gemm(1.0, slice.AsReadOnlyTensorSpan(), sliceT, 0.0, block);
        Assert.Equal(new double[] { 0, 0, 149, 254, 0, 0, 0, 254, 434, 0 }, target.ToArray());
    }

    [Fact]
    public void FromTensor_OfNullAndOfEmptyTensors()
    {
        var ex = Assert.Throws<ArgumentNullException>(() => Matrix.FromTensor<double>(null!));
        Assert.Equal("tensor", ex.ParamName);
        foreach (var (rows, columns) in new[] { (0, 3), (3, 0), (0, 0) })
        {
            var m = Matrix.FromTensor(Tensor.Create(Array.Empty<float>(), [rows, columns]));
            Assert.Equal((rows, columns), (m.Rows, m.Columns));
            Assert.Equal(0, m.AsReadOnlySpan().Length);
        }
    }

    [Fact]
    public void ATensorMadeFromAnArray_IsSharedByAMatrixOverThatArray_AsTheDocsSay()
    {
        // FromTensor's docs and the package README: Tensor.Create(values, lengths) wraps values, so a matrix over the same
        // array is a no-copy view of the tensor (FromTensor itself copies).
        var values = new double[] { 1, 2, 3, 4, 5, 6 };
        var t = Tensor.Create(values, [2, 3]);
        var shared = new Matrix<double>(2, 3, values);
        var copied = Matrix.FromTensor(t);
        shared[1, 2] = 60;
        Assert.Equal(60.0, t[1, 2]);
        t[0, 0] = -1;
        Assert.Equal(-1.0, shared[0, 0]);
        Assert.Equal(1.0, copied[0, 0]);
        Assert.Equal(6.0, copied[1, 2]);
    }

    [Fact]
    public void WritesThroughAsTensorSpan_AreReadBackThroughTheMatrix_PlainAndTransposed()
    {
        var m = new Matrix<float>(2, 3);
        var plain = m.AsTensorSpan();
        plain[1, 2] = 7;
        Assert.Equal(7f, m[1, 2]);
        var seenTransposed = m.Transpose().AsTensorSpan(); // 3×2 over the same storage
        seenTransposed[2, 0] = 9;                           // is m[0, 2]
        Assert.Equal(9f, m[0, 2]);
        // A GEMM into the transposed view writes m as its transpose: (Bᵀ Aᵀ)ᵀ = A B, A = [1 2], B = [[1, 2, 3], [4, 5, 6]] → m[0, :] … by rows.
        var a = Matrix.FromArray2D(new float[,] { { 1 }, { 2 }, { 3 } });       // 3×1
        var b = Matrix.FromArray2D(new float[,] { { 10, 100 } });               // 1×2
        Blas.Gemm(1f, a.AsReadOnlyTensorSpan(), b.AsReadOnlyTensorSpan(), 0f, seenTransposed); // mᵀ = a·b
        Assert.Equal(new float[,] { { 10, 20, 30 }, { 100, 200, 300 } }, m.ToArray2D());
        // Read-only views see the writes too.
        Assert.Equal(300f, m.AsReadOnlySpan()[5]);
        Assert.Equal(300f, m.AsReadOnlyMemory().Span[5]);
    }

    [Fact]
    public void LengthsBeyond32Bits_AreRefusedNamingTheTensorAndTheLength()
    {
        // A broadcast row can be longer than int.MaxValue over one element; BLAS takes 32-bit sizes.
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(new double[1], 0, [1, unchecked((nint)int.MaxValue + 1)], [0, 0]),
                new ReadOnlyTensorSpan<double>(new double[1], [1, 1]), 0.0, new TensorSpan<double>(new double[1], [1, 1])));
        Assert.Equal("a", ex.ParamName);
        Assert.Contains("2147483648", ex.Message);
    }

    private static ReadOnlyTensorSpan<Half> A(Half[] values) => new(values, [2, 2]);

    [Fact]
    public void GenericTensorForms_RefuseHalf_WithAClearError()
    {
        var h = new Half[4];
        var output = new Half[4];
        foreach (var call in new Action[]
        {
            () => Blas.Gemm<Half>(Half.One, A(h), A(h), Half.Zero, new TensorSpan<Half>(output, [2, 2])),
            () => Blas.Syrk<Half>(Triangle.Upper, Half.One, A(h), Half.Zero, new TensorSpan<Half>(new Half[4], [2, 2])),
            () => Blas.Syr2k<Half>(Triangle.Upper, Half.One, A(h), A(h), Half.Zero, new TensorSpan<Half>(new Half[4], [2, 2])),
            () => Blas.Symm<Half>(Side.Left, Triangle.Upper, Half.One, A(h), A(h), Half.Zero, new TensorSpan<Half>(new Half[4], [2, 2])),
            () => Blas.Trsm<Half>(Side.Left, Triangle.Upper, Half.One, A(h), new TensorSpan<Half>(new Half[4], [2, 2])),
            () => Blas.Trmm<Half>(Side.Left, Triangle.Upper, Half.One, A(h), new TensorSpan<Half>(new Half[4], [2, 2])),
        })
        {
            var ex = Assert.Throws<NotSupportedException>(call);
            Assert.Contains("Half", ex.Message);
        }
        Assert.Equal(new Half[4], output); // nothing written
    }
}
