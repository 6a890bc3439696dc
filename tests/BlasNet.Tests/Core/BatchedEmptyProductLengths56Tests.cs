namespace BlasNet.Tests.Core;

/// <summary>
/// The strided batch is validated like single GEMM (issue 14, i14v56): with an empty C (m or n = 0) single GEMM still refuses
/// an A or B too short for its k columns or rows (Check.GemmShapes), and the batch's docs say its lengths are checked always,
/// but the batch returned before its length checks when m or n was 0: b = [] for 2 products of 0×4 with k = 3 (12 elements
/// each) was accepted. Now both refuse the same operand, the batch naming its length and block sizes; a batch of no products
/// (batchCount = 0) still needs no storage.
/// </summary>
public class BatchedEmptyProductLengths56Tests
{
    public static TheoryData<int, int, int, bool, bool> Cases()
    {
        var data = new TheoryData<int, int, int, bool, bool>();
        foreach (var (m, n) in new[] { (0, 4), (2, 0), (0, 0) })
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    data.Add(m, n, 3, ta, tb);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EmptyC_OperandOneShort_IsRefusedAsSingleGemmRefusesIt(int m, int n, int k, bool ta, bool tb)
    {
        const int count = 2;
        var transA = ta ? Transpose.Transposed : Transpose.None;
        var transB = tb ? Transpose.Transposed : Transpose.None;
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = Math.Max(1, aCols), ldb = Math.Max(1, bCols), ldc = Math.Max(1, n);
        int aBlock = aRows * aCols == 0 ? 0 : (aRows - 1) * lda + aCols, bBlock = bRows * bCols == 0 ? 0 : (bRows - 1) * ldb + bCols;
        var c = new double[0];
        foreach (bool shortA in new[] { true, false })
        {
            int aLength = count * aBlock - (shortA ? 1 : 0), bLength = count * bBlock - (shortA ? 0 : 1);
            if ((shortA ? aBlock : bBlock) == 0) continue; // an empty block cannot be one short
            var a = new double[aLength]; var b = new double[bLength];
            string operand = shortA ? "a" : "b";
            // Single GEMM on the last product's blocks (the ones a short span cannot hold) refuses that operand.
            var single = Assert.Throws<ArgumentException>(() => Blas.Gemm(transA, transB, m, n, k, 1.0,
                a.AsSpan(shortA ? aBlock : 0), lda, b.AsSpan(shortA ? 0 : bBlock), ldb, 0.0, c, ldc));
            Assert.Equal(operand, single.ParamName);
            var batch = Assert.Throws<ArgumentException>(() => Blas.GemmStridedBatched(transA, transB, m, n, k, 1.0,
                a, lda, aBlock, b, ldb, bBlock, 0.0, c, ldc, 0, count));
            Assert.Equal(operand, batch.ParamName);
            Assert.Contains($"has length {(shortA ? aLength : bLength)}", batch.Message);
            Assert.Contains($"{count} blocks of {(shortA ? aRows : bRows)}×{(shortA ? aCols : bCols)}", batch.Message);
        }
        // Exactly long enough: accepted, nothing written.
        Blas.GemmStridedBatched(transA, transB, m, n, k, 1.0, new double[count * aBlock], lda, aBlock, new double[count * bBlock], ldb, bBlock, 0.0, c, ldc, 0, count);
        // No products: no storage needed at all.
        Blas.GemmStridedBatched(transA, transB, m, n, k, 1.0, [], lda, aBlock, [], ldb, bBlock, 0.0, c, ldc, 0, 0);
    }
}
