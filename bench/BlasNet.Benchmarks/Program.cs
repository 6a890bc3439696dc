using BenchmarkDotNet.Running;
using BlasNet.Benchmarks;

// `gemm-quick` is the fast, non-BenchmarkDotNet GFLOP/s table the Cake Compare target reads;
// everything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "gemm-quick") return GemmQuick.Run(args[1..]);
if (args.Length > 0 && args[0] == "batched-quick") return BatchedQuick.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
