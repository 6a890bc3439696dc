using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using System.Reflection;
using System.Reflection.Emit;
using System.Text;
using System.Text.RegularExpressions;
using BlasNet.MathNetInterop;
using BlasNet.Neural;
using BlasNet.Optimization;
using BlasNet.Quadrature;

namespace BlasNet.Tests;

/// <summary>
/// Bad input must throw an exception that names the argument the caller wrote and the sizes. This sweep calls every public
/// method and constructor of the core (Blas, Lapack, Kernels, Matrix, …), Neural, Quadrature and Optimization — span
/// overloads included, through compiled call stubs since reflection cannot pass a span — once with plausible arguments and
/// then once per argument made wrong (null, a span too short, a matrix of another shape, a negative or far too large count,
/// NaN, an enum value outside the enum). Every <see cref="ArgumentException"/> that comes out must carry as ParamName the
/// name of a parameter of the member called ("value" for a setter), and a size error's message must state the size passed.
/// A NullReferenceException or IndexOutOfRangeException is a missing check and fails too. The raw pointer bindings
/// (BlasNet.Interop) and BlasProvider (its members change the process's provider and threads) are left out here;
/// BlasProvider.Threads is checked on its own below. Since names49 the sweep also reaches BlasNet.MathNetInterop, the
/// Solve overloads that take an IResidualModel, the options' Progress setters, Trainer&lt;TTarget&gt; (closed over int[] labels
/// with SoftmaxCrossEntropy) and GradientHealthReport (constructor and Layers init), which it could not build arguments for.
/// </summary>
public sealed class ArgumentNamesSweep48Tests
{
    private const int ShortLength = 3;                 // a span/array too short for any 4-element operand
    private const int WrongRows = 3, WrongColumns = 5;  // a matrix that fits no 4×4 operand
    private const int TooLarge = 1000;                 // a count far beyond the 256-element buffers

    private static readonly Assembly[] Libraries =
        [typeof(Blas).Assembly, typeof(Dense<>).Assembly, typeof(Quad).Assembly, typeof(LevenbergMarquardt).Assembly, typeof(MathNetMatrices).Assembly];

    /// <summary>Members the sweep could not build arguments for before names49; each must now get a plausible call.</summary>
    private static readonly string[] MustReach =
    [
        "LevenbergMarquardt.Solve(IResidualModel model, Double[] x0, LevenbergMarquardtOptions options) [plausible]",
        "LevenbergMarquardtOptions.set_Progress(IProgress`1 value) [plausible]",
        "CurveFitOptions.set_Progress(IProgress`1 value) [plausible]",
        "Trainer`1.ctor(ILayer`1 model, Optimizer`1 optimizer, ILoss`2 loss, TrainerOptions options) [plausible]",
        "Trainer`1.Step(Matrix`1 x, Int32[] target) [plausible]",
        "Trainer`1.Loss(Matrix`1 x, Int32[] target) [plausible]",
        "Trainer.ctor(ILayer`1 model, Optimizer`1 optimizer, TrainerOptions options) [plausible]",
        "GradientHealthReport.ctor(IReadOnlyList`1 Layers, Precision Precision) [plausible]",
        "GradientHealthReport.set_Layers(IReadOnlyList`1 value) [plausible]",
        "MathNetMatrices.AsBlasNet(Matrix`1 matrix) [plausible]",
        "MathNetMatrices.ToBlasNet(Matrix`1 matrix) [plausible]",
        "MathNetMatrices.AsMathNet(Matrix`1 matrix) [plausible]",
        "MathNetMatrices.ToMathNet(Matrix`1 matrix) [plausible]",
    ];

