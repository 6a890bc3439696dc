using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BlasNet.Tests.Core;

/// <summary>
/// The child-process half of <see cref="SizeArgumentFuzz50Tests"/> (<c>dotnet exec BlasNet.Tests.dll size-fuzz</c>): every
/// public static method and constructor of the core assembly whose parameters it can supply (int sizes, increments,
/// leading dimensions and strides; scalars; flags; spans and arrays; small matrices; half-GEMM operands) is called with
/// small arrays and size arguments drawn from a table of extremes (0, ±1, int.MinValue, int.MaxValue, 2³⁰, 46341 ≈ √2³¹,
/// 65536, …), where a size check computed in 32 bits wraps round to a small or negative number and lets native code run
/// past the array. Each span ends at a PROT_NONE page (<see cref="GuardPageBuffer"/>) with a sentinel in front of it, so a
/// call that reads or writes past its end kills this process (the parent names the case from the case file, which holds the call about to run) and one
/// that writes before its start is found by the sentinel. A call may throw an <see cref="ArgumentException"/> whose ParamName
/// is one of its own parameters and whose message gives at least one of the sizes passed (an argument or an array's
/// length); any other exception is reported, and so is a return after touching the memory around a span.
/// </summary>
internal static unsafe class SizeArgumentFuzz
{
    /// <summary>
    /// Sizes where 32-bit arithmetic goes wrong: the largest int and its neighbours, a half of 2³² (doubling it wraps to
    /// int.MinValue), 46341 and 65536 (their squares pass 2³¹ and 2³²), 2³² / 3 + 1 (tripled: wraps to 2), negative values.
    /// </summary>
    public static readonly int[] Extremes =
    [
        int.MaxValue, int.MaxValue - 1, int.MaxValue / 2, int.MaxValue / 2 + 1, int.MaxValue / 2 + 2, 1431655766, 715827883,
        46340, 46341, 65535, 65536, 65537, 1 << 20, -1, -2, int.MinValue, int.MinValue + 1,
    ];

    private static readonly int[] Small = [0, 1, 2, 3, 4, 5];
    private static readonly int[] SpanLengths = [0, 1, 2, 3, 4, 6, 9, 16, 64];
    private const int MaxSpanBytes = 64 * sizeof(double), SentinelBytes = 64;
    private const byte Sentinel = 0xA5;

    /// <summary>A span's place for the invoker: the element type, its start and its length.</summary>
    public sealed class SpanArgument(Type element, nint pointer, int length)
    {
        public Type Element { get; } = element;
        public nint Pointer { get; } = pointer;
        public int Length { get; } = length;
        public override string ToString() => $"{Element.Name}[{Length}]";
    }

    /// <summary>A half-GEMM operand: its kind (Single, Half, RoundedToHalf) and the span behind it.</summary>
    public sealed class OperandArgument(string kind, SpanArgument span)
    {
        public string Kind { get; } = kind;
        public SpanArgument Span { get; } = span;
        public override string ToString() => $"{Kind}({Span})";
    }

    public static Span<T> MakeSpan<T>(object argument) where T : unmanaged
    {
        var s = (SpanArgument)argument;
        return new Span<T>((void*)s.Pointer, s.Length);
    }

    public static ReadOnlySpan<T> MakeReadOnlySpan<T>(object argument) where T : unmanaged => MakeSpan<T>(argument);

    public static HalfGemmOperand MakeOperand(object argument)
    {
        var o = (OperandArgument)argument;
        return o.Kind switch
        {
            "Half" => HalfGemmOperand.Half(MakeSpan<Half>(o.Span)),
            "RoundedToHalf" => HalfGemmOperand.RoundedToHalf(MakeSpan<float>(o.Span)),
            _ => HalfGemmOperand.Single(MakeSpan<float>(o.Span)),
        };
    }

    /// <summary>One entry point: a name for messages, its parameters, and a call taking the boxed arguments.</summary>
    private sealed record Entry(string Name, ParameterInfo[] Parameters, Func<object?[], object?> Invoke);

