using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace BlasNet.Tests.Core;

/// <summary>
/// The child-process half of <see cref="TensorFuzz51Tests"/> (<c>dotnet exec BlasNet.Tests.dll tensor-fuzz SEED CASES CASEFILE</c>):
/// random calls of the tensor forms of GEMM, SYRK and TRSM (<see cref="Blas.Gemm(double, ReadOnlyTensorSpan{double}, ReadOnlyTensorSpan{double}, double, TensorSpan{double})"/>
/// and the others) on tensors of rank 1–3, zero lengths, strides that are dense, padded, transposed, both ≠ 1, zero
/// (broadcast), overlapping or given on a length-1 dimension, in managed arrays or in memory ending at a PROT_NONE page
/// (<see cref="GuardPageBuffer"/>), with C (or B) laid over the memory of an operand it is computed from. Each call must
/// either give the product a plain loop gives, touching no element of its memory but the ones it writes, or throw an
/// <see cref="ArgumentException"/> naming one of its parameters, with that tensor's lengths in the message, and leave all
/// memory as it was. One line "FAIL …" per case that does neither; a native crash kills the process and the parent names
/// the case from the case file (written before each call).
/// </summary>
internal static unsafe partial class TensorFuzz51
{
    /// <summary>A tensor's description: lengths, strides, its first element's index in its pool, and the pool it is in.</summary>
    private sealed record Shape(nint[] Lengths, nint[] Strides, string Kind)
    {
        public int Pool;
        public int Start;
        public bool Rank2 => Lengths.Length == 2;
        /// <summary>One past the largest index a element of the tensor takes from its start (all strides ≥ 0 here).</summary>
        public long Extent
        {
            get
            {
                long last = 0;
                for (int d = 0; d < Lengths.Length; d++)
                {
                    if (Lengths[d] == 0) return 0;
                    last += (Lengths[d] - 1) * (long)Strides[d];
                }
                return last + 1;
            }
        }
        public long Index(long i, long j) => Start + i * Strides[0] + j * Strides[1];
        public override string ToString() =>
            $"{Kind} lengths [{string.Join(", ", Lengths)}] strides [{string.Join(", ", Strides)}] pool {Pool} start {Start}";
    }

    private static int failures, computed, refused, libraryRefused, falseRefusals;

    public static int Run(int seed, int cases, string caseFile)
    {
        var random = new Random(seed);
        Console.WriteLine($"provider: {BlasProvider.Current.Name}");
        for (int n = 0; n < cases; n++)
        {
            int routine = random.Next(3);
            bool single = random.Next(4) == 0;
            if (single) Case<float>(random, routine, n, caseFile);
            else Case<double>(random, routine, n, caseFile);
        }
        HugeCases(caseFile);
        SpanGemmGuardCases(caseFile);
        Console.WriteLine($"computed {computed}, refused {refused}, refused by System.Numerics.Tensors {libraryRefused}, refusals of a BLAS layout {falseRefusals}, failures {failures}");
        return failures == 0 ? 0 : 1;
    }

    private static int[] Dims(Random r) => [r.Next(6) == 0 ? 0 : r.Next(1, 6), r.Next(6) == 0 ? 0 : r.Next(1, 6), r.Next(6) == 0 ? 0 : r.Next(1, 6)];

    /// <summary>A random layout for a rows×columns tensor (sometimes of rank 1 or 3 instead).</summary>
    private static Shape Layout(Random r, int rows, int columns)
    {
        var s = AnyLayout(r, rows, columns);
        // System.Numerics.Tensors takes only stride 0 on a dimension of length 0 or 1; other strides there only sometimes.
        if (s.Kind != "any strides" || r.Next(2) == 0)
            for (int d = 0; d < s.Lengths.Length; d++) if (s.Lengths[d] <= 1) s.Strides[d] = 0;
        return s;
    }

