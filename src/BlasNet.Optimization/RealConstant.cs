using System.Numerics;
using System.Runtime.CompilerServices;

namespace BlasNet.Optimization;

/// <summary>
/// The real value of a built-in number type, for the forward-mode numbers' <c>CreateChecked</c>/<c>CreateTruncating</c>
/// (a constant in a generic model: <c>T.CreateChecked(2.0)</c>). Shared by <see cref="Dual"/> and the Jet.
/// </summary>
internal static class RealConstant
{
    // The typeof tests are resolved when the JIT specialises the method for a value type: no boxing, no branch left,
    // so T.CreateChecked(2.0) in a model costs what the constructor from a double costs.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGet<TOther>(TOther value, out double result) where TOther : INumberBase<TOther>
    {
        if (typeof(TOther) == typeof(double)) { result = (double)(object)value; return true; }
        if (typeof(TOther) == typeof(float)) { result = (float)(object)value; return true; }
        if (typeof(TOther) == typeof(Half)) { result = (double)(Half)(object)value; return true; }
        if (typeof(TOther) == typeof(int)) { result = (int)(object)value; return true; }
        if (typeof(TOther) == typeof(long)) { result = (long)(object)value; return true; }
        if (typeof(TOther) == typeof(short)) { result = (short)(object)value; return true; }
        if (typeof(TOther) == typeof(sbyte)) { result = (sbyte)(object)value; return true; }
        if (typeof(TOther) == typeof(byte)) { result = (byte)(object)value; return true; }
        if (typeof(TOther) == typeof(ushort)) { result = (ushort)(object)value; return true; }
        if (typeof(TOther) == typeof(uint)) { result = (uint)(object)value; return true; }
        if (typeof(TOther) == typeof(ulong)) { result = (ulong)(object)value; return true; }
        if (typeof(TOther) == typeof(decimal)) { result = (double)(decimal)(object)value; return true; }
        result = 0;
        return false;
    }
}
