using System.Numerics.Tensors;
using System.Text.RegularExpressions;

namespace BlasNet.Tests.Core;

/// <summary>
/// The tensor forms' overlap errors, told in the caller's terms: tensors cut from one buffer, each laid out plain
/// (strides [ld, 1]) or as a transpose (strides [1, ld]) in every combination, at random offsets and paddings, for every
/// routine with tensor forms (GEMM, SYMM, SYR2K, SYRK, TRMM, TRSM). The expectation is brute force from the strides
/// written here: the output is refused exactly when its element set meets an input's (inputs in the order the routine
/// names them), ParamName is the output's name, the message names the input the caller passed (not the one a transposed
/// C swaps in below), and the two [row, column] indices it gives are inside those tensors and address the same element
/// (offset + row·stride₀ + column·stride₁ of each). Before, a transposed tensor's indices were its storage's (swapped)
/// and a transposed C's GEMM called b "a".
/// </summary>
public partial class TensorOverlapIndexTests
{
    private const int BufferLength = 160;

    /// <summary>A tensor view the test knows by its own numbers.</summary>
    private readonly record struct View(string Name, int Offset, int Rows, int Cols, int S0, int S1)
    {
        public long Address(long i, long j) => Offset + i * S0 + j * S1;

        public HashSet<long> Elements()
        {
            var set = new HashSet<long>();
            for (int i = 0; i < Rows; i++) for (int j = 0; j < Cols; j++) set.Add(Address(i, j));
            return set;
        }

        /// <summary>The slots of the view's uplo triangle, without the diagonal when unit (what TRMM, TRSM, SYMM read and SYRK, SYR2K write).</summary>
        public HashSet<long> Triangle(Triangle uplo, bool unit = false)
        {
            var set = new HashSet<long>();
            for (int i = 0; i < Rows; i++)
                for (int j = 0; j < Cols; j++)
                    if ((uplo == BlasNet.Triangle.Upper ? j >= i : j <= i) && !(unit && i == j)) set.Add(Address(i, j));
            return set;
        }

        public ReadOnlyTensorSpan<double> Read(double[] buf) => new(buf, Offset, [Rows, Cols], [S0, S1]);
        public TensorSpan<double> Write(double[] buf) => new(buf, Offset, [Rows, Cols], [S0, S1]);
        public ReadOnlyTensorSpan<float> Read(float[] buf) => new(buf, Offset, [Rows, Cols], [S0, S1]);
        public TensorSpan<float> Write(float[] buf) => new(buf, Offset, [Rows, Cols], [S0, S1]);
    }

    /// <summary>A rows×cols view anywhere in the buffer: transposed ⇒ strides [1, rows + pad], else [cols + pad, 1].</summary>
    private static View RandomView(Random rng, string name, int rows, int cols, bool transposed)
    {
        int pad = rng.Next(0, 4);
        int ld = (transposed ? rows : cols) + pad;
        ld = Math.Max(1, ld);
        int storedRows = transposed ? cols : rows, storedCols = transposed ? rows : cols;
        int extent = storedRows == 0 || storedCols == 0 ? 0 : (storedRows - 1) * ld + storedCols;
        int offset = rng.Next(0, Math.Max(1, Math.Min(40, BufferLength - extent)));
        int s0 = transposed ? 1 : ld, s1 = transposed ? ld : 1;
        // System.Numerics.Tensors wants a stride of 0 on a dimension of length 1, and no strides on an empty tensor.
        if (rows <= 1) s0 = 0;
        if (cols <= 1) s1 = 0;
        if (rows == 0 || cols == 0) s0 = s1 = 0;
        return new View(name, offset, rows, cols, s0, s1);
    }

    private static double[] Filled(Random rng)
    {
        var buf = new double[BufferLength];
        for (int i = 0; i < buf.Length; i++) buf[i] = rng.NextDouble() - 0.5;
        return buf;
    }

    private static readonly Regex SharedElement = new(@"element \[(\d+), (\d+)\] of (\w+) is element \[(\d+), (\d+)\] of (\w+)");

    /// <summary>
    /// Runs the call and checks its outcome against brute force: refused iff output shares an element with one of the
    /// inputs, naming the first such input and a shared element in the two tensors' own indices. Returns whether refused.
    /// </summary>
    private static bool Verify(Action call, View output, params View[] inputs) =>
        Verify(call, output, output.Elements(), inputs.Select(i => (i, i.Elements())).ToArray());

