namespace BlasNet.FSharp

open System
open BlasNet
open BlasNet.Neural

/// <summary>Neural models from F# lists: <c>sequential [ dense 784 256; relu; dense 256 10 ]</c> (float32; open
/// <c>Neural64</c> after this module for float). A list element is a layer builder (<c>unit -&gt; ILayer</c>):
/// <c>sequential</c> calls each one, so <c>relu</c> can appear twice and still be two layers, and layers of
/// different types share one list. Backward and step read as statements: <c>backward model dy</c>, <c>step optimizer</c>.</summary>
module Neural =

    /// <summary>A model that runs the layers built by <c>layers</c>, in order.</summary>
    /// <exception cref="T:System.ArgumentException">The list is empty, or one layer instance appears twice (wrap a shared instance with <c>layer</c> once only).</exception>
    let sequential (layers: (unit -> ILayer<'T>) list) : Sequential<'T> =
        Sequential<'T>(layers |> List.map (fun build -> build ()))

    /// <summary>Puts an existing layer instance in a <c>sequential</c> list (an instance serves one position only).</summary>
    let layer (instance: ILayer<'T>) : unit -> ILayer<'T> = fun () -> instance

    /// The model's output for the batch x (batch×inputs). The matrix belongs to the model and is overwritten by its next forward call.
    let forward (model: #ILayer<'T>) (x: Matrix<'T>) : Matrix<'T> = model.Forward x

    /// Back-propagates dL/dy through the model, adding into every parameter's gradient. Reads as a statement.
    let backward (model: #ILayer<'T>) (dy: Matrix<'T>) : unit = model.Backward dy |> ignore

    /// <summary>Updates every parameter that has a gradient. Reads as a statement; <c>stepReport</c> returns what was updated.</summary>
    /// <exception cref="T:System.InvalidOperationException">A gradient holds ∞ or NaN, or the update overflowed a weight.</exception>
    let step (optimizer: #Optimizer<'T>) : unit = optimizer.Step() |> ignore

    /// <summary>Updates every parameter that has a gradient and says which were updated and which skipped.</summary>
    /// <exception cref="T:System.InvalidOperationException">A gradient holds ∞ or NaN, or the update overflowed a weight.</exception>
    let stepReport (optimizer: #Optimizer<'T>) : StepReport = optimizer.Step()

    /// Clears every gradient the optimizer updates (before the next backward pass).
    let zeroGrad (optimizer: #Optimizer<'T>) : unit = optimizer.ZeroGrad()

    /// Adam over the model's parameters with the given learning rate and PyTorch's other defaults.
    let adam (learningRate: float) (model: #ILayer<'T>) : Adam<'T> = Adam<'T>(model.Parameters, AdamOptions(LearningRate = learningRate))

    /// Adam over the model's parameters with the given options.
    let adamWith (options: AdamOptions) (model: #ILayer<'T>) : Adam<'T> = Adam<'T>(model.Parameters, options)

    /// Plain SGD over the model's parameters with the given learning rate.
    let sgd (learningRate: float) (model: #ILayer<'T>) : Sgd<'T> = Sgd<'T>(model.Parameters, SgdOptions(LearningRate = learningRate))

    /// SGD over the model's parameters with the given options (momentum, weight decay).
    let sgdWith (options: SgdOptions) (model: #ILayer<'T>) : Sgd<'T> = Sgd<'T>(model.Parameters, options)

    /// <summary>Runs <c>epochs</c> passes over <c>batches</c> (input, target): for each batch, zero the gradients,
    /// forward, loss, backward, step. Returns the mean loss of each epoch, in order. Any loss works: <c>mse ()</c>
    /// with target matrices, <c>SoftmaxCrossEntropy</c> with class-index arrays, or a user's <c>ILoss</c>.</summary>
    /// <exception cref="T:System.ArgumentException">A batch has the wrong shape for the model or its target.</exception>
    /// <exception cref="T:System.InvalidOperationException">A gradient became ∞ or NaN (see <c>step</c>).</exception>
    let train (epochs: int) (model: #ILayer<'T>) (loss: #ILoss<'T, 'Target>) (optimizer: #Optimizer<'T>) (batches: seq<Matrix<'T> * 'Target>) : float list =
        if epochs < 0 then raise (ArgumentOutOfRangeException("epochs", epochs, "The number of epochs cannot be negative."))
        [ for _ in 1..epochs do
              let mutable total = 0.0
              let mutable count = 0
              for (x, target) in batches do
                  optimizer.ZeroGrad()
                  let value = (loss :> ILoss<'T, 'Target>).Forward(model.Forward x, target)
                  model.Backward(loss.Backward()) |> ignore
                  optimizer.Step() |> ignore
                  total <- total + value
                  count <- count + 1
              yield (if count = 0 then nan else total / float count) ]

    /// <summary>A float32 fully connected layer inputs→outputs with bias, initialised as the C# <c>Dense</c> does by default.</summary>
    let dense (inputs: int) (outputs: int) : unit -> ILayer<float32> = fun () -> Dense<float32>(inputs, outputs)

    /// A float32 fully connected layer inputs→outputs with bias, weights drawn from the given seed.
    let denseSeeded (seed: int) (inputs: int) (outputs: int) : unit -> ILayer<float32> = fun () -> Dense<float32>(inputs, outputs, seed = seed)

    /// A float32 ReLU.
    let relu () : ILayer<float32> = Relu<float32>()

    /// A float32 logistic sigmoid.
    let sigmoid () : ILayer<float32> = Sigmoid<float32>()

    /// <summary>A float32 tanh layer (not named <c>tanh</c>, which would hide F#'s tanh function once this module is open).</summary>
    let tanhLayer () : ILayer<float32> = Tanh<float32>()

    /// A float32 leaky ReLU with the given negative slope.
    let leakyRelu (slope: float32) : unit -> ILayer<float32> = fun () -> LeakyRelu<float32>(slope)

    /// A float32 mean squared error loss.
    let mse () : MeanSquaredError<float32> = MeanSquaredError<float32>()

/// <summary>The float twins of the float32 layer and loss constructors of <c>Neural</c>: open this module after <c>Neural</c>.</summary>
module Neural64 =

    /// <summary>A float fully connected layer inputs→outputs with bias, initialised as the C# <c>Dense</c> does by default.</summary>
    let dense (inputs: int) (outputs: int) : unit -> ILayer<float> = fun () -> Dense<float>(inputs, outputs)

    /// A float fully connected layer inputs→outputs with bias, weights drawn from the given seed.
    let denseSeeded (seed: int) (inputs: int) (outputs: int) : unit -> ILayer<float> = fun () -> Dense<float>(inputs, outputs, seed = seed)

    /// A float ReLU.
    let relu () : ILayer<float> = Relu<float>()

    /// A float logistic sigmoid.
    let sigmoid () : ILayer<float> = Sigmoid<float>()

    /// A float tanh layer.
    let tanhLayer () : ILayer<float> = Tanh<float>()

    /// A float leaky ReLU with the given negative slope.
    let leakyRelu (slope: float) : unit -> ILayer<float> = fun () -> LeakyRelu<float>(slope)

    /// A float mean squared error loss.
    let mse () : MeanSquaredError<float> = MeanSquaredError<float>()
