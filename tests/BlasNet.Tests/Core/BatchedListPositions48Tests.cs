namespace BlasNet.Tests.Core;

/// <summary>
/// The list form's checks at the first, a middle and the last product (session 48, list48): storage shared between a C and
/// an A, a B or another C (also within one product), nulls in each list, the empty batch, β = 0 over NaN in C with k = 0 and
/// with α = 0, and mixed shapes and transposed views, each through every validation path (the address proof or the exact
/// check; the pass spread over the GEMM workers or in order). Refusals name the argument and the indices, and leave every C
/// as it was; results are compared with the definition computed here in a triple loop.
/// </summary>
public class BatchedListPositions48Tests
{
    private const int Count = BatchedGemmListValidationTests.Count;
    private const int Middle = Count / 2;
    private const int Last = Count - 1;

    public static TheoryData<bool, bool> Modes() => BatchedGemmListValidationTests.Modes();

    /// <summary>(the aliasing input's index, the index of the C whose storage it wraps) × the validation paths.</summary>
    public static TheoryData<int, int, bool, bool> InputPositions()
    {
        var data = new TheoryData<int, int, bool, bool>();
        (int, int)[] pairs = [(0, 0), (0, Last), (Middle, Middle), (Middle, 0), (Last, Last), (Last, Middle)];
        foreach (var (i, j) in pairs)
            foreach (var (exact, spread) in new[] { (false, true), (true, true), (false, false), (true, false) })
                data.Add(i, j, exact, spread);
        return data;
    }

    [Theory]
    [MemberData(nameof(InputPositions))]
    public void AIsAnOutput_AtEveryPosition_Throws_NamingBoth_NothingWritten(int i, int j, bool exact, bool spread)
    {
        var (a, b, c) = BatchedGemmListValidationTests.Batch();
        var shared = new double[20];
        c[j] = new Matrix<double>(4, 5, shared); c[j].AsSpan().Fill(j);
        a[i] = new Matrix<double>(4, 5, shared); // 4×5 A with a 5×5 B: still a 4×5 C
        b[i] = Matrix.Random<double>(5, 5, seed: 3);
        BatchedGemmListValidationTests.AssertRefused<ArgumentException>(exact, spread, a, b, c, "a", $"a[{i}] shares storage with c[{j}]");
    }

    [Theory]
    [MemberData(nameof(InputPositions))]
    public void BIsAnOutput_AtEveryPosition_Throws_NamingBoth_NothingWritten(int i, int j, bool exact, bool spread)
    {
        var (a, b, c) = BatchedGemmListValidationTests.Batch();
        var shared = new double[20];
        c[j] = new Matrix<double>(4, 5, shared); c[j].AsSpan().Fill(j);
        b[i] = new Matrix<double>(5, 4, shared).Transpose(); // a transposed view, 4×5, with a 4×4 A
        a[i] = Matrix.Random<double>(4, 4, seed: 4);
        BatchedGemmListValidationTests.AssertRefused<ArgumentException>(exact, spread, a, b, c, "b", $"b[{i}] shares storage with c[{j}]");
    }

    /// <summary>(the first, the second index of two Cs on one storage) × the validation paths.</summary>
    public static TheoryData<int, int, bool, bool> OutputPairs()
    {
        var data = new TheoryData<int, int, bool, bool>();
        foreach (var (i, j) in new[] { (0, 1), (0, Middle), (Middle, Middle + 1), (0, Last), (Middle, Last), (Last - 1, Last) })
            foreach (var (exact, spread) in new[] { (false, true), (true, true), (false, false), (true, false) })
                data.Add(i, j, exact, spread);
        return data;
    }

    [Theory]
    [MemberData(nameof(OutputPairs))]
    public void TwoOutputsOnOneStorage_AtEveryPosition_Throw_NamingBoth_NothingWritten(int i, int j, bool exact, bool spread)
    {
        var (a, b, c) = BatchedGemmListValidationTests.Batch();
        c[j] = new Matrix<double>(5, 4, c[i].Storage).Transpose(); // 4×5 again, the same array read as its transpose
        BatchedGemmListValidationTests.AssertRefused<ArgumentException>(exact, spread, a, b, c, "c", $"c[{i}] and c[{j}] share storage");
    }

    /// <summary>(the list holding the null, its index) × the validation paths.</summary>
    public static TheoryData<string, int, bool, bool> Nulls()
    {
        var data = new TheoryData<string, int, bool, bool>();
        foreach (var list in new[] { "a", "b", "c" })
            foreach (int i in new[] { 0, Middle, Last })
                foreach (var (exact, spread) in new[] { (false, true), (true, true), (false, false), (true, false) })
                    data.Add(list, i, exact, spread);
        return data;
    }

    [Theory]
    [MemberData(nameof(Nulls))]
    public void NullAtEveryPosition_Throws_NamingTheListAndIndex_NothingWritten(string list, int i, bool exact, bool spread)
    {
        var (a, b, c) = BatchedGemmListValidationTests.Batch();
        (list switch { "a" => a, "b" => b, _ => c })[i] = null!;
        BatchedGemmListValidationTests.AssertRefused<ArgumentNullException>(exact, spread, a, b, c, list, $"{list}[{i}] is null");
    }

