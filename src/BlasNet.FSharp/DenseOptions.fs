namespace BlasNet.FSharp

/// <summary>What a <c>denseWith</c> or <c>maskedDenseWith</c> layer is built with besides its shape: whether it has a bias
/// (PyTorch's <c>nn.Linear(…, bias=False)</c>), the seed of its initial weights, and its name. Start from
/// <c>DenseOptions.Default</c>, the settings of <c>dense</c>: <c>denseWith { DenseOptions.Default with Bias = false } 784 256</c>.</summary>
type DenseOptions =
    { /// <summary>Whether the layer adds a bias b (true in <c>Default</c>, as PyTorch's <c>bias=True</c>). False: y = xW, and the
      /// layer's <c>Parameters</c> hold the weight alone (no bias parameter for an optimizer or a checkpoint).</summary>
      Bias: bool
      /// <summary>The seed of the initial weights (PyTorch's uniform ±1/√inputs from one generator, the weight's entries then
      /// the bias's, as <c>denseSeeded</c>): the same seed, bit-identical weights. None: a fresh random seed.</summary>
      Seed: int option
      /// <summary>The layer's name, shown where layers are named (printing, gradient-health rows, optimizer reports); its
      /// parameters are <c>name.weight</c> and <c>name.bias</c>. None: named as Keras does, <c>dense</c>, <c>dense_1</c>, …
      /// (<c>masked</c>, <c>masked_1</c>, … for a masked layer).</summary>
      Name: string option }

    /// <summary>The settings of <c>dense</c> and <c>maskedDense</c>: a bias, a fresh random seed, an automatic name.</summary>
    static member Default: DenseOptions = { Bias = true; Seed = None; Name = None }