    [Fact]
    public void ThreadsSetter_NamesValue()
    {
        var low = Assert.Throws<ArgumentOutOfRangeException>(() => BlasProvider.Threads = 0);
        Assert.Equal("value", low.ParamName);
        var high = Assert.Throws<ArgumentOutOfRangeException>(() => BlasProvider.Threads = BlasProvider.MaxThreads + 1);
        Assert.Equal("value", high.ParamName);
        Assert.Contains((BlasProvider.MaxThreads + 1).ToString(CultureInfo.InvariantCulture), high.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryPublicMember_NamesTheCallersArgument()
    {
        var sweep = new Sweep();
        foreach (var member in Members())
            sweep.Run(member);
        if (Environment.GetEnvironmentVariable("BLASNET_SWEEP_LOG") is { Length: > 0 } log) File.WriteAllText(log, sweep.Log.ToString());
        // The sweep must reach the checks, not only compile stubs: most members refuse some bad argument.
        Assert.True(sweep.Failures.Count == 0,
            $"{sweep.Failures.Count} calls (of {sweep.Calls} on {sweep.Members} members) broke the naming rule:\n" + string.Join("\n", sweep.Failures));
        Assert.True(sweep.Members > 600, $"only {sweep.Members} members swept");
        var unreached = MustReach.Where(m => !sweep.Plausible.Contains(m)).ToArray();
        Assert.True(unreached.Length == 0, "no plausible call reached: " + string.Join("; ", unreached));
        Assert.True(sweep.ArgumentExceptions > 2000, $"only {sweep.ArgumentExceptions} argument exceptions seen in {sweep.Calls} calls");
    }

    private static IEnumerable<MethodBase> Members()
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (var library in Libraries)
            foreach (var open in library.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                if (open.Namespace == "BlasNet.Interop" || open == typeof(BlasProvider) || open.IsEnum || open.IsInterface
                    || typeof(Delegate).IsAssignableFrom(open) || typeof(Exception).IsAssignableFrom(open))
                    continue;
                var type = Close(open);
                if (type is null) continue;
                foreach (var ctor in type.IsAbstract ? [] : type.GetConstructors())
                    yield return ctor;
                foreach (var method in type.GetMethods(flags).OrderBy(m => m.ToString(), StringComparer.Ordinal))
                {
                    if (method.IsSpecialName && !method.Name.StartsWith("set_", StringComparison.Ordinal) && !method.Name.StartsWith("op_", StringComparison.Ordinal)) continue;
                    if (method.Name is "Equals" or "GetHashCode" or "ToString" or "Deconstruct" or "PrintMembers" or "<Clone>$" or "op_Equality" or "op_Inequality") continue;
                    if (method.IsAbstract) continue;
                    var closed = Close(method);
                    if (closed is not null) yield return closed;
                }
            }
    }

    private static Type? Close(Type open)
    {
        if (!open.IsGenericTypeDefinition) return open;
        // The trainer's type argument is its target's type: class labels, with SoftmaxCrossEntropy as the loss.
        if (open == typeof(Trainer<>)) return typeof(Trainer<int[]>);
        try { return open.MakeGenericType(open.GetGenericArguments().Select(_ => typeof(double)).ToArray()); }
        catch (ArgumentException) { return null; }
    }

    private static MethodInfo? Close(MethodInfo method)
    {
        if (!method.IsGenericMethodDefinition) return method;
        foreach (var t in new[] { typeof(double), typeof(float) })
        {
            try { return method.MakeGenericMethod(method.GetGenericArguments().Select(_ => t).ToArray()); }
            catch (ArgumentException) { }
        }
        return null;
    }

    /// <summary>A tensor-span argument: the data and its shape, turned into a TensorSpan by the call stub.</summary>
    private sealed record TensorArgument(Array Data, nint[] Lengths);

    private enum Mutation { None, Null, Short, Reshaped, Negative, Large, NaN, BadEnum, Field }

    private sealed class Sweep
    {
        public readonly List<string> Failures = [];
        public int Calls, Members, ArgumentExceptions;
        public readonly HashSet<string> Plausible = new(StringComparer.Ordinal); // "Type.member(parameters) [plausible]" of every call made
        private string? plausibleMessage; // a plausible call's own refusal: a mutation that meets it first has not reached its check
        public readonly StringBuilder Log = new();
        private readonly NullabilityInfoContext nullability = new();

        public void Run(MethodBase member)
        {
            Func<object?, object?[], object?> stub;
            try { stub = CallStub.Compile(member); }
            catch (NotSupportedException) { return; }
            Members++;
            var parameters = member.GetParameters();
            plausibleMessage = null;
            Call(member, stub, parameters, -1, Mutation.None);
            for (int i = 0; i < parameters.Length; i++)
            {
                foreach (var mutation in MutationsFor(parameters[i]))
                    Call(member, stub, parameters, i, mutation);
                // An options record (or any record with settable numbers) given one bad setting: the exception still names
                // the argument the caller passed the record as, and the message says which setting.
                foreach (var (field, bad) in BadFields(parameters[i].ParameterType))
                    Call(member, stub, parameters, i, Mutation.Field, (field, bad));
            }
        }

        private IEnumerable<Mutation> MutationsFor(ParameterInfo p)
        {
            var t = p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType;
            if (p.IsOut) yield break;
            if (!t.IsValueType && nullability.Create(p).WriteState != NullabilityState.Nullable) yield return Mutation.Null;
            if (IsSpan(t) || t.IsArray && t.GetElementType()!.IsValueType) yield return Mutation.Short;
            if (IsMatrix(t) || IsTensor(t)) yield return Mutation.Reshaped;
            if (t == typeof(int)) { yield return Mutation.Negative; yield return Mutation.Large; }
            if (t == typeof(double) || t == typeof(float)) yield return Mutation.NaN;
            if (t.IsEnum) yield return Mutation.BadEnum;
        }

        private static IEnumerable<(PropertyInfo Field, object Bad)> BadFields(Type t)
        {
            t = Nullable.GetUnderlyingType(t) ?? t;
            if (t.IsValueType || t.IsAbstract || t.IsArray || t.GetConstructors().Length == 0 || t.Namespace?.StartsWith("BlasNet", StringComparison.Ordinal) != true) yield break;
            foreach (var field in t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(f => f.SetMethod is { IsPublic: true }).OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                var ft = Nullable.GetUnderlyingType(field.PropertyType) ?? field.PropertyType;
                if (ft == typeof(double)) { yield return (field, double.NaN); yield return (field, -1.0); }
                else if (ft == typeof(int)) yield return (field, -1);
                else if (ft.IsEnum) yield return (field, Enum.ToObject(ft, 99));
                else if (ft == typeof(bool)) yield return (field, true);
                else if (ft == typeof(IReadOnlyList<double>) || ft == typeof(double[])) yield return (field, new[] { double.NaN });
            }
        }

        private void Call(MethodBase member, Func<object?, object?[], object?> stub, ParameterInfo[] parameters, int mutated, Mutation mutation,
            (PropertyInfo Field, object Bad)? setting = null)
        {
            object? target;
            object?[] args;
            try
            {
                target = member.IsStatic || member is ConstructorInfo ? null : Instance(member.DeclaringType!);
                if (!member.IsStatic && member is MethodInfo && target is null) return;
                args = parameters.Select((p, i) => i != mutated ? Good(p) : mutation == Mutation.Field ? WithSetting(p, setting!.Value.Field, setting.Value.Bad) : Bad(p, mutation)).ToArray();
                PairOptimizer(parameters, args, mutated);
            }
            catch (Exception e) when (e is not OutOfMemoryException) { Log.AppendLine($"{member.DeclaringType!.Name}.{member.Name}: no arguments ({e.Message})"); return; } // no plausible arguments for this member
            Calls++;
            string where = $"{member.DeclaringType!.Name}.{(member is ConstructorInfo ? "ctor" : member.Name)}({string.Join(", ", parameters.Select(p => p.ParameterType.Name + " " + p.Name))})"
                + (mutated < 0 ? " [plausible]" : mutation == Mutation.Field ? $" [{parameters[mutated].Name}.{setting!.Value.Field.Name} = {Show(setting.Value.Bad)}]" : $" [{parameters[mutated].Name}: {mutation}]");
            if (mutated < 0) Plausible.Add(where);
            try { stub(target, args); Log.AppendLine($"{where}: ok"); }
            catch (ArgumentException e)
            {
                Log.AppendLine($"{where}: {e.GetType().Name} {e.ParamName}: {e.Message}");
                if (mutated < 0) plausibleMessage = e.Message;
                ArgumentExceptions++;
                var names = parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                if (e.ParamName is null || !names.Contains(e.ParamName))
                    Failures.Add($"{where}: ParamName '{e.ParamName}' is no parameter ({e.GetType().Name}: {e.Message})");
                else if (mutation is Mutation.Short or Mutation.Reshaped or Mutation.Large && e is not ArgumentNullException && e.Message != plausibleMessage && !NamesSize(e.Message, mutation))
                    Failures.Add($"{where}: the message does not state the size passed ({e.GetType().Name}: {e.Message})");
            }
            catch (Exception e) when (e is NullReferenceException or IndexOutOfRangeException)
            {
                Failures.Add($"{where}: {e.GetType().Name} instead of an ArgumentException ({e.Message})");
            }
            catch (Exception e) { Log.AppendLine($"{where}: {e.GetType().Name}: {e.Message}"); } // other refusals (InvalidOperationException, QuadratureException, …) are not argument errors
        }

        private static string Show(object o) => o is Array a ? $"[{string.Join(", ", a.Cast<object>())}]" : System.Convert.ToString(o, CultureInfo.InvariantCulture)!;

        private static object WithSetting(ParameterInfo p, PropertyInfo field, object bad)
        {
            var t = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
            var record = Value(t, p.Name!, 4)!;
            field.SetValue(record, bad);
            return record;
        }

        private static bool NamesSize(string message, Mutation mutation) => mutation switch
        {
            Mutation.Short => HasNumber(message, ShortLength),
            Mutation.Reshaped => HasNumber(message, WrongRows) || HasNumber(message, WrongColumns),
            _ => HasNumber(message, TooLarge),
        };

        private static bool HasNumber(string message, int n) =>
            Regex.IsMatch(message, $@"(?<![\d.]){n}(?![\d.]|,\d)");

        private readonly Dictionary<Type, object?> instances = [];

        private object? Instance(Type type)
        {
            if (!instances.TryGetValue(type, out var made))
            {
                try { made = Value(type, "instance", 4); }
                catch (Exception e) when (e is not OutOfMemoryException) { made = null; }
                instances[type] = made;
            }
            return made;
        }
    }

    private static object? Good(ParameterInfo p)
    {
        if (p.HasDefaultValue && !p.ParameterType.IsByRef) return p.DefaultValue is null && p.ParameterType.IsValueType && Nullable.GetUnderlyingType(p.ParameterType) is null
            ? Activator.CreateInstance(p.ParameterType) : p.DefaultValue;
        var t = p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType;
        if (t == typeof(int)) return GoodInt(p.Name!);
        return Value(t, p.Name!, 4);
    }

    private static int GoodInt(string name) => name switch
    {
        _ when name.StartsWith("ld", StringComparison.Ordinal) => 8,
        _ when name.StartsWith("inc", StringComparison.OrdinalIgnoreCase) => 1,
        _ when name.StartsWith("stride", StringComparison.OrdinalIgnoreCase) => 64,
        "k" or "kl" or "ku" or "batchCount" or "groupCount" or "seed" or "index" or "start" or "row" or "column" or "i" or "j" => 1,
        _ => 4,
    };

    private static object? Bad(ParameterInfo p, Mutation mutation)
    {
        var t = p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType;
        return mutation switch
        {
            Mutation.Null => null,
            Mutation.Short => Value(t, p.Name!, 4, length: ShortLength),
            Mutation.Reshaped => IsTensor(t) ? new TensorArgument(Array.CreateInstance(Element(t), WrongRows * WrongColumns), [WrongRows, WrongColumns])
                : MakeMatrix(Element(t), WrongRows, WrongColumns),
            Mutation.Negative => -1,
            Mutation.Large => TooLarge,
            Mutation.NaN => t == typeof(double) ? double.NaN : float.NaN,
            Mutation.BadEnum => Enum.ToObject(t, 99),
            _ => throw new InvalidOperationException(),
        };
    }

    private static bool IsSpan(Type t) => t.IsGenericType && (t.GetGenericTypeDefinition() == typeof(Span<>) || t.GetGenericTypeDefinition() == typeof(ReadOnlySpan<>));
    private static bool IsTensor(Type t) => t.IsGenericType && (t.GetGenericTypeDefinition() == typeof(TensorSpan<>) || t.GetGenericTypeDefinition() == typeof(ReadOnlyTensorSpan<>));
    private static bool IsMatrix(Type t) => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Matrix<>);
    private static Type Element(Type t) => t.IsArray ? t.GetElementType()! : t.GetGenericArguments()[0];