    [Fact]
    public void EmptyBatch_DoesNothing_OnEveryPath()
    {
        Blas.GemmBatched(1.0, Array.Empty<Matrix<double>>(), Array.Empty<Matrix<double>>(), 0.0, Array.Empty<Matrix<double>>());
        Blas.GemmBatched(1.0f, new List<Matrix<float>>(), new List<Matrix<float>>(), 0.0f, new List<Matrix<float>>());
        foreach (var (exact, spread) in new[] { (false, true), (true, true), (false, false), (true, false) })
            BatchedGemmListValidationTests.Run(exact, spread, [], [], []);
    }

    /// <summary>
    /// β = 0 overwrites C, NaN included: products with k = 0 (a 4×0 A, a 0×5 B) among ordinary ones at the first, a middle
    /// and the last index give exact zeros, the others the definition; with α = 0 every C is zero and A, B (NaN here) are not read.
    /// </summary>
    [Theory]
    [MemberData(nameof(Modes))]
    public void BetaZeroOverNaN_WithEmptyInnerAndAlphaZero_GivesTheDefinition(bool exact, bool spread)
    {
        var (a, b, c) = BatchedGemmListValidationTests.Batch();
        int[] empties = [0, Middle, Last];
        foreach (int i in empties) { a[i] = new Matrix<double>(4, 0); b[i] = new Matrix<double>(0, 5); }
        foreach (var m in c) m.AsSpan().Fill(double.NaN);
        var batch = MatrixGemmBatch<double>.Validate(1.5, a, b, 0.0, c, exactStorageCheck: exact, spread: spread);
        try { batch.RunProducts(); } finally { batch.Release(); }
        for (int i = 0; i < Count; i++)
        {
            var expected = empties.Contains(i) ? new double[20] : Definition(1.5, a[i], b[i]);
            AssertClose(expected, c[i].ToArray(), i);
        }

        var (a2, b2, c2) = BatchedGemmListValidationTests.Batch();
        foreach (var m in c2) m.AsSpan().Fill(double.NaN);
        foreach (int i in empties) { a2[i].AsSpan().Fill(double.NaN); b2[i].AsSpan().Fill(double.PositiveInfinity); }
        var zero = MatrixGemmBatch<double>.Validate(0.0, a2, b2, 0.0, c2, exactStorageCheck: exact, spread: spread);
        try { zero.RunProducts(); } finally { zero.Release(); }
        foreach (var m in c2) Assert.All(m.ToArray(), v => Assert.Equal(0.0, v));
    }

    /// <summary>
    /// One list of many shapes (m, n, k from 0 to 19, so some products empty and some with k = 0) with A, B and C as
    /// transposed views in turn, including the first, a middle and the last product: every path gives the definition.
    /// </summary>
    [Theory]
    [MemberData(nameof(Modes))]
    public void MixedShapesAndViews_InOneList_MatchTheDefinition(bool exact, bool spread)
    {
        const int count = 1500; // above the spread pass's 1024
        var rng = new Random(48);
        var a = new Matrix<double>[count]; var b = new Matrix<double>[count]; var c = new Matrix<double>[count];
        var before = new double[count][];
        for (int i = 0; i < count; i++)
        {
            int m = rng.Next(0, 20), n = rng.Next(0, 20), k = rng.Next(0, 20);
            if (i == 0 || i == count / 2 || i == count - 1) (m, n, k) = (i == 0 ? 1 : 17, i == count - 1 ? 1 : 13, i == count / 2 ? 0 : 7);
            bool ta = (i & 1) != 0, tb = (i & 2) != 0, tc = (i & 4) != 0;
            a[i] = ta ? Matrix.Random<double>(k, m, seed: i).Transpose() : Matrix.Random<double>(m, k, seed: i);
            b[i] = tb ? Matrix.Random<double>(n, k, seed: 10_000 + i).Transpose() : Matrix.Random<double>(k, n, seed: 10_000 + i);
            c[i] = tc ? Matrix.Random<double>(n, m, seed: 20_000 + i).Transpose() : Matrix.Random<double>(m, n, seed: 20_000 + i);
            before[i] = c[i].ToArray();
        }
        var batch = MatrixGemmBatch<double>.Validate(0.75, a, b, -0.5, c, exactStorageCheck: exact, spread: spread);
        try { batch.RunProducts(); } finally { batch.Release(); }
        for (int i = 0; i < count; i++)
        {
            var expected = Definition(0.75, a[i], b[i]);
            for (int e = 0; e < expected.Length; e++) expected[e] += -0.5 * before[i][e];
            AssertClose(expected, c[i].ToArray(), i);
        }
    }

    /// <summary>α A B in row-major order of the logical shape (as <see cref="Matrix{T}.ToArray"/> gives C), by the triple loop.</summary>
    private static double[] Definition(double alpha, Matrix<double> a, Matrix<double> b)
    {
        var result = new double[a.Rows * b.Columns];
        for (int r = 0; r < a.Rows; r++)
            for (int s = 0; s < b.Columns; s++)
            {
                double sum = 0;
                for (int p = 0; p < a.Columns; p++) sum += a[r, p] * b[p, s];
                result[r * b.Columns + s] = alpha * sum;
            }
        return result;
    }

    private static void AssertClose(double[] expected, double[] actual, int index)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int e = 0; e < expected.Length; e++)
            Assert.True(Math.Abs(expected[e] - actual[e]) <= 1e-13 * (1 + Math.Abs(expected[e])),
                $"product {index}, element {e}: expected {expected[e]:R}, got {actual[e]:R}");
    }
}
