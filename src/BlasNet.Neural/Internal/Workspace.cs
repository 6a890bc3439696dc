using System.Globalization;
using System.Numerics;

namespace BlasNet.Neural;

/// <summary>Reusable output buffers: a layer keeps its last buffer and only allocates when the batch shape changes.</summary>
internal static class Workspace
{
    /// <summary>A plain rows×columns buffer, <paramref name="cached"/> itself when it already has that shape.</summary>
    public static Matrix<T> Plain<T>(Matrix<T>? cached, int rows, int columns) where T : unmanaged, IFloatingPointIeee754<T> =>
        cached is not null && !cached.IsTransposed && cached.Rows == rows && cached.Columns == columns ? cached : new Matrix<T>(rows, columns);

    /// <summary>A buffer with the storage layout of <paramref name="like"/> (a transposed view when it is one), so elementwise work runs on storage spans.</summary>
    public static Matrix<T> SameLayout<T>(Matrix<T>? cached, Matrix<T> like) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (cached is not null && cached.IsTransposed == like.IsTransposed && cached.StorageRows == like.StorageRows && cached.StorageColumns == like.StorageColumns)
            return cached;
        var plain = new Matrix<T>(like.StorageRows, like.StorageColumns);
        return like.IsTransposed ? plain.Transpose() : plain;
    }

    /// <summary>
    /// <paramref name="m"/> itself when its storage layout is <paramref name="like"/>'s, else its entries
    /// copied into <paramref name="buffer"/> (reused) laid out as <paramref name="like"/> is: an elementwise
    /// backward walks dy and its saved matrices in storage order, so the layouts must agree, while the layer
    /// after it may hand back either (a dense layer's dx is plain whatever its input was).
    /// </summary>
    public static Matrix<T> InLayoutOf<T>(Matrix<T> m, Matrix<T> like, ref Matrix<T>? buffer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m.IsTransposed == like.IsTransposed) return m;
        buffer = SameLayout(buffer, like);
        CopyEntries(m, buffer);
        return buffer;
    }

    /// <summary>
    /// <paramref name="m"/> itself when it is plain, else its entries copied into <paramref name="buffer"/> (a plain
    /// matrix, reused while the shape holds) for code that walks storage rows: <see cref="Matrix{T}.Copy"/> would
    /// allocate a new matrix and a 2-D array on every call.
    /// </summary>
    public static Matrix<T> Plain<T>(Matrix<T> m, ref Matrix<T>? buffer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!m.IsTransposed) return m;
        buffer = Plain(buffer, m.Rows, m.Columns);
        CopyEntries(m, buffer);
        return buffer;
    }

    // destination[i, j] = source[i, j] for matrices of the same shape in any layouts.
    private static void CopyEntries<T>(Matrix<T> source, Matrix<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < source.Rows; i++)
            for (int j = 0; j < source.Columns; j++) destination[i, j] = source[i, j];
    }

    public static void SameShape<T>(Matrix<T> actual, Matrix<T> expected, string name, string expectedWhat) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (actual.Rows != expected.Rows || actual.Columns != expected.Columns)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} is {actual.Rows}×{actual.Columns} but must be {expected.Rows}×{expected.Columns} ({expectedWhat})."), name);
    }

    public static Matrix<T> Require<T>(Matrix<T>? cached, string layer) where T : unmanaged, IFloatingPointIeee754<T> =>
        cached ?? throw NoForwardPass(layer);

    /// <summary>
    /// The error for a backward pass with no forward pass before it. Callers whose layer name is not a constant
    /// (<c>GetType().Name</c>) build it only when they throw: the runtime keeps a type's name in a cache that a full
    /// collection may drop, and reading it again then allocates (208 B per call, found in a training step's backward pass).
    /// </summary>
    public static InvalidOperationException NoForwardPass(string layer) =>
        new($"{layer}.Backward was called before Forward: there is no batch to differentiate.");
}
