// The seed problems end to end. Runs on any provider: BLASNET_BLAS=managed needs no native library.
CoreSample.Run();
NeuralSample.Run();
MixedPrecisionSample.Run();
PoolerSample.Run();
ExtensionSample.Run();
BlasNet.Samples.QuadratureSample.Run();
OptimizationSample.Run();
