using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using BlasNet.Benchmarks;

// `gemm-quick` is the fast, non-BenchmarkDotNet GFLOP/s table the Cake Compare target reads;
// `mixed-quick` times float32 against mixed-precision training steps in alternating rounds, `mixed-gemm`
// the GEMMs of one mixed-precision layer; `classifier-quick` the classifier step of bench/peers/classifier_torch.py;
// `affine-quick` times the affine layers' forward/backward;
// everything else goes to BenchmarkDotNet.
// BLASNET_BENCH_WORKER_SPIN_MS: BlasProvider.WorkerSpinTime for any mode (e.g. 0 against the default 10 ms).
if (Environment.GetEnvironmentVariable("BLASNET_BENCH_WORKER_SPIN_MS") is { Length: > 0 } spinMs)
    BlasNet.BlasProvider.WorkerSpinTime = TimeSpan.FromMilliseconds(double.Parse(spinMs, System.Globalization.CultureInfo.InvariantCulture));
if (args.Length > 0 && args[0] == "gemm-quick") return GemmQuick.Run(args[1..]);
if (args.Length > 0 && args[0] == "affine-quick") return AffineQuick.Run(args[1..]);
if (args.Length > 0 && args[0] == "mixed-gemm") return MixedGemmQuick.Run(args[1..]);
if (args.Length > 0 && args[0] == "mixed-quick") return MixedPrecisionQuick.Run(args[1..]);
if (args.Length > 0 && args[0] == "classifier-quick") return ClassifierQuick.Run(args[1..]);
// `lm-jacobians`: Stopwatch table of forward, default, central and automatic Jacobians (issue 11).
if (args.Length > 0 && args[0] == "lm-jacobians") return JacobianModesQuick.Run(args[1..]);
// `list-validation`: the list form's validation alone on the thread CPU clock (session 48, list48).
if (args.Length > 0 && args[0] == "list-validation") return ListValidationQuick.Run(args[1..]);
// `batched-quick`: loop of Gemm against the batched forms, alternating (issue 14).
if (args.Length > 0 && args[0] == "batched-quick") return BatchedQuick.Run(args[1..]);
// `loop-alias`: the loop of single small GEMM calls under controlled layouts (4K aliasing, memory, call path; session 38).
if (args.Length > 0 && args[0] == "loop-alias") return LoopAliasQuick.Run(args[1..]);
// `tensor-quick`: GEMM through tensor spans against the span form, alternating (issue 14's 2 % target).
// `tensor-parts`: the tensor-span GEMM's fixed cost in pieces (session 45, tspan50).
if (args.Length > 0 && args[0] == "tensor-parts") return TensorPartsQuick.Run(args[1..]);
if (args.Length > 0 && args[0] == "tensor-quick") return TensorGemmQuick.Run(args[1..]);
// `mixed-parts`: best-of CPU times of the mixed MLP's forward and backward passes against float32 (issue 12).
if (args.Length > 0 && args[0] == "mixed-parts") return MixedPartsQuick.Run(args[1..]);
// `small-crossover`: the provider's call against the managed small-product kernel, one product at a time (issue 14).
if (args.Length > 0 && args[0] == "small-crossover") return SmallGemmCrossover.Run(args[1..]);
// `fma-peak`: the machine's FMA ceiling per register width, the small-product kernel's floor (session 47, kernel47).
if (args.Length > 0 && args[0] == "fma-peak") return FmaPeak.Run(args[1..]);
// `mem-peak`: the memory bandwidth of the batch's streams on one and two threads, the batch's other floor (session 48, roof48).
if (args.Length > 0 && args[0] == "mem-peak") return MemPeak.Run(args[1..]);
// `cold-operands`: where a cold small product's time goes, one thread, operand by operand (session 48, cold48).
if (args.Length > 0 && args[0] == "cold-operands") return ColdOperandsQuick.Run(args[1..]);
// `module-quick`: the module benchmarks in a minute, for the Compare target's side-by-side charts (issue 14).
if (args.Length > 0 && args[0] == "module-quick") return ModuleQuick.Run(args[1..]);
// `trsm-quick`: Trsm with the overflow copy always taken against the growth bound that skips it (Session 28).
if (args.Length > 0 && args[0] == "trsm-quick") return TrsmQuick.Run(args[1..]);
// `solve-scratch-quick`: per-call AlignedBuffer against a rented pinned scratch in the factor results' solves (Session 46, align51).
// `ormqr-quick`: where a one-column Ormqr spends its time (query, reflector copy, blocked dormqr, dorm2r, managed; Session 47, lapack47).
if (args.Length > 0 && args[0] == "ormqr-quick") return OrmqrSingleQuick.Run(args[1..]);
if (args.Length > 0 && args[0] == "solve-scratch-quick") return SolveScratchQuick.Run(args[1..]);
// `lm-alloc-quick`: a 200-parameter fit's allocations per fit and per iteration, and its gen-2 collections (Session 47, lm47).
if (args.Length > 0 && args[0] == "lm-alloc-quick") return LmAllocationQuick.Run(args[1..]);
// `lm-powell-phases`: where a 100- and 200-parameter difference fit at Powell's singular zero spends its time (Session 48, powell48).
if (args.Length > 0 && args[0] == "lm-powell-phases") return LmPowellPhasesQuick.Run(args[1..]);
// `sigmoid-quick`: Kernels.Sigmoid against plain TensorPrimitives.Sigmoid and the two-pass form (Session 44, kn48).
if (args.Length > 0 && args[0] == "sigmoid-quick") return SigmoidQuick.Run(args[1..]);
// `blis-split-quick`: BLIS's float-GEMM split (two provider calls) against one unsplit call (Session 47, blis47).
if (args.Length > 0 && args[0] == "blis-split-quick") return BlisSplitQuick.Run(args[1..]);
// `optimizer-step-quick`: Optimizer.Step on 10⁶ float weights, SGD/momentum/Adam/AdamW/masked (Session 48, nn48).
if (args.Length > 0 && args[0] == "optimizer-step-quick") return OptimizerStepQuick.Run(args[1..]);
// BenchmarkDotNet's environment header names the CPU and runtime, not the BLAS: the provider and the OpenBLAS core
// that ran go to the console and, as a column, into every table and CSV report (native/README.md's promise).
string provider = BenchmarkProvider.Describe(BlasNet.BlasProvider.Current);
Console.WriteLine($"// BlasNet provider: {provider}; OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "-"}");
var config = DefaultConfig.Instance.AddColumn(new BenchmarkDotNet.Columns.TagColumn("Provider", _ => provider));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config).ToList();
return BenchmarkExit.Code(args, summaries);