    private static Shape AnyLayout(Random r, int rows, int columns)
    {
        int kind = r.Next(12), pad = r.Next(3);
        return kind switch
        {
            0 or 1 => new([rows, columns], [columns + pad, 1], "row-major"),
            2 or 3 => new([rows, columns], [1, rows + pad], "transposed"),
            4 => new([rows, columns], [2 * columns + 1, 2], "both≠1"),
            5 => new([rows, columns], [0, 1], "broadcast rows"),
            6 => new([rows, columns], [columns, 0], "broadcast columns"),
            7 => new([rows, columns], [Math.Max(0, columns - 1 - pad), 1], "overlapping rows"),
            8 => new([rows, columns], [1, Math.Max(0, rows - 1 - pad)], "overlapping columns"),
            9 => new([rows, columns], [r.Next(0, 9), r.Next(0, 9)], "any strides"),
            10 => r.Next(2) == 0 ? new([(nint)rows * columns], [1], "rank 1") : new([1, rows, columns], [0, columns, 1], "rank 3"),
            _ => new([rows, columns], [-columns, 1], "negative stride"),
        };
    }

    /// <summary>Whether the tensor has a BLAS layout (one unit stride, the other ≥ the length it steps over), as the docs promise.</summary>
    private static bool HasBlasLayout(Shape s)
    {
        if (!s.Rank2) return false;
        nint r = s.Lengths[0], c = s.Lengths[1], s0 = s.Strides[0], s1 = s.Strides[1];
        if (r == 0 || c == 0 || (r == 1 && c == 1)) return true;
        if ((s1 == 1 || c == 1) && (r == 1 || s0 >= c)) return true;
        if ((s0 == 1 || r == 1) && (c == 1 || s1 >= r)) return true;
        return false;
    }

    private sealed class Pool<T>(int length, bool guarded) : IDisposable where T : unmanaged
    {
        private readonly GuardPageBuffer? guard = guarded && length > 0 ? new GuardPageBuffer(length * Marshal.SizeOf<T>()) : null;
        private readonly T[] array = guarded ? [] : new T[length];
        public bool Guarded => guard is not null;
        public Span<T> Span => guard is null ? array : guard.End<T>(length);
        public void Dispose() => guard?.Dispose();
    }

