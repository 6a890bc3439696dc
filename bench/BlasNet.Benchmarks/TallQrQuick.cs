using System.Runtime.Intrinsics;
using BlasNet;
using BlasNet.Optimization;

namespace BlasNet.Benchmarks;

/// <summary>
/// <c>lm-jacobians tall-qr [rounds]</c>: the tall QR's block kernel on the large fit's own blocks — the R so far (13×13)
/// stacked over 2 048 rows of [J | r] at the start, column-major, as <c>TallSkinnyQr</c> builds them — LAPACK's dgeqrf
/// (the provider's) against the managed Householder kernel at the dispatched width and at 256 bits, and the whole
/// 200 000-row reduction for scale. Each piece factors 97 blocks (one reduction's worth) per timing from a pristine copy,
/// best of 3 per round, pieces alternating in every round; process CPU time, so ratios hold on a loaded machine. The
/// same rows in blocks of 13 + 512 and 13 + 256 rows: smaller, L1-sized blocks measured no faster (why BlockRows stays 2 048).
/// </summary>
internal static class TallQrQuick
{
    public static void Run(int rounds)
    {
        var data = new FourGaussianData();
        const int n = 12, k = n + 1, b = TallSkinnyQr.BlockRows, rows = k + b;
        double[] p = FourGaussianData.Start;
        var jac = new double[data.M * n];
        var res = new double[data.M];
        data.Jacobian(p, jac);
        data.Residuals(p, res);
        double[] ones = Enumerable.Repeat(1.0, n).ToArray();
        // The triangle of the first block, then the second block under it (what every block after the first looks like).
        var r = new double[k * k];
        new TallSkinnyQr(k).ReduceRowMajor(b, jac.AsSpan(0, b * n), ones, res.AsSpan(0, b), r);
        var pristine = new double[rows * k];
        for (int c = 0; c < k; c++)
        {
            for (int i = 0; i <= c; i++) pristine[c * rows + i] = r[i + c * k];
            for (int i = 0; i < b; i++) pristine[c * rows + k + i] = c < n ? jac[(b + i) * n + c] : res[b + i];
        }
        var work = new double[rows * k];
        var tau = new double[k];
        int blocks = data.M / b;
        var whole = new TallSkinnyQr(k);
        var pieces = new (string Name, Action Run)[]
        {
            ("dgeqrf", () => Blocks(() => Lapack.Geqrf(rows, k, work, rows, tau))),
            ($"managed ({(Vector512.IsHardwareAccelerated ? 512 : 256)}-bit)", () => Blocks(() => HouseholderBlockQr.Factor(work, rows, k))),
            ("managed (256-bit)", () => Blocks(() => HouseholderBlockQr.Factor<QrLanes256>(work, rows, k))),
            ("copies alone (in every piece above)", () => Blocks(() => { })),
            ("managed, blocks of 13 + 512 rows", () => Smaller(512)),
            ("managed, blocks of 13 + 256 rows", () => Smaller(256)),
            ("whole reduction, 200 000 rows", () => whole.ReduceRowMajor(data.M, jac, ones, res, r)),
        };
        Console.WriteLine($"tall QR, {blocks} blocks of {rows}×{k} per piece (the whole reduction: {data.M} rows), provider {BlasProvider.Current.Name} core={BlasProvider.Current.CoreName ?? "-"}");
        AlternatingRounds.Run(pieces, rounds, 0, "F2");

        // The same rows in blocks of 13 + size rows (the first size rows of the block above, size/2048 as many per block).
        void Smaller(int size)
        {
            int height = k + size;
            for (int i = 0; i < blocks * (b / size); i++)
            {
                for (int c = 0; c < k; c++) Array.Copy(pristine, c * rows, work, c * height, height);
                HouseholderBlockQr.Factor(work.AsSpan(0, height * k), height, k);
            }
        }

        void Blocks(Action factor)
        {
            for (int i = 0; i < blocks; i++)
            {
                pristine.CopyTo(work, 0);
                factor();
            }
        }
    }
}
