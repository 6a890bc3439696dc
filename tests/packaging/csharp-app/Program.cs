// Each check compares with a value worked out by hand or a closed form; any miss exits 1.
using System.Numerics.Tensors;
using BlasNet;
using BlasNet.MathNetInterop;
using BlasNet.Neural;
using BlasNet.Optimization;
using BlasNet.Quadrature;

int failures = 0;
void Check(string name, bool ok, string detail)
{
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {name} ({detail})");
    if (!ok) failures++;
}

Console.WriteLine($"provider: {BlasProvider.Current}");

// GEMM through the span API: [1 2 3; 4 5 6] [1; 1; 1] = [6; 15], then Aᵀ through a view: AᵀA[0,0] = 1 + 16 = 17.
var a = new Matrix<double>(2, 3, [1, 2, 3, 4, 5, 6]);
var ones = new Matrix<double>(3, 1, [1, 1, 1]);
var ax = Blas.Multiply(a, ones);
Check("gemm", ax[0, 0] == 6 && ax[1, 0] == 15, $"{ax[0, 0]}, {ax[1, 0]}");
var ata = Blas.Multiply(a.Transpose(), a);
Check("gemm transposed view", ata[0, 0] == 17 && ata[2, 1] == 2 * 3 + 5 * 6, $"{ata[0, 0]}, {ata[2, 1]}");

// ∫₀¹ 1/√x dx = 2 (end-point singularity: QAGS extrapolation).
var q = Quad.Integrate(x => 1 / Math.Sqrt(x), 0, 1);
Check("quadrature", q.IsConverged && Math.Abs(q.Value - 2) < 1e-10, $"{q.Value:R} ± {q.AbsoluteError:G3}");

// A line through (0, 1), (1, 3), (2, 5): slope 2, intercept 1.
double[] xs = [0, 1, 2], ys = [1, 3, 5];
var fit = LevenbergMarquardt.Solve(p => xs.Select((x, i) => p[0] * x + p[1] - ys[i]).ToArray(), [0.0, 0.0]);
Check("least squares", Math.Abs(fit.X[0] - 2) < 1e-9 && Math.Abs(fit.X[1] - 1) < 1e-9, $"{fit.Status} [{string.Join(", ", fit.X)}]");

// Two unseeded layers: different names; the same seed twice: the same weights.
var d1 = new Dense<float>(4, 3, seed: 5);
var d2 = new Dense<float>(4, 3, seed: 5);
Check("dense seed", d1.Weight.Value.ToArray().SequenceEqual(d2.Weight.Value.ToArray()) && d1.Weight.Name != d2.Weight.Name, $"{d1.Weight.Name}, {d2.Weight.Name}");

// Tensor spans (System.Numerics.Tensors arrives through the BlasNet package): a column-major 2×3 tensor (strides [1, 2])
// is a transpose flag, no copy. A = [1 3 5; 2 4 6], AAᵀ = [35 44; 44 56] by hand.
var t = Tensor.Create(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3], [1, 2]);
var tt = Tensor.Create(new double[] { 1, 2, 3, 4, 5, 6 }, [3, 2], [2, 1]);
var aat = new double[4];
Blas.Gemm(1.0, t.AsReadOnlyTensorSpan(), tt.AsReadOnlyTensorSpan(), 0.0, new TensorSpan<double>(aat, [2, 2]));
Check("gemm on tensor spans", aat.SequenceEqual([35.0, 44, 44, 56]), string.Join(", ", aat));

// BlasNet.MathNetInterop: a MathNet matrix as a BlasNet view (no copy), mᵀm on the BLAS against MathNet's own product,
// a write through the view seen by MathNet, and the way back.
var mn = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
var view = mn.AsBlasNet();
var mtm = new Matrix<double>(2, 2);
Blas.Gemm(1.0, view.Transpose(), view, 0.0, mtm);
var reference = mn.TransposeThisAndMultiply(mn); // [35 44; 44 56]
Check("mathnet view product", mtm.ToMathNet().Equals(reference) && reference[0, 1] == 44, $"{mtm[0, 0]}, {mtm[0, 1]}, {mtm[1, 1]}");
view[2, 1] = -6;
Check("mathnet view shares the array", mn[2, 1] == -6, $"{mn[2, 1]}");

Console.WriteLine($"csharp-app: {failures} failed");
return failures == 0 ? 0 : 1;
