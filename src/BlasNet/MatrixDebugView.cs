using System.Diagnostics;
using System.Numerics;

namespace BlasNet;

/// <summary>
/// What a debugger shows when a <see cref="Matrix{T}"/> is expanded: its shape, whether it is a transposed view, and
/// its values as seen. The matrix's own properties are hidden from property listings so that FSI's echo shows only
/// <see cref="Matrix{T}.ToString"/>; this view keeps them in the debugger.
/// </summary>
internal sealed class MatrixDebugView<T>(Matrix<T> matrix) where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Rows => matrix.Rows;

    public int Columns => matrix.Columns;

    public bool IsTransposed => matrix.IsTransposed;

    public int StorageRows => matrix.StorageRows;

    public int StorageColumns => matrix.StorageColumns;

    /// <summary>A copy of the values as seen, formed when the debugger expands it.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Collapsed)]
    public T[,] Values => matrix.ToArray2D();
}
