namespace BlasNet.Tests.Core;

// The plane rotations from their BLAS definitions, in double.
internal static partial class NaiveBlas
{
    /// <summary>drot: xᵢ ← c·xᵢ + s·yᵢ, yᵢ ← c·yᵢ − s·xᵢ. Returns the magnitude bound |c·xᵢ| + |s·yᵢ| (x) and |c·yᵢ| + |s·xᵢ| (y).</summary>
    public static (double[] BoundX, double[] BoundY) Rot(int n, double[] x, int incX, double[] y, int incY, double c, double s)
    {
        var bx = new double[x.Length]; var by = new double[y.Length];
        for (int i = 0; i < n; i++)
        {
            double xi = x[i * incX], yi = y[i * incY];
            x[i * incX] = c * xi + s * yi;
            y[i * incY] = c * yi - s * xi;
            bx[i * incX] = Math.Abs(c * xi) + Math.Abs(s * yi);
            by[i * incY] = Math.Abs(c * yi) + Math.Abs(s * xi);
        }
        return (bx, by);
    }

    /// <summary>drotm with param = [flag, h11, h21, h12, h22]: flag −2 does nothing, −1 uses all four, 0 takes h11 = h22 = 1, 1 takes h12 = 1, h21 = −1.</summary>
    public static (double[] BoundX, double[] BoundY) Rotm(int n, double[] x, int incX, double[] y, int incY, double[] param)
    {
        var bx = new double[x.Length]; var by = new double[y.Length];
        double flag = param[0];
        if (flag == -2) return (bx, by);
        double h11 = param[1], h21 = param[2], h12 = param[3], h22 = param[4];
        if (flag == 0) { h11 = 1; h22 = 1; }
        else if (flag == 1) { h12 = 1; h21 = -1; }
        for (int i = 0; i < n; i++)
        {
            double xi = x[i * incX], yi = y[i * incY];
            x[i * incX] = h11 * xi + h12 * yi;
            y[i * incY] = h21 * xi + h22 * yi;
            bx[i * incX] = Math.Abs(h11 * xi) + Math.Abs(h12 * yi);
            by[i * incY] = Math.Abs(h21 * xi) + Math.Abs(h22 * yi);
        }
        return (bx, by);
    }
}