    /// <summary>
    /// <see cref="Verify(Action, View, View[])"/> counting only the elements the routine touches: the output's written
    /// slots <paramref name="outSet"/> (SYRK's and SYR2K's triangle) and each input's read slots (TRMM's, TRSM's and SYMM's
    /// A triangle); the named element must be one of those of both (TensorMatrixTriangleOverlap41Tests checks the results).
    /// </summary>
    private static bool Verify(Action call, View output, HashSet<long> outSet, params (View View, HashSet<long> Read)[] inputs)
    {
        View? expected = null;
        HashSet<long> expectedRead = [];
        foreach (var (input, inputSet) in inputs)
            if (inputSet.Overlaps(outSet)) { expected = input; expectedRead = inputSet; break; }
        string what = $"{output} vs {string.Join(", ", inputs)}";
        if (expected is null)
        {
            call(); // no element shared: must be computed, not refused
            return false;
        }
        var ex = Assert.Throws<ArgumentException>(call);
        Assert.True(output.Name == ex.ParamName, $"ParamName {ex.ParamName}, expected {output.Name}: {what}");
        var match = SharedElement.Match(ex.Message);
        Assert.True(match.Success, $"no shared element named in \"{ex.Message}\" ({what})");
        Assert.Equal(output.Name, match.Groups[3].Value);
        var input2 = expected.Value;
        Assert.True(input2.Name == match.Groups[6].Value, $"the message names {match.Groups[6].Value}, the caller's overlapping input is {input2.Name}: \"{ex.Message}\" ({what})");
        Assert.Contains($"{output.Name} overlaps {input2.Name}", ex.Message);
        long ro = long.Parse(match.Groups[1].Value), co = long.Parse(match.Groups[2].Value);
        long ri = long.Parse(match.Groups[4].Value), ci = long.Parse(match.Groups[5].Value);
        Assert.True(ro < output.Rows && co < output.Cols && ri < input2.Rows && ci < input2.Cols, $"indices outside the tensors: \"{ex.Message}\" ({what})");
        Assert.True(output.Address(ro, co) == input2.Address(ri, ci),
            $"{output.Name}[{ro}, {co}] is buffer element {output.Address(ro, co)}, {input2.Name}[{ri}, {ci}] is {input2.Address(ri, ci)}: \"{ex.Message}\" ({what})");
        Assert.True(outSet.Contains(output.Address(ro, co)) && expectedRead.Contains(output.Address(ro, co)),
            $"buffer element {output.Address(ro, co)} is not one both calls touch: \"{ex.Message}\" ({what})");
        return true;
    }

    /// <summary>Every transpose combination of the operands, each many times at random sizes and places.</summary>
    private static IEnumerable<(Random Rng, bool[] Transposed)> Trials(int operands, int seed, int perCombination = 250)
    {
        var rng = new Random(seed);
        for (int mask = 0; mask < 1 << operands; mask++)
        {
            var t = new bool[operands];
            for (int i = 0; i < operands; i++) t[i] = (mask >> i & 1) == 1;
            for (int trial = 0; trial < perCombination; trial++) yield return (rng, t);
        }
    }

    /// <summary>Enough refusals and enough computed calls in every run for the comparison to mean something.</summary>
    private static void BothOutcomesSeen(int refused, int computed)
    {
        Assert.True(refused > 100, $"only {refused} refusals");
        Assert.True(computed > 100, $"only {computed} computed calls");
    }

    [Fact]
    public void Gemm_EveryViewCombination_NamesTheCallersOperandAndIndices()
    {
        int refused = 0, computed = 0;
        foreach (var (rng, t) in Trials(3, 381))
        {
            int m = rng.Next(0, 6), n = rng.Next(0, 6), k = rng.Next(0, 6);
            var buf = Filled(rng);
            View a = RandomView(rng, "a", m, k, t[0]), b = RandomView(rng, "b", k, n, t[1]), c = RandomView(rng, "c", m, n, t[2]);
            if (Verify(() => Blas.Gemm(1.0, a.Read(buf), b.Read(buf), 0.5, c.Write(buf)), c, a, b)) refused++; else computed++;
        }
        BothOutcomesSeen(refused, computed);
    }

    [Fact]
    public void Gemm_Float_Generic_EveryViewCombination_NamesTheCallersOperandAndIndices()
    {
        int refused = 0, computed = 0;
        foreach (var (rng, t) in Trials(3, 382, 100))
        {
            int m = rng.Next(1, 6), n = rng.Next(1, 6), k = rng.Next(1, 6);
            var buf = Array.ConvertAll(Filled(rng), v => (float)v);
            View a = RandomView(rng, "a", m, k, t[0]), b = RandomView(rng, "b", k, n, t[1]), c = RandomView(rng, "c", m, n, t[2]);
            if (Verify(() => Blas.Gemm<float>(1f, a.Read(buf), b.Read(buf), 0f, c.Write(buf)), c, a, b)) refused++; else computed++;
        }
        BothOutcomesSeen(refused, computed);
    }