    private static object MakeMatrix(Type element, int rows, int columns)
    {
        var data = Fill(Array.CreateInstance(element, rows * columns));
        return Activator.CreateInstance(typeof(Matrix<>).MakeGenericType(element), rows, columns, data)!;
    }

    private static Array Fill(Array a)
    {
        var element = a.GetType().GetElementType()!;
        int columns = a.Rank == 2 ? a.GetLength(1) : a.Length;
        for (int i = 0; i < a.Length; i++)
        {
            // Nonzero everywhere with a large diagonal-ish spike: solves and factorizations of the plausible calls go through.
            double v = 0.25 + 0.5 * ((i * 7919) % 97) / 97.0 + (i % 9 == 0 ? 4 : 0);
            object? value = element == typeof(double) ? v : element == typeof(float) ? (float)v : element == typeof(Half) ? (Half)v
                : element == typeof(int) ? 0 : element == typeof(bool) ? true : element == typeof(Dual) ? new Dual(v) : null;
            if (a.Rank == 2) a.SetValue(value, i / columns, i % columns);
            else a.SetValue(value, i);
        }
        return a;
    }

    private static readonly Func<double, double> Smooth = x => 1 + x * x;

    /// <summary>A plausible value of a type: 4-element or 4×4 operands inside 256-element buffers, simple integrands and models.</summary>
    private static object? Value(Type t, string name, int n, int length = 256)
    {
        if (Nullable.GetUnderlyingType(t) is { } inner) return Value(inner, name, n, length);
        if (t == typeof(int)) return GoodInt(name);
        if (t == typeof(long)) return 4L;
        if (t == typeof(nint)) return (nint)4;
        if (t == typeof(double)) return name switch { "a" or "lower" => 0.0, "b" or "upper" => 1.0, "c" => 0.5, "epsilon" => 1e-5, "omega" => 2.0, _ => 0.5 };
        if (t == typeof(float)) return 0.5f;
        if (t == typeof(Half)) return (Half)0.5f;
        if (t == typeof(bool)) return false;
        if (t == typeof(string)) return "x";
        if (t == typeof(CancellationToken)) return CancellationToken.None;
        if (t.IsEnum) return Enum.GetValues(t).GetValue(0);
        if (t == typeof(Dual)) return new Dual(0.5);
        if (t.IsArray && t.GetArrayRank() == 2) return Fill(length == 256 ? Array.CreateInstance(t.GetElementType()!, n, n) : Array.CreateInstance(t.GetElementType()!, length, 1));
        // Array forms take whole operands: n elements (n×n for a matrix's data); a span form takes a 256-element buffer.
        if (t.IsArray) return Fill(Array.CreateInstance(t.GetElementType()!, length != 256 ? length : name is "data" or "values" ? n * n : n));
        if (IsSpan(t))
        {
            var buffer = Fill(Array.CreateInstance(Element(t), length));
            if (name == "param") buffer.SetValue(System.Convert.ChangeType(-1, Element(t), CultureInfo.InvariantCulture), 0); // rotm's flag: full H
            return buffer;
        }
        if (IsTensor(t)) return length == 256 ? new TensorArgument(Fill(Array.CreateInstance(Element(t), n * n)), [n, n]) : new TensorArgument(Fill(Array.CreateInstance(Element(t), length)), [length]);
        if (IsMatrix(t)) return MakeMatrix(Element(t), n, n);
        if (t == typeof(Func<double, double>)) return Smooth;
        if (t == typeof(Func<double[], double[]>)) return (Func<double[], double[]>)(x => x.Select((v, i) => v - i - 1).Concat([0.0]).ToArray());
        if (t == typeof(Func<Dual[], Dual[]>)) return (Func<Dual[], Dual[]>)(x => x.Select((v, i) => v - (i + 1.0)).Concat([new Dual(0)]).ToArray());
        if (t == typeof(Func<double, double[], double>)) return (Func<double, double[], double>)((x, p) => p[0] + p[1] * x);
        if (t == typeof(Func<int, int, double>)) return (Func<int, int, double>)((i, j) => i + 2.0 * j);
        if (t == typeof(Func<int, int, float>)) return (Func<int, int, float>)((i, j) => i + 2f * j);
        if (t == typeof(BatchIntegrand)) return (BatchIntegrand)((xs, ys) => { for (int i = 0; i < xs.Length; i++) ys[i] = Smooth(xs[i]); });
        if (t == typeof(VectorIntegrand)) return (VectorIntegrand)((x, values) => values.Fill(Smooth(x)));
        if (t == typeof(ResidualFunction)) return (ResidualFunction)((x, r) => { for (int i = 0; i < r.Length; i++) r[i] = i < x.Length ? x[i] - 1 : 0; });
        if (t == typeof(JacobianFunction)) return null;
        if (t == typeof(Weight)) return Weight.Algebraic(0.5, 0.5);
        if (t == typeof(Parameter<double>)) return new Parameter<double>("p", (Matrix<double>)MakeMatrix(typeof(double), n, n));
        if (t == typeof(ILayer<double>) || t == typeof(Layer)) return new Dense<double>(n, n, seed: 1);
        if (t == typeof(IEnumerable<Parameter<double>>) || t == typeof(IReadOnlyList<Parameter<double>>)) return new Dense<double>(n, n, seed: 1).Parameters;
        if (t == typeof(IEnumerable<ILayer<double>>) || t == typeof(ILayer<double>[])) return new ILayer<double>[] { new Dense<double>(n, n, seed: 1) };
        if (t == typeof(CurveFitResult)) return CurveFit.Fit((x, p) => p[0] + p[1] * x, [0.0, 1, 2, 3], [1.0, 3.1, 4.9, 7.2], [1.0, 1.0]);
        if (t == typeof(LeastSquaresResult)) return LevenbergMarquardt.Solve(x => [x[0] - 1, x[1] - 2, x[0] * x[1]], [0.5, 0.5]);
        if (t == typeof(Func<double[], double[,]>)) return (Func<double[], double[,]>)(x => { var j = new double[x.Length + 1, x.Length]; for (int i = 0; i < x.Length; i++) j[i, i] = 1; return j; });
        if (t == typeof(IReadOnlyList<string>)) return new[] { "x" };
        if (t == typeof(IReadOnlyList<double>)) return new[] { 0.5 };
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(GivensRotation<>))
            return typeof(Blas).GetMethods().Single(m => m.Name == nameof(Blas.Rotg) && m.IsGenericMethodDefinition).MakeGenericMethod(Element(t)).Invoke(null, [Value(Element(t), "a", n), Value(Element(t), "b", n)]);
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ModifiedGivensRotation<>))
            return typeof(Blas).GetMethods().Single(m => m.Name == nameof(Blas.Rotmg) && m.IsGenericMethodDefinition).MakeGenericMethod(Element(t))
                .Invoke(null, [Value(Element(t), "d1", n), Value(Element(t), "d2", n), Value(Element(t), "x1", n), Value(Element(t), "y1", n)]);
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) && IsMatrix(Element(t)))
        {
            var list = Array.CreateInstance(Element(t), 2);
            for (int i = 0; i < 2; i++) list.SetValue(MakeMatrix(Element(Element(t)), n, n), i);
            return list;
        }
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ILayer<>))
            return Activator.CreateInstance(typeof(Dense<>).MakeGenericType(Element(t)), n, n, true, 1, null);
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Optimizer<>))
            return OptimizerOver(Element(t), Activator.CreateInstance(typeof(Dense<>).MakeGenericType(Element(t)), n, n, true, 1, null)!);
        if (t == typeof(IResidualModel)) return new ShiftModel(n + 1);
        if (t == typeof(IRowResidualModel)) return new ShiftRowModel(n + 1);
        if (t == typeof(IProgress<LeastSquaresProgress>)) return new IgnoredProgress<LeastSquaresProgress>();
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ILoss<,>))
            return Value((t.GetGenericArguments()[1] == typeof(int[]) ? typeof(SoftmaxCrossEntropy<>) : typeof(MeanSquaredError<>)).MakeGenericType(Element(t)), name, n);
        if (t == typeof(IReadOnlyList<LayerGradientHealth>)) return new[] { (LayerGradientHealth)Value(typeof(LayerGradientHealth), "row", n)! };
        if (t == typeof(MathNet.Numerics.LinearAlgebra.Matrix<double>)) return MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, n, (i, j) => 1 + i + 2 * j + (i == j ? 4 : 0));
        if (t == typeof(MathNet.Numerics.LinearAlgebra.Matrix<float>)) return MathNet.Numerics.LinearAlgebra.Matrix<float>.Build.Dense(n, n, (i, j) => 1 + i + 2 * j + (i == j ? 4 : 0));
        if (t == typeof(Tensor<double>)) return Tensor.Create((double[])Fill(new double[n * n]), [n, n]);
        if (t == typeof(Tensor<float>)) return Tensor.Create((float[])Fill(new float[n * n]), [n, n]);
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Func<,>) || t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Action<>) || typeof(Delegate).IsAssignableFrom(t))
            throw new NotSupportedException($"no plausible {t}");
        if (t.IsInterface || t.IsAbstract) throw new NotSupportedException($"no plausible {t}");
        // Records, options and layers: the constructor with fewest parameters, each given a plausible value.
        var ctor = t.GetConstructors().OrderBy(c => c.GetParameters().Length).FirstOrDefault();
        if (ctor is null) return t.IsValueType ? Activator.CreateInstance(t) : throw new NotSupportedException($"no plausible {t}");
        var ctorArgs = ctor.GetParameters().Select(Good).ToArray();
        PairOptimizer(ctor.GetParameters(), ctorArgs, -1);
        return ctor.Invoke(ctorArgs);
    }

    private static object OptimizerOver(Type element, object layer) =>
        Activator.CreateInstance(typeof(Sgd<>).MakeGenericType(element), layer.GetType().GetProperty("Parameters")!.GetValue(layer), null)!;

    /// <summary>
    /// A member that takes a model and an optimizer (Trainer) refuses an optimizer over another model's parameters, so a
    /// plausible optimizer is one over the model passed: without this every trainer call stopped at that refusal.
    /// </summary>
    private static void PairOptimizer(ParameterInfo[] parameters, object?[] args, int mutated)
    {
        int model = Array.FindIndex(parameters, p => p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(ILayer<>));
        int optimizer = Array.FindIndex(parameters, p => p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(Optimizer<>));
        if (model < 0 || optimizer < 0 || optimizer == mutated || args[model] is null) return;
        args[optimizer] = OptimizerOver(Element(parameters[optimizer].ParameterType), args[model]!);
    }

    /// <summary>r_i = x_i − (i+1) for the first n residuals and 0 beyond: a well-posed fit of any size.</summary>
    internal sealed class ShiftModel(int residualCount) : IResidualModel
    {
        public int ResidualCount => residualCount;
        public void Evaluate<T>(ReadOnlySpan<T> parameters, Span<T> residuals) where T : IFloatingPointIeee754<T>
        {
            for (int i = 0; i < residuals.Length; i++) residuals[i] = i < parameters.Length ? parameters[i] - T.CreateChecked(i + 1) : T.Zero;
        }
    }

    /// <summary>The same residuals row by row.</summary>
    internal sealed class ShiftRowModel(int residualCount) : IRowResidualModel
    {
        public int ResidualCount => residualCount;
        public void EvaluateRows<T>(ReadOnlySpan<T> parameters, int firstRow, Span<T> residuals) where T : IFloatingPointIeee754<T>
        {
            for (int i = 0; i < residuals.Length; i++)
            {
                int row = firstRow + i;
                residuals[i] = row < parameters.Length ? parameters[row] - T.CreateChecked(row + 1) : T.Zero;
            }
        }
    }

    private sealed class IgnoredProgress<T> : IProgress<T>
    {
        public void Report(T value) { }
    }

    /// <summary>
    /// A compiled call: unboxes each argument and turns arrays into the spans (and TensorArguments into the tensor spans)
    /// the member takes, which MethodBase.Invoke cannot pass.
    /// </summary>
    private static class CallStub
    {
        public static Func<object?, object?[], object?> Compile(MethodBase member)
        {
            var parameters = member.GetParameters();
            if (parameters.Any(p => p.ParameterType.IsPointer || p.ParameterType.IsByRef && p.ParameterType.GetElementType()!.IsByRefLike)
                || member is MethodInfo { ReturnType: { IsByRef: true } or { IsPointer: true } })
                throw new NotSupportedException();
            var dm = new DynamicMethod("call_" + member.Name, typeof(object), [typeof(object), typeof(object[])], typeof(CallStub).Module, skipVisibility: true);
            var il = dm.GetILGenerator();
            if (member is MethodInfo { IsStatic: false } instance)
            {
                il.Emit(OpCodes.Ldarg_0);
                if (instance.DeclaringType!.IsValueType) il.Emit(OpCodes.Unbox, instance.DeclaringType);
                else il.Emit(OpCodes.Castclass, instance.DeclaringType);
            }
            for (int i = 0; i < parameters.Length; i++)
            {
                var t = parameters[i].ParameterType;
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Ldc_I4, i);
                il.Emit(OpCodes.Ldelem_Ref);
                if (t.IsByRef)
                {
                    var element = t.GetElementType()!;
                    Convert(il, element);
                    var local = il.DeclareLocal(element);
                    il.Emit(OpCodes.Stloc, local);
                    il.Emit(OpCodes.Ldloca, local);
                }
                else Convert(il, t);
            }
            Type result;
            if (member is ConstructorInfo ctor) { il.Emit(OpCodes.Newobj, ctor); result = ctor.DeclaringType!; }
            else
            {
                var method = (MethodInfo)member;
                il.Emit(method.IsStatic || method.DeclaringType!.IsValueType ? OpCodes.Call : OpCodes.Callvirt, method);
                result = method.ReturnType;
            }
            if (result == typeof(void)) il.Emit(OpCodes.Ldnull);
            else if (result.IsByRefLike) { il.Emit(OpCodes.Pop); il.Emit(OpCodes.Ldnull); }
            else if (result.IsValueType) il.Emit(OpCodes.Box, result);
            il.Emit(OpCodes.Ret);
            var stub = dm.CreateDelegate<Func<object?, object?[], object?>>();
            return stub;
        }

        private static void Convert(ILGenerator il, Type t)
        {
            if (t.IsByRefLike)
            {
                if (!t.IsGenericType) throw new NotSupportedException();
                var open = t.GetGenericTypeDefinition();
                string helper = open == typeof(Span<>) ? nameof(ToSpan) : open == typeof(ReadOnlySpan<>) ? nameof(ToReadOnlySpan)
                    : open == typeof(TensorSpan<>) ? nameof(ToTensorSpan) : open == typeof(ReadOnlyTensorSpan<>) ? nameof(ToReadOnlyTensorSpan)
                    : throw new NotSupportedException();
                var element = t.GetGenericArguments()[0];
                if (element.IsByRefLike || element.IsPointer) throw new NotSupportedException();
                il.Emit(OpCodes.Call, typeof(CallStub).GetMethod(helper, BindingFlags.Public | BindingFlags.Static)!.MakeGenericMethod(element));
            }
            else if (t.IsValueType) il.Emit(OpCodes.Unbox_Any, t);
            else il.Emit(OpCodes.Castclass, t);
        }

        public static Span<T> ToSpan<T>(object? o) => (T[]?)o;
        public static ReadOnlySpan<T> ToReadOnlySpan<T>(object? o) => (T[]?)o;
        public static TensorSpan<T> ToTensorSpan<T>(object? o) => o is TensorArgument a ? new TensorSpan<T>((T[])a.Data, a.Lengths, []) : default;
        public static ReadOnlyTensorSpan<T> ToReadOnlyTensorSpan<T>(object? o) => o is TensorArgument a ? new ReadOnlyTensorSpan<T>((T[])a.Data, a.Lengths, []) : default;
    }
}