    /// <summary>Runs every entry point's cases; prints one line per failure and a summary; 0 when none failed.</summary>
    /// <remarks>
    /// <paramref name="firstCase"/>: cases before it are drawn (the same sequence) but not run, to go on past a crash when
    /// probing by hand (<c>dotnet exec BlasNet.Tests.dll size-fuzz 300 5050 case-file 1234</c>).
    /// </remarks>
    public static int Run(int randomCases, int seed, string caseFile, int firstCase = 0)
    {
        var entries = EntryPoints(out var skipped);
        using var caseHandle = File.OpenHandle(caseFile, FileMode.Create, FileAccess.Write);
        var buffers = Enumerable.Range(0, 8).Select(_ => new GuardPageBuffer(MaxSpanBytes + SentinelBytes)).ToArray();
        var rng = new Random(seed);
        int cases = 0, threw = 0, ran = 0, failures = 0, outOfMemory = 0;
        foreach (var entry in entries)
        {
            var intParameters = entry.Parameters.Select((p, i) => (p, i)).Where(t => t.p.ParameterType == typeof(int)).Select(t => t.i).ToArray();
            // Every extreme in every int position (the others small), then random mixtures.
            var plans = new List<Func<Random, int, int>>();
            foreach (int position in intParameters)
                foreach (int extreme in Extremes)
                    plans.Add((r, i) => i == position ? extreme : Small[1 + r.Next(Small.Length - 1)]);
            for (int c = 0; c < randomCases; c++)
                plans.Add((r, _) => r.Next(10) switch { < 4 => Small[r.Next(Small.Length)], 4 => r.Next(2) == 0 ? -1 : int.MinValue, _ => Extremes[r.Next(Extremes.Length)] });
            foreach (var plan in plans)
            {
                var args = Arguments(entry.Parameters, plan, rng, buffers);
                if (cases < firstCase) { cases++; continue; }
                string description = $"#{cases} {Describe(entry, args)}";
                byte[] text = System.Text.Encoding.UTF8.GetBytes(description.PadRight(1024)[..1024]);
                RandomAccess.Write(caseHandle, text, 0);
                cases++;
                string? failure = null;
                try
                {
                    entry.Invoke(args);
                    ran++;
                }
                catch (ArgumentException e)
                {
                    threw++;
                    failure = JudgeArgumentException(entry, args, e);
                }
                catch (OutOfMemoryException)
                {
                    // An allocation the size of a consistent but huge shape (a band matrix of 2³⁰ rows, one of them stored):
                    // reported among the counts, not a failure; a hole would have shown as a read past the array first.
                    outOfMemory++;
                }
                catch (Exception e)
                {
                    failure = $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}";
                }
                failure ??= SentinelDamage(args);
                if (failure is not null)
                {
                    failures++;
                    Console.WriteLine($"FAIL {description} → {failure}");
                }
            }
        }
        foreach (var b in buffers) b.Dispose();
        Console.WriteLine($"entries: {entries.Count}; cases: {cases}; threw: {threw}; ran: {ran}; out of memory: {outOfMemory}; failures: {failures}");
        Console.WriteLine($"covered: {string.Join(" ", entries.Select(e => e.Name).Distinct())}");
        Console.WriteLine($"skipped: {string.Join(" ", skipped.Distinct())}");
        