    [Fact]
    public void Symm_EveryViewCombination_NamesTheCallersOperandAndIndices()
    {
        int refused = 0, computed = 0;
        foreach (var (rng, t) in Trials(3, 383))
        {
            var side = rng.Next(2) == 0 ? Side.Left : Side.Right;
            var uplo = rng.Next(2) == 0 ? Triangle.Upper : Triangle.Lower;
            int m = rng.Next(0, 6), n = rng.Next(0, 6), order = side == Side.Left ? m : n;
            var buf = Filled(rng);
            View a = RandomView(rng, "a", order, order, t[0]), b = RandomView(rng, "b", m, n, t[1]), c = RandomView(rng, "c", m, n, t[2]);
            if (Verify(() => Blas.Symm(side, uplo, 1.0, a.Read(buf), b.Read(buf), 0.5, c.Write(buf)), c, c.Elements(), (a, a.Triangle(uplo)), (b, b.Elements()))) refused++; else computed++;
        }
        BothOutcomesSeen(refused, computed);
    }

    [Fact]
    public void Syr2k_EveryViewCombination_NamesTheCallersOperandAndIndices()
    {
        int refused = 0, computed = 0;
        foreach (var (rng, t) in Trials(3, 384))
        {
            var uplo = rng.Next(2) == 0 ? Triangle.Upper : Triangle.Lower;
            int n = rng.Next(0, 6), k = rng.Next(0, 6);
            var buf = Filled(rng);
            View a = RandomView(rng, "a", n, k, t[0]), b = RandomView(rng, "b", n, k, t[1]), c = RandomView(rng, "c", n, n, t[2]);
            if (Verify(() => Blas.Syr2k(uplo, 1.0, a.Read(buf), b.Read(buf), 0.5, c.Write(buf)), c, c.Triangle(uplo), (a, a.Elements()), (b, b.Elements()))) refused++; else computed++;
        }
        BothOutcomesSeen(refused, computed);
    }

    [Fact]
    public void Syrk_EveryViewCombination_NamesTheCallersOperandAndIndices()
    {
        int refused = 0, computed = 0;
        foreach (var (rng, t) in Trials(2, 385, 400))
        {
            var uplo = rng.Next(2) == 0 ? Triangle.Upper : Triangle.Lower;
            int n = rng.Next(0, 6), k = rng.Next(0, 6);
            var buf = Filled(rng);
            View a = RandomView(rng, "a", n, k, t[0]), c = RandomView(rng, "c", n, n, t[1]);
            if (Verify(() => Blas.Syrk(uplo, 1.0, a.Read(buf), 0.5, c.Write(buf)), c, c.Triangle(uplo), (a, a.Elements()))) refused++; else computed++;
        }
        BothOutcomesSeen(refused, computed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TrmmAndTrsm_EveryViewCombination_NamesTheCallersOperandAndIndices(bool solve)
    {
        int refused = 0, computed = 0;
        foreach (var (rng, t) in Trials(2, solve ? 386 : 387, 400))
        {
            var side = rng.Next(2) == 0 ? Side.Left : Side.Right;
            var uplo = rng.Next(2) == 0 ? Triangle.Upper : Triangle.Lower;
            int m = rng.Next(0, 6), n = rng.Next(0, 6), order = side == Side.Left ? m : n;
            var buf = Filled(rng);
            View a = RandomView(rng, "a", order, order, t[0]), b = RandomView(rng, "b", m, n, t[1]);
            // A unit diagonal: the solves stay finite whatever the random strictly triangular part is.
            Action call = solve
                ? () => Blas.Trsm(side, uplo, 1.0, a.Read(buf), b.Write(buf), Diagonal.Unit)
                : () => Blas.Trmm(side, uplo, 1.0, a.Read(buf), b.Write(buf), Diagonal.Unit);
            if (Verify(call, b, b.Elements(), (a, a.Triangle(uplo, unit: true)))) refused++; else computed++;
        }
        BothOutcomesSeen(refused, computed);
    }

    /// <summary>
    /// A fixed case by hand: C laid out as a transpose over B's storage (GEMM computes Cᵀ = BᵀAᵀ, the operands swapped).
    /// b is 3×2 row-major with ld 4 (buffer elements 0, 1, 4, 5, 8, 9); c is 2×2 with strides [1, 4] from element 3
    /// (3, 4, 7, 8 for c[0, 0], c[1, 0], c[0, 1], c[1, 1]). They share 4 = c[1, 0] = b[1, 0] and 8 = c[1, 1] = b[2, 0].
    /// The old message said "element [0, 1] of c is element [1, 0] of a": c's storage indices and A's name.
    /// </summary>
    [Fact]
    public void Gemm_TransposedCOverB_NamesBAndTheTensorsIndices()
    {
        var buf = new double[16];
        var a = new double[6];
        var ex = Assert.Throws<ArgumentException>(() => Blas.Gemm(1.0, new ReadOnlyTensorSpan<double>(a, [2, 3]),
            new ReadOnlyTensorSpan<double>(buf, 0, [3, 2], [4, 1]), 0.0, new TensorSpan<double>(buf, 3, [2, 2], [1, 4])));
        Assert.Equal("c", ex.ParamName);
        Assert.Contains("c overlaps b", ex.Message);
        Assert.True(ex.Message.Contains("element [1, 0] of c is element [1, 0] of b") || ex.Message.Contains("element [1, 1] of c is element [2, 0] of b"), ex.Message);
    }
}
