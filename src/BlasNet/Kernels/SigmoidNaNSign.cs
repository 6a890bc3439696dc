using System.Numerics;

namespace BlasNet;

/// <summary>
/// Flips the sign bit of each NaN and leaves every other value alone (x ^ sign mask where x ≠ x), applied to σ's results.
/// σ = 1/(1 + exp(−x)) passes a NaN x on as the NaN of −x: its payload kept (and a signalling NaN quieted) but its sign
/// flipped, in the float and double vector code, the scalar Math.Exp path and Half's path through double alike (PyTorch 1.13's
/// sigmoid does the same). Every other kernel that passes NaN through (Relu, LeakyRelu, Tanh, Scale) returns the input NaN
/// itself, so σ flips the sign back: a NaN comes out as the NaN that went in, quieted (NaN-and-infinity.md, "Elementwise
/// kernels"). σ of a number is never NaN, so only the input's NaNs are touched. The flip is a bitwise XOR in the vector
/// code, not a negation, so it cannot depend on how the hardware negates a NaN.
/// </summary>
internal readonly struct SigmoidNaNSignOp<T> : IUnaryKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static T Apply(T y, T _) => T.IsNaN(y) ? -y : y;
    public static Vector<T> Apply(Vector<T> y, Vector<T> _) =>
        y ^ (Vector.OnesComplement(Vector.Equals(y, y)) & new Vector<T>(T.NegativeZero));
}