        return failures == 0 ? 0 : 1;
    }

    private static string? JudgeArgumentException(Entry entry, object?[] args, ArgumentException e)
    {
        var names = entry.Parameters.Select(p => p.Name).ToHashSet();
        if (e.ParamName is null || !names.Contains(e.ParamName))
            return $"{e.GetType().Name} names '{e.ParamName}', not a parameter: {e.Message.ReplaceLineEndings(" ")}";
        var sizes = args.Select(a => a switch
        {
            int i => i.ToString(CultureInfo.InvariantCulture),
            SpanArgument s => s.Length.ToString(CultureInfo.InvariantCulture),
            OperandArgument o => o.Span.Length.ToString(CultureInfo.InvariantCulture),
            Array a2 => a2.Length.ToString(CultureInfo.InvariantCulture),
            _ => null,
        }).Where(s => s is not null).ToArray();
        bool enumOnly = entry.Parameters.First(p => p.Name == e.ParamName).ParameterType.IsEnum;
        if (!enumOnly && e.ParamName is not null && args[Array.FindIndex(entry.Parameters, p => p.Name == e.ParamName)] is not Matrix<double> and not Matrix<float>
            && !sizes.Any(s => ContainsNumber(e.Message, s!)))
            return $"{e.GetType().Name} ({e.ParamName}) gives none of the sizes: {e.Message.ReplaceLineEndings(" ")}";
        return null;
    }

    /// <summary>Whether <paramref name="number"/> occurs in <paramref name="message"/> as a whole number (not inside a longer one).</summary>
    private static bool ContainsNumber(string message, string number)
    {
        for (int at = message.IndexOf(number, StringComparison.Ordinal); at >= 0; at = message.IndexOf(number, at + 1, StringComparison.Ordinal))
        {
            bool before = at > 0 && char.IsDigit(message[at - 1]);
            bool after = at + number.Length < message.Length && char.IsDigit(message[at + number.Length]);
            if (!before && !after) return true;
        }
        return false;
    }

    private static string? SentinelDamage(object?[] args)
    {
        foreach (var a in args)
        {
            var s = a switch { SpanArgument sa => sa, OperandArgument o => o.Span, _ => null };
            if (s is null) continue;
            var front = new ReadOnlySpan<byte>((void*)(s.Pointer - SentinelBytes), SentinelBytes);
            if (front.IndexOfAnyExcept(Sentinel) >= 0) return $"wrote before the start of {s}";
        }
        return null;
    }

    private static object?[] Arguments(ParameterInfo[] parameters, Func<Random, int, int> plan, Random rng, GuardPageBuffer[] buffers)
    {
        var args = new object?[parameters.Length];
        int buffer = 0;
        for (int i = 0; i < parameters.Length; i++)
        {
            var t = parameters[i].ParameterType;
            args[i] = t switch
            {
                _ when t == typeof(int) => plan(rng, i),
                _ when t == typeof(double) => (double)Scalar(rng),
                _ when t == typeof(float) => (float)Scalar(rng),
                _ when t == typeof(Half) => (Half)Scalar(rng),
                _ when t == typeof(bool) => rng.Next(2) == 0,
                _ when t.IsEnum => Enum.GetValues(t).GetValue(rng.Next(Enum.GetValues(t).Length)),
                _ when SpanElement(t) is { } e => Guarded(buffers[buffer++], e, SpanLengths[rng.Next(SpanLengths.Length)], rng, parameters[i].Name == "param"),
                _ when t == typeof(HalfGemmOperand) => Operand(buffers[buffer++], rng),
                _ when t.IsArray && t.GetArrayRank() == 1 => Filled(Array.CreateInstance(t.GetElementType()!, SpanLengths[rng.Next(SpanLengths.Length)]), rng),
                _ when t == typeof(Matrix<double>) => SmallMatrix<double>(rng),
                _ when t == typeof(Matrix<float>) => SmallMatrix<float>(rng),
                _ => throw new InvalidOperationException($"no argument of type {t}"),
            };
        }
        return args;
    }

    private static double Scalar(Random rng) => rng.Next(4) switch { 0 => 0.0, 1 => 1.0, 2 => -0.5, _ => 2.0 };

    private static Type? SpanElement(Type t) =>
        t.IsGenericType && (t.GetGenericTypeDefinition() == typeof(Span<>) || t.GetGenericTypeDefinition() == typeof(ReadOnlySpan<>))
        && t.GetGenericArguments()[0] is var e && (e == typeof(double) || e == typeof(float) || e == typeof(Half) || e == typeof(int)) ? e : null;

    /// <summary>A span of <paramref name="length"/> elements ending at the guard page, small values in it, the sentinel in front.</summary>
    /// <paramref name="rotmFlag"/>: Rotm's param, whose first element is a flag (−1, a full H), not a size, and whose other
    /// values are refused when it is not one.
    private static SpanArgument Guarded(GuardPageBuffer buffer, Type element, int length, Random rng, bool rotmFlag = false)
    {
        int size = Marshal.SizeOf(element == typeof(Half) ? typeof(short) : element);
        var bytes = buffer.End<byte>(MaxSpanBytes + SentinelBytes);
        bytes.Fill(Sentinel);
        nint end = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(bytes)) + bytes.Length, start = end - length * size;
        for (int i = 0; i < length; i++)
        {
            double v = rotmFlag && i == 0 ? -1 : (rng.Next(9) - 4) / 4.0 + (i % 5 == 0 ? 2 : 0); // a dominant diagonal now and then: factorizations run
            if (element == typeof(double)) ((double*)start)[i] = v;
            else if (element == typeof(float)) ((float*)start)[i] = (float)v;
            else if (element == typeof(Half)) ((Half*)start)[i] = (Half)v;
            else ((int*)start)[i] = 0;
        }
        return new SpanArgument(element, start, length);
    }

    private static OperandArgument Operand(GuardPageBuffer buffer, Random rng)
    {
        string kind = rng.Next(3) switch { 0 => "Half", 1 => "RoundedToHalf", _ => "Single" };
        return new OperandArgument(kind, Guarded(buffer, kind == "Half" ? typeof(Half) : typeof(float), SpanLengths[rng.Next(SpanLengths.Length)], rng));
    }

    private static Array Filled(Array array, Random rng)
    {
        for (int i = 0; i < array.Length; i++)
        {
            double v = (rng.Next(9) - 4) / 4.0;
            object value = array.GetType().GetElementType()! switch
            {
                var e when e == typeof(double) => v,
                var e when e == typeof(float) => (float)v,
                var e when e == typeof(Half) => (Half)v,
                _ => Activator.CreateInstance(array.GetType().GetElementType()!)!,
            };
            array.SetValue(value, i);
        }
        return array;
    }

    private static Matrix<T> SmallMatrix<T>(Random rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var m = Matrix.Random<T>(rng.Next(4), rng.Next(4), rng.Next());
        return rng.Next(3) == 0 ? m.Transpose() : m;
    }

    private static string Describe(Entry entry, object?[] args) =>
        $"{entry.Name}({string.Join(", ", entry.Parameters.Select((p, i) => $"{p.Name}: {Format(args[i])}"))})";

    private static string Format(object? value) => value switch
    {
        int i => i.ToString(CultureInfo.InvariantCulture),
        Array a => $"{a.GetType().GetElementType()!.Name}[{a.Length}] array",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        Matrix<double> m => $"Matrix<double> {m.Rows}×{m.Columns}{(m.IsTransposed ? "ᵀ" : "")}",
        Matrix<float> m => $"Matrix<float> {m.Rows}×{m.Columns}{(m.IsTransposed ? "ᵀ" : "")}",
        _ => value?.ToString() ?? "null",
    };

    /// <summary>
    /// Entry points taking at least one int: public static methods (generic ones made for double and float) and constructors of
    /// the core's public types and of the internal HalfGemm, but not the provider settings (process-wide state) and not allocations sized by their arguments
    /// alone (Matrix's constructors and factories, AlignedBuffer, BandStorage.Pack, whose result has kl + ku + 1 slots a row:
    /// a consistent 2³⁰×1 matrix is 8 GB, and what guards them is a product against Array.MaxLength, tested apart).
    /// </summary>
    private static List<Entry> EntryPoints(out List<string> skipped)
    {
        skipped = [];
        var entries = new List<Entry>();
        string[] allocators = ["BandStorage.Pack", "Matrix.Zeros", "Matrix.Create", "Matrix.Random", "Matrix.Identity", "Matrix`1..ctor", "AlignedBuffer`1..ctor"];
        // HalfGemm is internal, but the Neural module's half-precision layers hand it their sizes.
        foreach (var type in typeof(Blas).Assembly.GetExportedTypes().Where(t => t.Namespace == "BlasNet").OrderBy(t => t.FullName, StringComparer.Ordinal).Append(typeof(HalfGemm)))
        {
            var closed = new List<Type>();
            if (type.IsGenericTypeDefinition)
            {
                foreach (var e in new[] { typeof(double), typeof(float) })
                    try { closed.Add(type.MakeGenericType(e)); } catch (ArgumentException) { }
            }
            else closed.Add(type);
            foreach (var t in closed)
            {
                var members = t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly).Where(m => !m.IsSpecialName || m.Name.StartsWith("op_", StringComparison.Ordinal)).Cast<MethodBase>()
                    .Concat(t.IsAbstract ? [] : t.GetConstructors(BindingFlags.Public | BindingFlags.Instance));
                foreach (var member in members)
                {
                    foreach (var m in Instantiations(member))
                    {
                        string name = $"{t.Name}.{m.Name}";
                        string shown = $"{name}<{string.Join(",", m.GetParameters().Select(p => p.ParameterType.Name))}>";
                        if (allocators.Contains(name)) { skipped.Add(shown + "(allocator)"); continue; }
                        var parameters = m.GetParameters();
                        if (!parameters.Any(p => p.ParameterType == typeof(int))) continue;
                        if (!parameters.All(p => Supported(p.ParameterType)) || (m is MethodInfo mi && mi.ReturnType.IsByRefLike)) { skipped.Add(shown); continue; }
                        entries.Add(new Entry(shown, parameters, Invoker(m)));
                    }
                }
            }
        }
        return entries;
    }

    private static IEnumerable<MethodBase> Instantiations(MethodBase member)
    {
        if (member is MethodInfo { IsGenericMethodDefinition: true } generic)
        {
            foreach (var e in new[] { typeof(double), typeof(float) })
            {
                MethodInfo? made = null;
                try { made = generic.MakeGenericMethod(e); } catch (ArgumentException) { }
                if (made is not null) yield return made;
            }
        }
        else yield return member;
    }

    private static bool Supported(Type t) =>
        t == typeof(int) || t == typeof(double) || t == typeof(float) || t == typeof(Half) || t == typeof(bool) || t.IsEnum
        || SpanElement(t) is not null || t == typeof(HalfGemmOperand)
        || (t.IsArray && t.GetArrayRank() == 1 && (t.GetElementType() == typeof(double) || t.GetElementType() == typeof(float) || t.GetElementType() == typeof(Half) || t.GetElementType() == typeof(int)))
        || t == typeof(Matrix<double>) || t == typeof(Matrix<float>);

    /// <summary>
    /// A call of <paramref name="member"/> from boxed arguments, emitted as IL: spans cannot be boxed, so a span argument is
    /// passed as a <see cref="SpanArgument"/> and made into the span by <see cref="MakeSpan{T}"/> inside the call.
    /// </summary>
    private static Func<object?[], object?> Invoker(MethodBase member)
    {
        var parameters = member.GetParameters();
        var method = new DynamicMethod("size_fuzz_" + member.Name, typeof(object), [typeof(object[])], typeof(SizeArgumentFuzz).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        for (int i = 0; i < parameters.Length; i++)
        {
            var t = parameters[i].ParameterType;
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelem_Ref);
            if (SpanElement(t) is { } e)
            {
                string maker = t.GetGenericTypeDefinition() == typeof(Span<>) ? nameof(MakeSpan) : nameof(MakeReadOnlySpan);
                il.Emit(OpCodes.Call, typeof(SizeArgumentFuzz).GetMethod(maker)!.MakeGenericMethod(e));
            }
            else if (t == typeof(HalfGemmOperand)) il.Emit(OpCodes.Call, typeof(SizeArgumentFuzz).GetMethod(nameof(MakeOperand))!);
            else il.Emit(OpCodes.Unbox_Any, t);
        }
        if (member is ConstructorInfo ctor)
        {
            il.Emit(OpCodes.Newobj, ctor);
            if (ctor.DeclaringType!.IsValueType) il.Emit(OpCodes.Box, ctor.DeclaringType);
        }
        else
        {
            var m = (MethodInfo)member;
            il.Emit(OpCodes.Call, m);
            if (m.ReturnType == typeof(void)) il.Emit(OpCodes.Ldnull);
            else if (m.ReturnType.IsValueType) il.Emit(OpCodes.Box, m.ReturnType);
        }
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<Func<object?[], object?>>();
    }
}