    private static void Case<T>(Random r, int routine, int n, string caseFile) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var d = Dims(r);
        int m = d[0], nn = d[1], k = d[2];
        Shape[] shapes;
        string[] names;
        // GEMM: a m×k, b k×n, c m×n (sometimes mismatched); SYRK: a n×k, c n×n; TRSM: a order×order, b m×n.
        Side side = r.Next(2) == 0 ? Side.Left : Side.Right;
        Triangle uplo = r.Next(2) == 0 ? Triangle.Upper : Triangle.Lower;
        Diagonal diag = r.Next(3) == 0 ? Diagonal.Unit : Diagonal.NonUnit;
        bool mismatch = r.Next(10) == 0;
        switch (routine)
        {
            case 0:
                shapes = [Layout(r, m, mismatch ? k + 1 : k), Layout(r, k, nn), Layout(r, m, nn)];
                names = ["a", "b", "c"];
                break;
            case 1:
                shapes = [Layout(r, nn, k), Layout(r, nn, mismatch ? nn + 1 : nn)];
                names = ["a", "c"];
                break;
            default:
                int order = side == Side.Left ? m : nn;
                shapes = [Layout(r, order, mismatch ? order + 1 : order), Layout(r, m, nn)];
                names = ["a", "b"];
                break;
        }
        // Pools: each tensor its own, or the output laid over an input's pool (aliasing).
        int output = shapes.Length - 1;
        for (int i = 0; i < shapes.Length; i++) { shapes[i].Pool = i; shapes[i].Start = r.Next(3); }
        if (r.Next(4) == 0)
        {
            int input = r.Next(output);
            shapes[output].Pool = input;
            shapes[output].Start = (int)r.NextInt64(0, Math.Max(1, shapes[input].Extent + 1));
        }
        var pools = new Pool<T>[shapes.Length];
        bool anyGuard = false;
        try
        {
            for (int p = 0; p < pools.Length; p++)
            {
                long length = 0;
                foreach (var s in shapes) if (s.Pool == p) length = Math.Max(length, s.Start + Math.Max(0, s.Extent));
                bool guarded = r.Next(2) == 0;
                anyGuard |= guarded;
                pools[p] = new Pool<T>((int)length + (guarded ? 0 : r.Next(3)), guarded);
                var span = pools[p].Span;
                for (int i = 0; i < span.Length; i++) span[i] = T.CreateTruncating(r.NextDouble() * 2 - 1);
            }
            T alpha = r.Next(8) == 0 ? T.Zero : T.CreateTruncating(r.NextDouble() * 2 - 1);
            T beta = r.Next(4) == 0 ? T.Zero : T.CreateTruncating(r.NextDouble() * 2 - 1);
            if (routine == 2) MakeDiagonalStrong(shapes[0], pools[shapes[0].Pool].Span, r);

            string description = FormattableString.Invariant(
                $"case {n} {typeof(T).Name} {(routine == 0 ? "Gemm" : routine == 1 ? $"Syrk {uplo}" : $"Trsm {side} {uplo} {diag}")} α={alpha} β={beta}: ")
                + string.Join("; ", shapes.Select((s, i) => $"{names[i]} {s}{(pools[s.Pool].Guarded ? " guarded" : "")}"));
            File.WriteAllText(caseFile, description);

            var before = pools.Select(p => p.Span.ToArray()).ToArray();
            Exception? error = null;
            try
            {
                Call(routine, alpha, beta, uplo, side, diag, shapes, pools);
            }
            catch (Exception e) { error = e; }

            if (error is LibraryRefusal)
            {
                libraryRefused++;
                return;
            }
            if (error is not null)
            {
                Refusal(description, error, names, shapes, pools, before);
                return;
            }
            computed++;
            bool expectRefusal = shapes.Any(s => !s.Rank2) || mismatch;
            if (expectRefusal)
            {
                Fail(description, "computed on a tensor it should have refused (rank or shape)");
                return;
            }
            if (shapes.Any(s => !HasBlasLayout(s)))
            {
                Fail(description, "computed on a tensor without a BLAS layout");
                return;
            }
            Verify(routine, alpha, beta, uplo, side, diag, shapes, pools, before, description);
        }
        finally
        {
            foreach (var p in pools) p?.Dispose();
        }
    }

    private static void MakeDiagonalStrong<T>(Shape a, Span<T> pool, Random r) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!a.Rank2 || a.Strides.Any(s => s < 0)) return;
        long order = Math.Min(a.Lengths[0], a.Lengths[1]);
        for (long i = 0; i < order; i++)
            pool[(int)a.Index(i, i)] = T.CreateTruncating((r.Next(2) == 0 ? -1 : 1) * (2 + r.NextDouble()));
    }

    /// <summary>Thrown when System.Numerics.Tensors itself refuses to build the tensor span (not BlasNet's call).</summary>
    private sealed class LibraryRefusal(Exception inner) : Exception(inner.Message, inner);

    private static TensorSpan<TT> Make<TT>(Span<TT> pool, Shape s)
    {
        try
        {
            // Exactly the tensor's extent: in a guarded pool the last element of the tensor (if it is the pool's last) touches the guard page.
            return new TensorSpan<TT>(pool.Slice(s.Start, (int)Math.Max(0, s.Extent)), s.Lengths, s.Strides);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException)
        {
            throw new LibraryRefusal(e);
        }
    }

    // Through the generic entries (issue 14: no float/double dispatch outside the core), which the typed overloads share.
    private static void Call<T>(int routine, T alpha, T beta, Triangle uplo, Side side, Diagonal diag, Shape[] s, Pool<T>[] pools) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> P(int i) => pools[s[i].Pool].Span;
        switch (routine)
        {
            case 0: { var a = Make(P(0), s[0]); var b = Make(P(1), s[1]); var c = Make(P(2), s[2]); Blas.Gemm<T>(alpha, a, b, beta, c); break; }
            case 1: { var a = Make(P(0), s[0]); var c = Make(P(1), s[1]); Blas.Syrk<T>(uplo, alpha, a, beta, c); break; }
            default: { var a = Make(P(0), s[0]); var b = Make(P(1), s[1]); Blas.Trsm<T>(side, uplo, alpha, a, b, diag); break; }
        }
    }

    private static void Refusal<T>(string description, Exception e, string[] names, Shape[] shapes, Pool<T>[] pools, T[][] before) where T : unmanaged, IFloatingPointIeee754<T>
    {
        refused++;
        for (int p = 0; p < pools.Length; p++)
            if (!pools[p].Span.SequenceEqual(before[p])) Fail(description, $"threw {e.GetType().Name} after writing pool {p}: {e.Message}");
        if (e is not ArgumentException ae) { Fail(description, $"threw {e.GetType().Name}: {e.Message}"); return; }
        int named = Array.IndexOf(names, ae.ParamName);
        if (named < 0 && ae.ParamName is not ("uplo" or "side" or "diag"))
        {
            Fail(description, $"ParamName '{ae.ParamName}' is not a parameter: {ae.Message}");
            return;
        }
        if (named >= 0)
        {
            var s = shapes[named];
            string lengths = string.Join(", ", s.Lengths.Select(l => l.ToString(CultureInfo.InvariantCulture)));
            bool told = ae.Message.Contains($"[{lengths}]", StringComparison.Ordinal)
                || (s.Rank2 && ae.Message.Contains(string.Create(CultureInfo.InvariantCulture, $"{s.Lengths[0]}×{s.Lengths[1]}"), StringComparison.Ordinal))
                || (!s.Rank2 && ae.Message.Contains($"rank {s.Lengths.Length}", StringComparison.Ordinal));
            if (!told) Fail(description, $"the message does not give {ae.ParamName}'s lengths [{lengths}]: {ae.Message}");
        }
        bool layoutsFine = shapes.All(HasBlasLayout);
        if (layoutsFine && !ae.Message.Contains("overlaps", StringComparison.Ordinal) && !ae.Message.Contains("must", StringComparison.Ordinal)
            && !ae.Message.Contains("needs", StringComparison.Ordinal))
        {
            falseRefusals++;
            Console.WriteLine($"REFUSED-LAYOUT {description}: {ae.Message}");
        }
        if (Environment.GetEnvironmentVariable("FUZZ51_VERBOSE") == "1") Console.WriteLine($"refused {description}: {ae.ParamName}: {ae.Message}");
    }

    private static void Fail(string description, string why)
    {
        failures++;
        Console.WriteLine($"FAIL {description}: {why}");
    }

    /// <summary>The written elements against a plain loop over the tensors as they were, every other element of every pool unchanged.</summary>
    private static void Verify<T>(int routine, T alpha, T beta, Triangle uplo, Side side, Diagonal diag, Shape[] s, Pool<T>[] pools, T[][] before, string description)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double At(int t, long i, long j) => double.CreateTruncating(before[s[t].Pool][s[t].Index(i, j)]);
        var expected = new Dictionary<(int Pool, long Index), double>();
        double al = double.CreateTruncating(alpha), be = double.CreateTruncating(beta);
        int outIx = s.Length - 1;
        var o = s[outIx];
        long rows = o.Lengths[0], cols = o.Lengths[1];
        if (routine == 0)
        {
            long k = s[0].Lengths[1];
            for (long i = 0; i < rows; i++)
                for (long j = 0; j < cols; j++)
                {
                    double sum = 0;
                    if (al != 0) for (long p = 0; p < k; p++) sum += At(0, i, p) * At(1, p, j);
                    expected[(o.Pool, o.Index(i, j))] = al * sum + (be == 0 ? 0 : be * At(2, i, j));
                }
        }
        else if (routine == 1)
        {
            long k = s[0].Lengths[1];
            for (long i = 0; i < rows; i++)
                for (long j = 0; j < cols; j++)
                {
                    if (uplo == Triangle.Upper ? i > j : i < j) continue;
                    double sum = 0;
                    if (al != 0) for (long p = 0; p < k; p++) sum += At(0, i, p) * At(0, j, p);
                    expected[(o.Pool, o.Index(i, j))] = al * sum + (be == 0 ? 0 : be * At(1, i, j));
                }
        }
        else
        {
            // Triangular A as seen, then X by substitution in double (A X = αB, or Xᵀ Aᵀ = αBᵀ for the right side).
            long order = s[0].Lengths[0];
            var a = new double[order, order];
            for (long i = 0; i < order; i++)
                for (long j = 0; j < order; j++)
                    a[i, j] = i == j ? (diag == Diagonal.Unit ? 1 : At(0, i, i)) : (uplo == Triangle.Upper ? i < j : i > j) ? At(0, i, j) : 0;
            var x = new double[rows, cols];
            if (side == Side.Left)
            {
                for (long j = 0; j < cols; j++)
                    for (long step = 0; step < rows; step++)
                    {
                        long i = uplo == Triangle.Upper ? rows - 1 - step : step;
                        double v = al * At(1, i, j);
                        for (long p = 0; p < rows; p++) if (p != i) v -= a[i, p] * x[p, j];
                        x[i, j] = v / a[i, i];
                    }
            }
            else
            {
                for (long i = 0; i < rows; i++)
                    for (long step = 0; step < cols; step++)
                    {
                        long j = uplo == Triangle.Upper ? step : cols - 1 - step;
                        double v = al * At(1, i, j);
                        for (long p = 0; p < cols; p++) if (p != j) v -= x[i, p] * a[p, j];
                        x[i, j] = v / a[j, j];
                    }
            }
            for (long i = 0; i < rows; i++)
                for (long j = 0; j < cols; j++) expected[(o.Pool, o.Index(i, j))] = x[i, j];
        }
        double tolerance = typeof(T) == typeof(float) ? 1e-4 : 1e-11;
        for (int p = 0; p < pools.Length; p++)
        {
            var now = pools[p].Span;
            for (int i = 0; i < now.Length; i++)
            {
                if (expected.TryGetValue((p, i), out double want))
                {
                    double got = double.CreateTruncating(now[i]);
                    if (!(Math.Abs(got - want) <= tolerance * (1 + Math.Abs(want))))
                    {
                        Fail(description, string.Create(CultureInfo.InvariantCulture, $"pool {p} element {i}: {got} where the loop gives {want}"));
                        return;
                    }
                }
                else if (!now[i].Equals(before[p][i]))
                {
                    Fail(description, string.Create(CultureInfo.InvariantCulture, $"pool {p} element {i} (not an element written) changed from {before[p][i]} to {now[i]}"));
                    return;
                }
            }
        }
    }
    private const int ProtRead = 1, ProtWrite = 2, MapPrivate = 0x02, MapAnonymous = 0x20, MapNoReserve = 0x4000;
    [LibraryImport("libc.so.6", EntryPoint = "mmap")] private static partial nint Mmap(nint addr, nuint length, int prot, int flags, int fd, nint offset);
    [LibraryImport("libc.so.6", EntryPoint = "mprotect")] private static partial int Mprotect(nint addr, nuint length, int prot);
    [LibraryImport("libc.so.6", EntryPoint = "munmap")] private static partial int Munmap(nint addr, nuint length);

    /// <summary>
    /// Leading dimensions of 2³⁰ and more over a reserved, inaccessible address range (PROT_NONE, nothing committed) whose
    /// pages holding the tensor's elements alone are made readable and writable: a product must read and write exactly
    /// those elements (a library computing ld·8 bytes in 32 bits would touch another page and die), and a refusal must
    /// name the tensor with its lengths and strides. Lengths past 2³¹ over a broadcast (stride 0) buffer as well.
    /// </summary>
    private static void HugeCases(string caseFile)
    {
        const long Gig = 1L << 30;
        // A valid ld of 2³⁰ on each operand in turn, as rows (strides [ld, 1]) or as the transpose (strides [1, ld]).
        foreach (int operand in new[] { 0, 1, 2 })
            foreach (bool transposed in new[] { false, true })
                HugeGemm(caseFile, operand, transposed, Gig, expectRefusal: false);
        // ld ≥ 2³¹ or an extent past int.MaxValue: refused, naming the tensor with its lengths.
        foreach (int operand in new[] { 0, 1, 2 })
        {
            HugeGemm(caseFile, operand, false, 2 * Gig, expectRefusal: true);
            HugeGemm(caseFile, operand, true, (1L << 32) + 1, expectRefusal: true);
            HugeGemm(caseFile, operand, false, Gig, expectRefusal: true, rows: 3);
        }
        // Broadcast lengths past 2³¹ over three elements.
        var three = new double[3];
        var small = new double[9];
        nint big = (nint)1 << 31, huge = (nint)1 << 40;
        foreach (var (lengths, strides) in new (nint[], nint[])[] { ([big, 3], [0, 1]), ([huge, 3], [0, 1]), ([3, big], [1, 0]), ([big, 0], [0, 0]), ([0, huge], [0, 0]) })
        {
            string d = $"huge a lengths [{string.Join(", ", lengths)}] strides [{string.Join(", ", strides)}]";
            File.WriteAllText(caseFile, d);
            Expect(d, () =>
            {
                var a = new ReadOnlyTensorSpan<double>(three, lengths, strides);
                var b = new ReadOnlyTensorSpan<double>(small, [lengths[1], 3], [0, 1]); // a broadcast row: any length, three elements
                Blas.Gemm(1.0, a, b, 0.0, new TensorSpan<double>(new double[9], [3, 3], [3, 1]));
            }, "a", lengths);
            Expect(d + " (Syrk)", () => Blas.Syrk(Triangle.Upper, 1.0, new ReadOnlyTensorSpan<double>(three, lengths, strides), 0.0, new TensorSpan<double>(new double[9], [3, 3], [3, 1])), "a", lengths);
            Expect(d + " (Trsm's b)", () => Blas.Trsm(Side.Left, Triangle.Upper, 1.0, new ReadOnlyTensorSpan<double>(small, [3, 3], [3, 1]), new TensorSpan<double>(new double[3], lengths, strides)), "b", lengths);
        }
    }

    private static void Expect(string description, Action call, string name, nint[] lengths)
    {
        try
        {
            call();
            computed++;
            Fail(description, "computed");
        }
        catch (Exception e)
        {
            refused++;
            if (e is not ArgumentException ae || ae.ParamName != name || !ae.Message.Contains($"[{string.Join(", ", lengths)}]", StringComparison.Ordinal))
                Fail(description, $"{e.GetType().Name} ParamName '{(e as ArgumentException)?.ParamName}' (want {name} with lengths [{string.Join(", ", lengths)}]): {e.Message}");
        }
    }

    /// <summary>C ← AB on 2×3 · 3×2 (or, with <paramref name="rows"/> = 3, an operand of three rows), one operand with leading dimension <paramref name="ld"/>.</summary>
    private static void HugeGemm(string caseFile, int operand, bool transposed, long ld, bool expectRefusal, int rows = 2)
    {
        string[] names = ["a", "b", "c"];
        // Shapes as seen: a m×k, b k×n, c m×n; the huge operand is rows×cols with its ld on the dimension of length rows (or of its transpose).
        int m = 2, k = 3, n = 2;
        if (rows == 3) { if (operand == 0) m = 3; else if (operand == 1) k = 3; else m = 3; }
        (int r, int c)[] seen = [(m, k), (k, n), (m, n)];
        var (hr, hc) = seen[operand];
        // Strides: [ld, 1] (row-major, ld past the row) or [1, ld] (transposed).
        nint[] strides = transposed ? [1, (nint)ld] : [(nint)ld, 1];
        long extent = transposed ? (hc - 1) * ld + hr : (hr - 1) * ld + hc;
        // A span of more than int.MaxValue elements has no span form to go through: refused, as the docs say.
        if (extent > int.MaxValue && !expectRefusal) expectRefusal = true;
        nuint bytes = (nuint)((extent + 4096) * sizeof(double));
        nint map = Mmap(0, bytes, 0, MapPrivate | MapAnonymous | MapNoReserve, -1, 0);
        if (map == -1) { Fail($"huge {names[operand]}", "mmap failed"); return; }
        try
        {
            double* origin = (double*)map;
            long page = Environment.SystemPageSize;
            var random = new Random(operand * 7 + (transposed ? 1 : 0) + rows);
            for (long i = 0; i < hr; i++)
                for (long j = 0; j < hc; j++)
                {
                    long index = i * strides[0] + j * strides[1];
                    nint at = map + (nint)(index * sizeof(double)) & ~(nint)(page - 1);
                    if (!expectRefusal && Mprotect(at, (nuint)page, ProtRead | ProtWrite) != 0) { Fail($"huge {names[operand]}", "mprotect failed"); return; }
                    if (!expectRefusal) origin[index] = random.NextDouble() * 2 - 1;
                }
            var plain = new double[3][];
            for (int t = 0; t < 3; t++) { plain[t] = new double[seen[t].r * seen[t].c]; for (int i = 0; i < plain[t].Length; i++) plain[t][i] = random.NextDouble() * 2 - 1; }
            double Get(int t, int i, int j) => t == operand ? origin[i * strides[0] + j * strides[1]] : plain[t][i * seen[t].c + j];
            var beforeC = new double[m, n];
            if (!expectRefusal) for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) beforeC[i, j] = Get(2, i, j);
            string description = $"huge {names[operand]} {hr}×{hc} strides [{strides[0]}, {strides[1]}]";
            File.WriteAllText(caseFile, description);
            ReadOnlyTensorSpan<double> T(int t) => t == operand ? new(origin, (nint)extent, [hr, hc], strides) : new(plain[t], [seen[t].r, seen[t].c], [seen[t].c, 1]);
            TensorSpan<double> W(int t) => t == operand ? new(origin, (nint)extent, [hr, hc], strides) : new(plain[t], [seen[t].r, seen[t].c], [seen[t].c, 1]);
            try
            {
                Blas.Gemm(1.5, T(0), T(1), 0.5, W(2));
                computed++;
                if (expectRefusal) { Fail(description, "computed where a refusal was expected"); return; }
            }
            catch (Exception e)
            {
                refused++;
                if (!expectRefusal) Fail(description, $"refused a BLAS layout: {e.GetType().Name}: {e.Message}");
                else if (e is not ArgumentException ae || ae.ParamName != names[operand] || !ae.Message.Contains($"[{hr}, {hc}]", StringComparison.Ordinal))
                    Fail(description, $"{e.GetType().Name} ParamName '{(e as ArgumentException)?.ParamName}' without {names[operand]}'s lengths [{hr}, {hc}]: {e.Message}");
                return;
            }
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double want = 0.5 * beforeC[i, j];
                    for (int p = 0; p < k; p++) want += 1.5 * Get(0, i, p) * Get(1, p, j);
                    if (Math.Abs(Get(2, i, j) - want) > 1e-12) { Fail(description, $"c[{i}, {j}] = {Get(2, i, j)}, the loop gives {want}"); return; }
                }
        }
        finally
        {
            Munmap(map, bytes);
        }
    }
    /// <summary>
    /// The span form of the float and double GEMM with C ending at a PROT_NONE page, every transpose pair, m 1–5, n 1–19, k 1
    /// and 3: BLIS 0.9's sgemm read up to two floats past C's last row when n ≡ 2, 3 (mod 4) and m ≥ 2 (a crash here). The
    /// last row, computed in a call of its own since, must still carry a NaN its zero multiplier meets (0·NaN = NaN).
    /// </summary>
    private static void SpanGemmGuardCases(string caseFile)
    {
        var random = new Random(4651);
        foreach (bool single in new[] { true, false })
            foreach (var ta in new[] { Transpose.None, Transpose.Transposed })
                foreach (var tb in new[] { Transpose.None, Transpose.Transposed })
                    for (int m = 1; m <= 5; m++)
                        for (int n = 1; n <= 19; n++)
                            foreach (int k in new[] { 1, 3 })
                            {
                                if (single) GuardedGemm<float>(caseFile, random, ta, tb, m, n, k);
                                else GuardedGemm<double>(caseFile, random, ta, tb, m, n, k);
                            }
    }

    private static void GuardedGemm<T>(string caseFile, Random random, Transpose ta, Transpose tb, int m, int n, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lda = ta == Transpose.None ? k : m, ldb = tb == Transpose.None ? n : k;
        int aLength = ta == Transpose.None ? (m - 1) * lda + k : (k - 1) * lda + m, bLength = tb == Transpose.None ? (k - 1) * ldb + n : (n - 1) * ldb + k;
        int cLength = (m - 1) * n + n;
        var a = new T[aLength];
        var b = new T[bLength];
        for (int i = 0; i < a.Length; i++) a[i] = T.CreateTruncating(random.NextDouble() * 2 - 1);
        for (int i = 0; i < b.Length; i++) b[i] = T.CreateTruncating(random.NextDouble() * 2 - 1);
        // op(A)'s last row multiplies op(B)'s first row by 0, and that row holds a NaN: c's last row must be NaN there.
        T A(int i, int p) => a[ta == Transpose.None ? i * lda + p : p * lda + i];
        ref T Bref(int p, int j) => ref b[tb == Transpose.None ? p * ldb + j : j * ldb + p];
        a[ta == Transpose.None ? (m - 1) * lda : m - 1] = T.Zero;
        Bref(0, n - 1) = T.NaN;
        using var guard = new GuardPageBuffer(cLength * Marshal.SizeOf<T>());
        var c = guard.End<T>(cLength);
        for (int i = 0; i < c.Length; i++) c[i] = T.CreateTruncating(random.NextDouble());
        var before = c.ToArray();
        string description = $"span Gemm {typeof(T).Name} {ta} {tb} m={m} n={n} k={k}, c ending at a guard page";
        File.WriteAllText(caseFile, description);
        T alpha = T.CreateTruncating(1.5), beta = T.CreateTruncating(0.5);
        Blas.Gemm<T>(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, n);
        computed++;
        double tolerance = typeof(T) == typeof(float) ? 1e-4 : 1e-12;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double want = 0.5 * double.CreateTruncating(before[i * n + j]);
                for (int p = 0; p < k; p++) want += 1.5 * double.CreateTruncating(A(i, p)) * double.CreateTruncating(Bref(p, j));
                double got = double.CreateTruncating(c[i * n + j]);
                bool same = double.IsNaN(want) ? double.IsNaN(got) : Math.Abs(got - want) <= tolerance * (1 + Math.Abs(want));
                if (!same) { Fail(description, $"c[{i}, {j}] = {got}, the loop gives {want}"); return; }
            }
    }
}
