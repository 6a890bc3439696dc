namespace BlasNet.FSharp

open System
open BlasNet
open BlasNet.Neural

/// <summary>Neural models from F# lists: <c>sequential [ dense 784 256; relu; dense 256 10 ]</c> (float32; open
/// <c>Neural64</c> after this module for float). A list element is a layer builder (<c>unit -&gt; ILayer</c>):
/// <c>sequential</c> calls each one, so <c>relu</c> can appear twice and still be two layers, and layers of
/// different types share one list. Backward and step read as statements: <c>backward model dy</c>, <c>step optimizer</c>.
/// A builder's arguments are checked when the layer is built (by <c>sequential</c>, or by calling the builder with <c>()</c>):
/// that is when the exceptions its documentation lists are thrown.</summary>
module Neural =

    /// <summary>A model that runs the layers built by <c>layers</c>, in order.</summary>
    /// <exception cref="T:System.ArgumentNullException">The list is null, or holds a null builder or one that returns null
    /// (<c>layer null</c>): ParamName "layers", the message naming the position, <c>layers[i]</c>; or a built layer whose Parameters
    /// list holds null (the message naming both positions, <c>layers[i] (Kind).Parameters[k]</c>).</exception>
    /// <exception cref="T:System.ArgumentException">The list is empty, or one layer instance appears twice (wrap a shared instance with <c>layer</c> once only).</exception>
    let sequential (layers: (unit -> ILayer<'T>) list) : Sequential<'T> =
        Arguments.given (nameof layers) layers
        let count = List.length layers
        let built =
            layers
            |> List.mapi (fun i build ->
                // A null builder (from C#, or Unchecked.defaultof) would fail inside List.map with a NullReferenceException;
                // a builder returning null (layer null) is named by Sequential itself, with the same index and text.
                if isNull (box build) then
                    raise (ArgumentNullException(nameof layers, $"layers[{ResultText.integer i}] is null (of {ResultText.integer count} layers): every element of a Sequential must be a layer."))
                build ())
        Sequential<'T>(built)

    /// <summary>Puts an existing layer instance in a <c>sequential</c> list (an instance serves one position only).</summary>
    let layer (instance: ILayer<'T>) : unit -> ILayer<'T> = fun () -> instance

    /// <summary>The model's output for the batch x (batch×inputs), as a new matrix of the caller's own: a later <c>forward</c>
    /// does not change it, and writing into it does not change the activations the next <c>backward</c> reads. (The C#
    /// <c>model.Forward x</c> returns the model's own output buffer instead, without a copy: overwritten by its next call,
    /// and read by the backward pass of a final <c>Tanh</c> or <c>Sigmoid</c>.)</summary>
    let forward (model: #ILayer<'T>) (x: Matrix<'T>) : Matrix<'T> = 
        Arguments.given (nameof model) model
        let y = model.Forward x
        if isNull (box y) then y else y.Copy() // a user layer's null is passed on as before, not a NullReferenceException

    /// Back-propagates dL/dy through the model, adding into every parameter's gradient. Reads as a statement.
    let backward (model: #ILayer<'T>) (dy: Matrix<'T>) : unit = Arguments.given (nameof model) model; model.Backward dy |> ignore

    /// <summary>Updates every parameter that has a gradient. Reads as a statement; <c>stepReport</c> returns what was updated.</summary>
    /// <exception cref="T:System.InvalidOperationException">A gradient holds ∞ or NaN, or a weight to be stepped already does
    /// (set or loaded; nothing is updated, in no parameter), or the update overflowed a weight.</exception>
    let step (optimizer: #Optimizer<'T>) : unit = Arguments.given (nameof optimizer) optimizer; optimizer.Step() |> ignore

    /// <summary>Updates every parameter that has a gradient and says which were updated and which skipped.</summary>
    /// <exception cref="T:System.InvalidOperationException">A gradient holds ∞ or NaN, or a weight to be stepped already does
    /// (set or loaded; nothing is updated, in no parameter), or the update overflowed a weight.</exception>
    let stepReport (optimizer: #Optimizer<'T>) : StepReport = Arguments.given (nameof optimizer) optimizer; optimizer.Step()

    /// Clears every gradient the optimizer updates (before the next backward pass).
    let zeroGrad (optimizer: #Optimizer<'T>) : unit = Arguments.given (nameof optimizer) optimizer; optimizer.ZeroGrad()

    /// Runs build (); the C# optimizers refuse a rate naming the options they were given (ParamName "options", or "value"
    /// for the Options setter) and the option, LearningRate, in the text; neither is a parameter of the functions that take
    /// the rate itself (adam, sgd, setLearningRate): thrown again naming learningRate, the same text with the F# name.
    let private naming (learningRate: float) (build: unit -> 'a) : 'a =
        try build ()
        with :? ArgumentOutOfRangeException as e when (e.ParamName = "options" || e.ParamName = "value") && e.Message.StartsWith("LearningRate ", StringComparison.Ordinal) ->
            let text = e.Message
            let cut = text.IndexOf($" (Parameter '{e.ParamName}')", StringComparison.Ordinal)
            let reason = (if cut >= 0 then text.Substring(0, cut) else text).Replace("LearningRate", nameof learningRate)
            raise (ArgumentOutOfRangeException(nameof learningRate, learningRate, reason))

    /// The model's parameter list for the C# optimizers and gradient helpers, checked first: those name the list they take,
    /// parameters, which the functions here do not have (they take the model). A null entry (a user layer listing an
    /// absent bias) is ArgumentNullException naming model and the entry, model.Parameters[i].
    let private parametersOf (model: #ILayer<'T>) : Collections.Generic.IReadOnlyList<Parameter<'T>> =
        Arguments.given (nameof model) model
        let parameters = model.Parameters
        if isNull (box parameters) then raise (ArgumentNullException(nameof model, "model.Parameters is null: a layer without parameters lists none (an empty list)."))
        for i in 0 .. parameters.Count - 1 do
            if isNull (box parameters[i]) then
                raise (ArgumentNullException(nameof model, $"model.Parameters[{ResultText.integer i}] is null (of {ResultText.integer parameters.Count} entries). A parameter list holds only parameters: a layer without a bias leaves it out rather than listing null."))
        parameters

    /// Runs build (), an optimizer over model.Parameters: one that refuses the list (empty, or every entry masked) names it
    /// parameters, which is thrown again naming model, the text saying model.Parameters, the optimizer's exception inner.
    let private overModel (build: unit -> 'a) : 'a =
        try build ()
        with :? ArgumentException as e when e.ParamName = "parameters" && e.GetType() = typeof<ArgumentException> ->
            let cut = e.Message.IndexOf(" (Parameter 'parameters')", StringComparison.Ordinal)
            let reason = if cut >= 0 then e.Message.Substring(0, cut) else e.Message
            let text = if reason.StartsWith("parameters", StringComparison.Ordinal) then "model.Parameters" + reason.Substring("parameters".Length) else $"model.Parameters was refused: {reason}"
            raise (ArgumentException(text, "model", e))

    /// <summary>Adam over the model's parameters with the given learning rate and PyTorch's other defaults.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">learningRate is negative, NaN, or not finite in the element type (ParamName "learningRate").</exception>
    /// <exception cref="T:System.ArgumentException">The model has no parameters (only activations), or none with a trainable entry (every weight masked): an optimizer over none is refused, as in PyTorch (ParamName "model").</exception>
    /// <exception cref="T:System.ArgumentNullException">The model is null, or its Parameters list holds null (ParamName "model", the message naming <c>model.Parameters[i]</c>).</exception>
    let adam (learningRate: float) (model: #ILayer<'T>) : Adam<'T> =
        let parameters = parametersOf model
        naming learningRate (fun () -> overModel (fun () -> Adam<'T>(parameters, AdamOptions(LearningRate = learningRate))))

    /// <summary>Adam over the model's parameters with the given options (AMSGrad, and AdamW's decoupled decay: <c>AdamOptions.AdamW(…)</c>).</summary>
    /// <exception cref="T:System.ArgumentException">The model has no parameters (only activations), or none with a trainable entry (every weight masked): an optimizer over none is refused, as in PyTorch (ParamName "model").</exception>
    /// <exception cref="T:System.ArgumentNullException">The model is null, or its Parameters list holds null (ParamName "model", the message naming <c>model.Parameters[i]</c>).</exception>
    let adamWith (options: AdamOptions) (model: #ILayer<'T>) : Adam<'T> =
        let parameters = parametersOf model
        overModel (fun () -> Adam<'T>(parameters, options))

    /// <summary>Plain SGD over the model's parameters with the given learning rate.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">learningRate is negative, NaN, or not finite in the element type (ParamName "learningRate").</exception>
    /// <exception cref="T:System.ArgumentException">The model has no parameters (only activations), or none with a trainable entry (every weight masked): an optimizer over none is refused, as in PyTorch (ParamName "model").</exception>
    /// <exception cref="T:System.ArgumentNullException">The model is null, or its Parameters list holds null (ParamName "model", the message naming <c>model.Parameters[i]</c>).</exception>
    let sgd (learningRate: float) (model: #ILayer<'T>) : Sgd<'T> =
        let parameters = parametersOf model
        naming learningRate (fun () -> overModel (fun () -> Sgd<'T>(parameters, SgdOptions(LearningRate = learningRate))))

    /// <summary>SGD over the model's parameters with the given options (momentum, weight decay, dampening, Nesterov).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">A setting is out of range (ParamName "options", the message naming the setting: "Momentum", "Dampening", …).</exception>
    /// <exception cref="T:System.ArgumentException">Nesterov with a momentum of 0 or a dampening other than 0 (ParamName "options", as PyTorch refuses it; the message names Nesterov).</exception>
    /// <exception cref="T:System.ArgumentException">The model has no parameters (only activations), or none with a trainable entry (every weight masked): an optimizer over none is refused, as in PyTorch (ParamName "model").</exception>
    /// <exception cref="T:System.ArgumentNullException">The model is null, or its Parameters list holds null (ParamName "model", the message naming <c>model.Parameters[i]</c>).</exception>
    let sgdWith (options: SgdOptions) (model: #ILayer<'T>) : Sgd<'T> =
        let parameters = parametersOf model
        overModel (fun () -> Sgd<'T>(parameters, options))

    /// <summary>Sets the learning rate of an <c>adam</c> or <c>sgd</c> optimizer between steps (a schedule), keeping its other
    /// settings and its state (moments, momentum buffers, step counts), as PyTorch's <c>param_group["lr"] = lr</c> does; a new
    /// optimizer would restart that state. Assign <c>Options</c> to change another setting.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The learning rate is negative, NaN or not finite in the element type (the rate in use is kept).</exception>
    /// <exception cref="T:System.ArgumentException">The optimizer is neither Adam nor Sgd (set a user optimizer's own settings).</exception>
    let setLearningRate (learningRate: float) (optimizer: Optimizer<'T>) : unit =
        Arguments.given (nameof optimizer) optimizer
        match box optimizer with
        | :? Adam<'T> as a -> naming learningRate (fun () -> a.Options <- AdamOptions(learningRate, a.Options.Beta1, a.Options.Beta2, a.Options.Epsilon, a.Options.WeightDecay))
        | :? Sgd<'T> as s -> naming learningRate (fun () -> s.Options <- SgdOptions(learningRate, s.Options.Momentum, s.Options.WeightDecay))
        | _ -> invalidArg (nameof optimizer) $"setLearningRate knows Adam and Sgd, not {optimizer.GetType().Name}: set that optimizer's own settings."

    /// <summary>Runs <c>epochs</c> passes over <c>batches</c> (input, target): for each batch, zero the gradients,
    /// forward, loss, backward, step. Returns the mean loss of each epoch, in order. Any loss works: <c>mse ()</c>
    /// or <c>bceWithLogits ()</c> with target matrices, <c>crossEntropy ()</c> with class-index arrays (<c>int[]</c>), or a
    /// user's <c>ILoss</c>. The model's mode is left as it is (layers start in training mode; see <c>trainMode</c>).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">epochs is negative.</exception>
    /// <exception cref="T:System.ArgumentException">A batch has the wrong shape for the model or its target (ParamName
    /// "batches", the message naming the batch and epoch, the model's or loss's own exception inner), a batch has no
    /// rows (refused before it is stepped, as <c>Trainer.Step</c> refuses it), or <c>batches</c> gives no batch in an epoch
    /// (it is empty, or a one-shot sequence already used up: pass a list or an array).</exception>
    /// <exception cref="T:System.ArgumentNullException">model, loss, optimizer or batches is null; or a batch or its input is
    /// null, or the model or loss refuses a null (a null target): ParamName "batches", the message naming the batch and epoch.</exception>
    /// <exception cref="T:System.InvalidOperationException">A gradient became ∞ or NaN (see <c>step</c>); or the loss was built with
    /// <c>Reduction.None</c> (its per-sample losses are not one number to minimize).</exception>
    let train (epochs: int) (model: #ILayer<'T>) (loss: #ILoss<'T, 'Target>) (optimizer: #Optimizer<'T>) (batches: seq<Matrix<'T> * 'Target>) : float list =
        Arguments.given (nameof model) model
        Arguments.given (nameof loss) loss
        Arguments.given (nameof optimizer) optimizer
        Arguments.given (nameof batches) batches
        if epochs < 0 then raise (ArgumentOutOfRangeException("epochs", epochs, "The number of epochs cannot be negative."))
        [ for epoch in 1..epochs do
              let mutable total = 0.0
              let mutable count = 0
              for batch in batches do
                  // A null batch or input would otherwise be a NullReferenceException here, or reach the model as its
                  // own argument x and come back as a plain ArgumentException: a null is ArgumentNullException, as for
                  // every other argument, naming batches and the position.
                  if isNull (box batch) then
                      raise (ArgumentNullException(nameof batches, $"batch {count} of epoch {epoch} is null: each batch is an (input, target) pair."))
                  let (x, target) = batch
                  if isNull (box x) then
                      raise (ArgumentNullException(nameof batches, $"batch {count} of epoch {epoch} has a null input x: each batch is an (input, target) pair."))
                  // As Trainer.Step: an empty batch has no loss (NaN) and no gradient, yet Adam's moments would still move
                  // the weights on it, and its NaN would make the epoch's mean read as a diverged model.
                  if x.Rows = 0 then
                      invalidArg (nameof batches) $"batch {count} of epoch {epoch} is empty (0×{x.Columns}): it has no loss (NaN) and no gradient to step on. Pass at least one row per batch."
                  optimizer.ZeroGrad()
                  let value =
                      try (loss :> ILoss<'T, 'Target>).Forward(model.Forward x, target)
                      with :? ArgumentException as e when not (isNull e.ParamName) && e.ParamName <> nameof batches ->
                          // The model or the loss names its own argument (x, target), which train does not have: name
                          // batches and say which batch it was; the layer's own exception is the inner one. Only the
                          // "(Parameter '…')" note is taken out: what follows it (an ArgumentOutOfRangeException's "Actual
                          // value was 7.") is kept, on the same line.
                          let note = $" (Parameter '{e.ParamName}')"
                          let cut = e.Message.IndexOf(note, StringComparison.Ordinal)
                          let reason =
                              (if cut >= 0 then e.Message.Remove(cut, note.Length) else e.Message)
                                  .Replace("\r\n", " ").Replace("\n", " ")
                          let text = $"batch {count} of epoch {epoch} was refused ({e.ParamName}): {reason}"
                          // A null target (or a null the model meets) stays an ArgumentNullException, as Sequential keeps
                          // a layer's subtypes; that exception has no constructor taking both a name and an inner one.
                          if e :? ArgumentNullException then raise (ArgumentNullException(nameof batches, text))
                          raise (ArgumentException(text, nameof batches, e))
                  model.Backward(loss.Backward()) |> ignore
                  optimizer.Step() |> ignore
                  total <- total + value
                  count <- count + 1
              // An epoch without batches has no mean loss: a NaN in the list would read as a diverged model.
              if count = 0 then
                  invalidArg (nameof batches) $"batches gave no batch in epoch {epoch} of {epochs}: it is empty, or a sequence that can be read only once (pass a list or an array)."
              yield total / float count ]

    /// <summary>Puts the model and every layer inside it in training mode (PyTorch's <c>model.train()</c>):
    /// <c>dropout</c> layers drop entries again. Layers start in training mode; <c>train</c> does not switch modes.</summary>
    /// <exception cref="T:System.ArgumentNullException">The model is null.</exception>
    let trainMode (model: #ILayer<'T>) : unit = Layer.SetTraining(model, true)

    /// <summary>Puts the model and every layer inside it in evaluation mode (PyTorch's <c>model.eval()</c>):
    /// <c>dropout</c> layers pass their input through unchanged until <c>trainMode</c>.</summary>
    /// <exception cref="T:System.ArgumentNullException">The model is null.</exception>
    let evalMode (model: #ILayer<'T>) : unit = Layer.SetTraining(model, false)

    /// <summary>A twin of the layer (or model) holding the very same parameters with its own activation cache: run one
    /// branch of a Siamese model through each and both backward passes add into one gradient. Put it in a list with <c>layer</c>.
    /// The twin's dropout layers share the original's train/eval mode: <c>evalMode</c> or <c>trainMode</c> on either switches both
    /// (as PyTorch's <c>eval()</c> on the one shared module); making a twin does not change the original's dropout masks.</summary>
    let shareWeights (model: #ILayer<'T>) : ILayer<'T> = Arguments.given (nameof model) model; model.ShareWeights()

    /// <summary>The parameter's accumulated gradient as an option: <c>Some</c> after a backward pass touched the parameter,
    /// <c>None</c> before and again after <c>zeroGrad</c> (or for a parameter the model's output does not reach, which an
    /// optimizer then skips). The C# property <c>Parameter.Grad</c> is null in those cases, which F# reads without a warning:
    /// <c>model.Parameters |&gt; Seq.choose grad</c> gives the gradients there are. The matrix is the parameter's own
    /// gradient storage, reused by the next backward pass, not a copy.</summary>
    /// <exception cref="T:System.ArgumentNullException">parameter is null.</exception>
    let grad (parameter: Parameter<'T>) : Matrix<'T> option =
        Arguments.given (nameof parameter) parameter
        Option.ofObj parameter.Grad

    /// <summary>The global L2 norm √(Σ‖∇p‖²) of the model's gradients (parameters without a gradient are skipped);
    /// ∞ or NaN when a gradient holds them.</summary>
    /// <exception cref="T:System.ArgumentNullException">The model is null, or its Parameters list holds null (ParamName "model", the message naming <c>model.Parameters[i]</c>).</exception>
    let gradNorm (model: #ILayer<'T>) : float = Gradients.Norm(parametersOf model)

    /// <summary>PyTorch's <c>clip_grad_norm_</c> over the model's parameters: scales every gradient by maxNorm / (norm + 1e-6)
    /// when that is below 1, i.e. when norm + 1e-6 exceeds <c>maxNorm</c> (so a small maxNorm also shrinks gradients within it:
    /// norm 5e-7, maxNorm 1e-6, factor 2/3). Returns the norm before clipping
    /// (∞ or NaN when a gradient holds them; then nothing is clipped, the gradients are left as they are and each parameter's
    /// <c>GradClipFailed</c> is set, so an optimizer's step refuses them, finite ones included, until <c>zeroGrad</c>: no step
    /// is taken on gradients the clip could not bound). Call it between <c>backward</c> and <c>step</c>.
    /// For float32 the norm and factor are formed in double (PyTorch: in float32), so a clipped entry can be an ulp from PyTorch's.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">maxNorm is not positive.</exception>
    /// <exception cref="T:System.ArgumentNullException">The model is null, or its Parameters list holds null (ParamName "model", the message naming <c>model.Parameters[i]</c>).</exception>
    let clipGradNorm (maxNorm: float) (model: #ILayer<'T>) : float = Gradients.ClipGradNorm(parametersOf model, maxNorm)

    /// <summary>PyTorch's <c>clip_grad_value_</c> over the model's parameters: clamps every finite gradient entry into
    /// [−clipValue, clipValue]. ∞ and NaN entries are left as they are (PyTorch turns ±∞ into ±clipValue), so an optimizer
    /// step still refuses them. Returns the largest entry magnitude before clipping (NaN or ∞ when an entry is).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">clipValue is not positive.</exception>
    /// <exception cref="T:System.ArgumentNullException">The model is null, or its Parameters list holds null (ParamName "model", the message naming <c>model.Parameters[i]</c>).</exception>
    let clipGradValue (clipValue: float) (model: #ILayer<'T>) : float = Gradients.ClipGradValue(parametersOf model, clipValue)

    /// <summary>Finite-difference check of a float layer's backward pass at the batch x with PyTorch's <c>gradcheck</c>
    /// defaults (step 1e-6, tolerances 1e-5 absolute and 1e-3 relative): compares dL/dx and every parameter gradient of
    /// L = Σ y ⊙ G (G random) with central differences. x is not modified; parameters are restored and their gradients cleared.
    /// Call <c>evalMode</c> first on a model with <c>dropout</c>: in training mode it draws a new mask per forward pass and the
    /// check fails (the result's <c>Note</c> says so).</summary>
    let gradCheck (layer: ILayer<float>) (x: Matrix<float>) : GradCheckResult = GradCheck.Check(layer, x)

    /// <summary><c>gradCheck</c> with the given step, tolerances and seed.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The step is not finite and &gt; 0, or a tolerance is not finite and ≥ 0.</exception>
    let gradCheckWith (options: GradCheckOptions) (layer: ILayer<float>) (x: Matrix<float>) : GradCheckResult = GradCheck.Check(layer, x, options)

    /// <summary>The result's <c>Note</c> as an option: <c>Some</c> reason why a failed check may not mean a wrong backward
    /// pass (a <c>dropout</c> in training mode: call <c>evalMode</c> first), <c>None</c> otherwise. The C# property itself
    /// is a nullable string, which F# reads as <c>null</c>.</summary>
    /// <exception cref="T:System.ArgumentNullException">The result is null.</exception>
    let gradCheckNote (result: GradCheckResult) : string option =
        Arguments.given (nameof result) result
        Option.ofObj result.Note

    /// <summary>A float32 training loop object (the C# <c>Trainer</c>) for the model, updated by the optimizer (built over the
    /// model's parameters), minimizing the loss; <c>TrainerOptions(Precision.Mixed)</c> trains in mixed precision (Half
    /// activations, float32 master weights, dynamic loss scaling), <c>MaxGradNorm</c> clips. Step it with <c>trainStep</c>.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">Precision is not a Precision member, the scaler options are out of range, MaxGradNorm is negative or not finite, or MaxConsecutiveSkippedSteps or MaxSkippedStepsAtMinScale is negative.</exception>
    /// <exception cref="T:System.ArgumentException">The optimizer holds none of the model's trainable parameters; or the options'
    /// Scaler sets a MaxSkippedStepsAtMinScale other than its default and the trainer's own (the trainer applies its own).</exception>
    let trainer (options: TrainerOptions) (model: #ILayer<float32>) (optimizer: #Optimizer<float32>) (loss: ILoss<float32, 'Target>) : Trainer<'Target> =
        Trainer<'Target>(model, optimizer, loss, options)

    /// <summary>One step of the trainer on the batch (x, target): zero-grad, forward, loss, scaled backward, unscale, optional
    /// clipping, step, scale update. A batch whose loss or gradients are not finite is skipped (the weights are left as they
    /// were) and the returned <c>TrainingStep</c> says why, unless a weight of the model already holds ∞ or NaN, which no skip
    /// can repair: then it throws.</summary>
    /// <exception cref="T:System.InvalidOperationException">MaxConsecutiveSkippedSteps steps in a row were skipped; or
    /// MaxSkippedStepsAtMinScale steps (default 100) since the last one taken were skipped for ∞/NaN gradients at a loss scale that
    /// cannot be lowered (the message names the parameters, the scale and what to change); or a weight
    /// of the model already held ∞ or NaN (the message names the parameter and its first such entry; no weight moved and the
    /// loss scale is unchanged); or the optimizer's update overflowed a weight.</exception>
    /// <exception cref="T:System.ArgumentException">The batch has the wrong shape for the model or its target.</exception>
    let trainStep (trainer: Trainer<'Target>) (x: Matrix<float32>) (target: 'Target) : TrainingStep =
        Arguments.given (nameof trainer) trainer
        trainer.Step(x, target)

    /// <summary>The global L2 norm of the last <c>trainStep</c>'s unscaled gradients before clipping (what PyTorch's
    /// <c>clip_grad_norm_</c> returns), as an option: <c>Some</c> after a step that clipped, <c>None</c> when it did not
    /// (<c>MaxGradNorm</c> is 0, or the step was skipped before clipping). The C# property
    /// <c>Trainer.UnclippedGradientNorm</c> is a <c>Nullable&lt;float&gt;</c>, which F# reads through <c>HasValue</c>/<c>Value</c>.</summary>
    /// <exception cref="T:System.ArgumentNullException">trainer is null.</exception>
    let unclippedGradNorm (trainer: Trainer<'Target>) : float option =
        Arguments.given (nameof trainer) trainer
        Option.ofNullable trainer.UnclippedGradientNorm

    /// <summary>The name in the options as the C# layers take it (null: the automatic name). A name the C# constructor would
    /// refuse as its own argument, name, which the facade's builders do not have, is refused here naming options; Some null
    /// would be read as None (an automatic name) and silently change what the caller asked for.</summary>
    let internal denseName (options: DenseOptions) : string | null =
        Arguments.given (nameof options) options
        match options.Name with
        | None -> null
        | Some name when isNull (box name) ->
            raise (ArgumentNullException(nameof options, "options.Name is Some null: give a name, or None for an automatic one (dense, dense_1, …; masked, masked_1, … for a masked layer)."))
        | Some name when String.IsNullOrWhiteSpace name ->
            invalidArg (nameof options) $"options.Name is \"{name}\", empty or white space: a layer's name prefixes its parameters' (name.weight); give None for an automatic one (dense, dense_1, …; masked, masked_1, … for a masked layer)."
        | Some name -> name

    /// <summary>A float32 fully connected layer inputs→outputs with bias, initialised as the C# <c>Dense</c> does by default.</summary>
    let dense (inputs: int) (outputs: int) : unit -> ILayer<float32> = fun () -> Dense<float32>(inputs, outputs)

    /// A float32 fully connected layer inputs→outputs with bias, weights drawn from the given seed.
    let denseSeeded (seed: int) (inputs: int) (outputs: int) : unit -> ILayer<float32> = fun () -> Dense<float32>(inputs, outputs, seed = seed)

    /// <summary>A float32 fully connected layer inputs→outputs with the given options: without a bias (y = xW, PyTorch's
    /// <c>bias=False</c>: <c>{ DenseOptions.Default with Bias = false }</c>), from a seed, under a name (the C# <c>Dense(inputs,
    /// outputs, bias, seed, name)</c>).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">inputs or outputs is negative.</exception>
    /// <exception cref="T:System.ArgumentException">options.Name is empty or white space (ParamName "options").</exception>
    /// <exception cref="T:System.ArgumentNullException">options is null, or options.Name is <c>Some null</c> (ParamName "options").</exception>
    let denseWith (options: DenseOptions) (inputs: int) (outputs: int) : unit -> ILayer<float32> =
        fun () -> Dense<float32>(inputs, outputs, bias = options.Bias, seed = Option.toNullable options.Seed, name = denseName options)

    /// A float32 ReLU.
    let relu () : ILayer<float32> = Relu<float32>()

    /// A float32 logistic sigmoid.
    let sigmoid () : ILayer<float32> = Sigmoid<float32>()

    /// <summary>A float32 tanh layer (not named <c>tanh</c>, which would hide F#'s tanh function once this module is open).</summary>
    let tanhLayer () : ILayer<float32> = Tanh<float32>()

    /// A float32 leaky ReLU with the given negative slope (finite: ∞ or NaN is refused, ArgumentOutOfRangeException, when the layer is built).
    let leakyRelu (slope: float32) : unit -> ILayer<float32> = fun () -> LeakyRelu<float32>(slope)

    /// A float32 mean squared error loss.
    let mse () : MeanSquaredError<float32> = MeanSquaredError<float32>()

    /// <summary><c>mse</c> with the given reduction (PyTorch's <c>MSELoss(reduction=…)</c>): <c>Reduction.Sum</c> for the sum of
    /// squares, <c>Reduction.None</c> for the per-entry losses (<c>ForwardUnreduced</c>, then <c>Backward upstream</c>).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">reduction is not a member of Reduction.</exception>
    let mseReduced (reduction: Reduction) : MeanSquaredError<float32> = MeanSquaredError<float32>(reduction)

    /// <summary>A float32 dense layer whose connections are the 0/1 matrix <c>connections</c> (inputs×outputs): y = x(W ⊙ A) + b,
    /// initialised as <c>dense</c> is. Masked weights start and stay exactly 0 (optimizers never move them).</summary>
    /// <exception cref="T:System.ArgumentException">connections has an entry other than 0 and 1 (no rows or no columns is allowed, as for the C# MaskedDense and torch.nn.Linear(0, n)).</exception>
    let maskedDense (connections: Matrix<float32>) : unit -> ILayer<float32> = fun () -> MaskedDense<float32>(connections)

    /// <summary><c>maskedDense</c> with its weights drawn from the given seed (with every connection present, the weights of <c>denseSeeded</c> with that seed).</summary>
    /// <exception cref="T:System.ArgumentException">connections has an entry other than 0 and 1 (no rows or no columns is allowed, as for the C# MaskedDense and torch.nn.Linear(0, n)).</exception>
    let maskedDenseSeeded (seed: int) (connections: Matrix<float32>) : unit -> ILayer<float32> = fun () -> MaskedDense<float32>(connections, seed = seed)

    /// <summary>A float32 masked dense layer (as <c>maskedDense</c>) with the given options (no bias, a seed, a name) and an optional
    /// 0/1 bias mask (outputs entries, a row or a column): y = x(W ⊙ A) + b ⊙ m, masked bias entries starting and staying exactly 0
    /// (optimizers never move them). None: every bias entry is trainable. The C# <c>MaskedDense(connections, bias, biasMask, seed, name)</c>.</summary>
    /// <exception cref="T:System.ArgumentException">connections or biasMask has an entry other than 0 and 1, biasMask does not have
    /// one entry per output, or a bias mask is given with <c>Bias = false</c> (ParamName "connections" or "biasMask"); options.Name
    /// is empty or white space (ParamName "options").</exception>
    /// <exception cref="T:System.ArgumentNullException">connections or options is null, biasMask is <c>Some null</c>, or options.Name is <c>Some null</c>.</exception>
    let maskedDenseWith (options: DenseOptions) (biasMask: Matrix<float32> option) (connections: Matrix<float32>) : unit -> ILayer<float32> =
        fun () ->
            let name = denseName options
            MaskedDense<float32>(connections, bias = options.Bias, biasMask = Arguments.matrixOrNull (nameof biasMask) biasMask, seed = Option.toNullable options.Seed, name = name)

    /// <summary>A float32 fully connected layer starting from copies of <c>weight</c> (inputs×outputs) and, if given, <c>bias</c>
    /// (one entry per output, a row or a column): y = xW + b, or y = xW with <c>None</c> (PyTorch's <c>bias=False</c>). The C#
    /// <c>Dense(weight, bias)</c>; the copies are taken when the layer is built, so each build starts from the matrices' values
    /// at that time and training never writes into them. The name is automatic (dense, dense_1, …); for a chosen name put
    /// <c>Dense(weight, bias, name)</c> in the list with <c>layer</c>.</summary>
    /// <exception cref="T:System.ArgumentException">bias does not have one entry per output (weight's columns); ParamName "bias".</exception>
    /// <exception cref="T:System.ArgumentNullException">weight is null, or bias is <c>Some null</c>.</exception>
    let denseFrom (weight: Matrix<float32>) (bias: Matrix<float32> option) : unit -> ILayer<float32> =
        fun () -> Dense<float32>(weight, Arguments.matrixOrNull (nameof bias) bias)

    /// <summary>A float32 masked dense layer starting from copies of <c>weight</c> and, if given, <c>bias</c>, with the 0/1
    /// <c>connections</c> (inputs×outputs, weight's shape) and optional 0/1 <c>biasMask</c> (one entry per output): y = x(W ⊙ A) + b ⊙ m.
    /// Entries of the copies where a mask is 0 are set to 0 and stay exactly 0 (optimizers never move them). The C#
    /// <c>MaskedDense(weight, connections, bias, biasMask)</c>; copies are taken when the layer is built; the name is automatic
    /// (masked, masked_1, …).</summary>
    /// <exception cref="T:System.ArgumentException">connections is not weight's shape, bias or biasMask does not have one entry per
    /// output, a mask has an entry other than 0 and 1, or a bias mask is given without a bias (ParamName the argument at fault).</exception>
    /// <exception cref="T:System.ArgumentNullException">weight or connections is null, or bias or biasMask is <c>Some null</c>.</exception>
    let maskedDenseFrom (weight: Matrix<float32>) (connections: Matrix<float32>) (bias: Matrix<float32> option) (biasMask: Matrix<float32> option) : unit -> ILayer<float32> =
        fun () -> MaskedDense<float32>(weight, connections, Arguments.matrixOrNull (nameof bias) bias, Arguments.matrixOrNull (nameof biasMask) biasMask)

    /// <summary>A float32 exact GELU, x·Φ(x) (PyTorch's <c>gelu</c>).</summary>
    let gelu () : ILayer<float32> = Gelu<float32>()

    /// <summary>A float32 GELU in the tanh approximation, x/2·(1 + tanh(√(2/π)(x + 0.044715x³))) (PyTorch's <c>gelu(approximate="tanh")</c>).</summary>
    let geluTanh () : ILayer<float32> = Gelu<float32>(true)

    /// <summary>A float32 layer normalization over rows of <c>features</c> entries with ε = 1e-5 (PyTorch's <c>nn.LayerNorm(features)</c>):
    /// (x − μ)/√(σ² + ε) ⊙ γ + β, gain γ starting at 1 and bias β at 0.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">features is below 1.</exception>
    let layerNorm (features: int) : unit -> ILayer<float32> = fun () -> LayerNorm<float32>(features)

    /// <summary><c>layerNorm</c> with the given ε added to the variance. ε = 0 is allowed (as PyTorch's <c>eps=0</c>); a constant
    /// row then normalizes to 0 (output = the bias) and its input gradient is ±∞ or 0, the limit of every ε &gt; 0, where
    /// PyTorch gives NaN.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">features is below 1, or epsilon is negative or not finite.</exception>
    let layerNormWith (epsilon: float) (features: int) : unit -> ILayer<float32> = fun () -> LayerNorm<float32>(features, epsilon)

    /// <summary><c>layerNormWith epsilon features</c> under the given name: its parameters are <c>name.weight</c> (the gain) and
    /// <c>name.bias</c>, as in PyTorch's state dict (without a name: <c>layer_norm</c>, <c>layer_norm_1</c>, …).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">features is below 1, or epsilon is negative or not finite.</exception>
    /// <exception cref="T:System.ArgumentException">name is empty or white space.</exception>
    /// <exception cref="T:System.ArgumentNullException">name is null (<c>layerNormWith</c> names the layer itself).</exception>
    let layerNormNamed (name: string) (epsilon: float) (features: int) : unit -> ILayer<float32> =
        fun () ->
            Arguments.given (nameof name) name
            LayerNorm<float32>(features, epsilon, name)

    /// <summary>A float32 inverted dropout (PyTorch's <c>nn.Dropout(p)</c>): in training mode each entry is zeroed with probability p
    /// and the others scaled by 1/(1 − p); after <c>evalMode</c> the identity. Masks come from a fresh random seed.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">p is not in [0, 1].</exception>
    let dropout (p: float) : unit -> ILayer<float32> = fun () -> Dropout<float32>(p)

    /// <summary><c>dropout</c> whose masks come from the given seed (the same seed, the same sequence of masks).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">p is not in [0, 1].</exception>
    let dropoutSeeded (seed: int) (p: float) : unit -> ILayer<float32> = fun () -> Dropout<float32>(p, seed)

    /// <summary>A float32 softmax cross-entropy on logits against class indices (<c>int[]</c>, one per row), mean over the batch
    /// (PyTorch's <c>cross_entropy</c>); works with <c>train</c>. Forward throws ArgumentException when a label is outside [0, classes).</summary>
    let crossEntropy () : SoftmaxCrossEntropy<float32> = SoftmaxCrossEntropy<float32>()

    /// <summary><c>crossEntropy</c> with label smoothing ε in [0, 1] and optional per-class weights (PyTorch's <c>label_smoothing</c> and <c>weight</c>).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">labelSmoothing is outside [0, 1].</exception>
    /// <exception cref="T:System.ArgumentException">The class weights are empty, have a negative or non-finite entry, or are all 0 (every loss would be NaN).</exception>
    /// <exception cref="T:System.ArgumentNullException">classWeights is <c>Some null</c> (None means no weights).</exception>
    let crossEntropyWith (labelSmoothing: float) (classWeights: float[] option) : SoftmaxCrossEntropy<float32> =
        classWeights |> Option.iter (Arguments.nonEmptyWeights (nameof classWeights) "class" "or None for no weights")
        SoftmaxCrossEntropy<float32>(labelSmoothing, Arguments.someOrNull (nameof classWeights) classWeights)

    /// <summary><c>crossEntropyWith</c> with the given reduction (PyTorch's <c>reduction</c>): <c>Reduction.Sum</c> for the weighted
    /// sum over rows, <c>Reduction.None</c> for each row's loss (<c>ForwardUnreduced</c>, then <c>Backward upstream</c>).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">labelSmoothing is outside [0, 1], or reduction is not a member of Reduction.</exception>
    /// <exception cref="T:System.ArgumentException">The class weights are empty, have a negative or non-finite entry, or are all 0 (every loss would be NaN).</exception>
    /// <exception cref="T:System.ArgumentNullException">classWeights is <c>Some null</c> (None means no weights).</exception>
    let crossEntropyReduced (reduction: Reduction) (labelSmoothing: float) (classWeights: float[] option) : SoftmaxCrossEntropy<float32> =
        classWeights |> Option.iter (Arguments.nonEmptyWeights (nameof classWeights) "class" "or None for no weights")
        SoftmaxCrossEntropy<float32>(labelSmoothing, Arguments.someOrNull (nameof classWeights) classWeights, reduction)

    /// <summary>A float32 binary cross-entropy on logits against a target matrix of the same shape (entries in [0, 1]), mean over all
    /// entries (PyTorch's <c>binary_cross_entropy_with_logits</c>); works with <c>train</c>.</summary>
    let bceWithLogits () : BinaryCrossEntropyWithLogits<float32> = BinaryCrossEntropyWithLogits<float32>()

    /// <summary><c>bceWithLogits</c> with one weight per column on the positive term (PyTorch's <c>pos_weight</c>).</summary>
    /// <exception cref="T:System.ArgumentException">The weights are empty or have a negative or non-finite entry.</exception>
    /// <exception cref="T:System.ArgumentNullException">positiveWeight is null (<c>bceWithLogits ()</c> is the unweighted loss).</exception>
    let bceWithLogitsWeighted (positiveWeight: float[]) : BinaryCrossEntropyWithLogits<float32> =
        // The C# constructor reads null as "no weights": from this function, whose point is the weights, it is a mistake.
        Arguments.given (nameof positiveWeight) positiveWeight
        Arguments.nonEmptyWeights (nameof positiveWeight) "column" "bceWithLogits () is the unweighted loss" positiveWeight
        BinaryCrossEntropyWithLogits<float32>(positiveWeight)

    /// <summary><c>bceWithLogits</c> with the given reduction (PyTorch's <c>reduction</c>) and optional per-column positive weights:
    /// <c>Reduction.Sum</c> for the sum over entries, <c>Reduction.None</c> for each entry's loss (<c>ForwardUnreduced</c>, then <c>Backward upstream</c>).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">reduction is not a member of Reduction.</exception>
    /// <exception cref="T:System.ArgumentException">The weights are empty or have a negative or non-finite entry.</exception>
    /// <exception cref="T:System.ArgumentNullException">positiveWeight is <c>Some null</c> (None means no weights).</exception>
    let bceWithLogitsReduced (reduction: Reduction) (positiveWeight: float[] option) : BinaryCrossEntropyWithLogits<float32> =
        positiveWeight |> Option.iter (Arguments.nonEmptyWeights (nameof positiveWeight) "column" "or None for no weights")
        BinaryCrossEntropyWithLogits<float32>(Arguments.someOrNull (nameof positiveWeight) positiveWeight, reduction)

    /// <summary>A float32 margin ranking loss mean max(0, margin − (pos − neg)) over pairs of scores (PyTorch's
    /// <c>MarginRankingLoss(margin)</c> with target 1; <c>Forward(first, second, target)</c> takes targets of ±1 as PyTorch's does). It takes
    /// two score matrices, so it is used by hand (<c>Forward(pos, neg)</c>, <c>Backward()</c> giving both gradients), not with <c>train</c>; score both with one network and its <c>shareWeights</c> twin.
    /// The hinges are summed in double; an empty batch gives NaN (as PyTorch); a negative margin is allowed.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The margin is ∞ or NaN.</exception>
    let marginRanking (margin: float32) : MarginRanking<float32> = MarginRanking<float32>(margin)

    /// <summary><c>marginRanking</c> with the given reduction (PyTorch's <c>MarginRankingLoss(margin, reduction=…)</c>):
    /// <c>Reduction.Sum</c> for the sum of the hinges (0 for an empty batch), <c>Reduction.None</c> for each pair's hinge
    /// (<c>ForwardUnreduced</c>, then <c>Backward upstream</c> with one upstream entry per pair).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The margin is ∞ or NaN, or reduction is not a member of Reduction.</exception>
    let marginRankingReduced (reduction: Reduction) (margin: float32) : MarginRanking<float32> = MarginRanking<float32>(margin, reduction)

/// <summary>The float twins of the float32 layer and loss constructors of <c>Neural</c>: open this module after <c>Neural</c>.</summary>
module Neural64 =

    /// <summary>A float fully connected layer inputs→outputs with bias, initialised as the C# <c>Dense</c> does by default.</summary>
    let dense (inputs: int) (outputs: int) : unit -> ILayer<float> = fun () -> Dense<float>(inputs, outputs)

    /// A float fully connected layer inputs→outputs with bias, weights drawn from the given seed.
    let denseSeeded (seed: int) (inputs: int) (outputs: int) : unit -> ILayer<float> = fun () -> Dense<float>(inputs, outputs, seed = seed)

    /// <summary>A float fully connected layer inputs→outputs with the given options: without a bias (y = xW, PyTorch's
    /// <c>bias=False</c>: <c>{ DenseOptions.Default with Bias = false }</c>), from a seed, under a name (the C# <c>Dense(inputs,
    /// outputs, bias, seed, name)</c>).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">inputs or outputs is negative.</exception>
    /// <exception cref="T:System.ArgumentException">options.Name is empty or white space (ParamName "options").</exception>
    /// <exception cref="T:System.ArgumentNullException">options is null, or options.Name is <c>Some null</c> (ParamName "options").</exception>
    let denseWith (options: DenseOptions) (inputs: int) (outputs: int) : unit -> ILayer<float> =
        fun () -> Dense<float>(inputs, outputs, bias = options.Bias, seed = Option.toNullable options.Seed, name = Neural.denseName options)

    /// A float ReLU.
    let relu () : ILayer<float> = Relu<float>()

    /// A float logistic sigmoid.
    let sigmoid () : ILayer<float> = Sigmoid<float>()

    /// A float tanh layer.
    let tanhLayer () : ILayer<float> = Tanh<float>()

    /// A float leaky ReLU with the given negative slope (finite: ∞ or NaN is refused, ArgumentOutOfRangeException, when the layer is built).
    let leakyRelu (slope: float) : unit -> ILayer<float> = fun () -> LeakyRelu<float>(slope)

    /// A float mean squared error loss.
    let mse () : MeanSquaredError<float> = MeanSquaredError<float>()

    /// <summary><c>mse</c> with the given reduction (PyTorch's <c>MSELoss(reduction=…)</c>): <c>Reduction.Sum</c> for the sum of
    /// squares, <c>Reduction.None</c> for the per-entry losses (<c>ForwardUnreduced</c>, then <c>Backward upstream</c>).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">reduction is not a member of Reduction.</exception>
    let mseReduced (reduction: Reduction) : MeanSquaredError<float> = MeanSquaredError<float>(reduction)

    /// <summary>A float dense layer whose connections are the 0/1 matrix <c>connections</c> (inputs×outputs): y = x(W ⊙ A) + b,
    /// initialised as <c>dense</c> is. Masked weights start and stay exactly 0 (optimizers never move them).</summary>
    /// <exception cref="T:System.ArgumentException">connections has an entry other than 0 and 1 (no rows or no columns is allowed, as for the C# MaskedDense and torch.nn.Linear(0, n)).</exception>
    let maskedDense (connections: Matrix<float>) : unit -> ILayer<float> = fun () -> MaskedDense<float>(connections)

    /// <summary><c>maskedDense</c> with its weights drawn from the given seed (with every connection present, the weights of <c>denseSeeded</c> with that seed).</summary>
    /// <exception cref="T:System.ArgumentException">connections has an entry other than 0 and 1 (no rows or no columns is allowed, as for the C# MaskedDense and torch.nn.Linear(0, n)).</exception>
    let maskedDenseSeeded (seed: int) (connections: Matrix<float>) : unit -> ILayer<float> = fun () -> MaskedDense<float>(connections, seed = seed)

    /// <summary>A float masked dense layer (as <c>maskedDense</c>) with the given options (no bias, a seed, a name) and an optional
    /// 0/1 bias mask (outputs entries, a row or a column): y = x(W ⊙ A) + b ⊙ m, masked bias entries starting and staying exactly 0
    /// (optimizers never move them). None: every bias entry is trainable. The C# <c>MaskedDense(connections, bias, biasMask, seed, name)</c>.</summary>
    /// <exception cref="T:System.ArgumentException">connections or biasMask has an entry other than 0 and 1, biasMask does not have
    /// one entry per output, or a bias mask is given with <c>Bias = false</c> (ParamName "connections" or "biasMask"); options.Name
    /// is empty or white space (ParamName "options").</exception>
    /// <exception cref="T:System.ArgumentNullException">connections or options is null, biasMask is <c>Some null</c>, or options.Name is <c>Some null</c>.</exception>
    let maskedDenseWith (options: DenseOptions) (biasMask: Matrix<float> option) (connections: Matrix<float>) : unit -> ILayer<float> =
        fun () ->
            let name = Neural.denseName options
            MaskedDense<float>(connections, bias = options.Bias, biasMask = Arguments.matrixOrNull (nameof biasMask) biasMask, seed = Option.toNullable options.Seed, name = name)

    /// <summary>A float fully connected layer starting from copies of <c>weight</c> (inputs×outputs) and, if given, <c>bias</c>
    /// (one entry per output, a row or a column): y = xW + b, or y = xW with <c>None</c> (PyTorch's <c>bias=False</c>). The C#
    /// <c>Dense(weight, bias)</c>; the copies are taken when the layer is built, so each build starts from the matrices' values
    /// at that time and training never writes into them. The name is automatic (dense, dense_1, …); for a chosen name put
    /// <c>Dense(weight, bias, name)</c> in the list with <c>layer</c>.</summary>
    /// <exception cref="T:System.ArgumentException">bias does not have one entry per output (weight's columns); ParamName "bias".</exception>
    /// <exception cref="T:System.ArgumentNullException">weight is null, or bias is <c>Some null</c>.</exception>
    let denseFrom (weight: Matrix<float>) (bias: Matrix<float> option) : unit -> ILayer<float> =
        fun () -> Dense<float>(weight, Arguments.matrixOrNull (nameof bias) bias)

    /// <summary>A float masked dense layer starting from copies of <c>weight</c> and, if given, <c>bias</c>, with the 0/1
    /// <c>connections</c> (inputs×outputs, weight's shape) and optional 0/1 <c>biasMask</c> (one entry per output): y = x(W ⊙ A) + b ⊙ m.
    /// Entries of the copies where a mask is 0 are set to 0 and stay exactly 0 (optimizers never move them). The C#
    /// <c>MaskedDense(weight, connections, bias, biasMask)</c>; copies are taken when the layer is built; the name is automatic
    /// (masked, masked_1, …).</summary>
    /// <exception cref="T:System.ArgumentException">connections is not weight's shape, bias or biasMask does not have one entry per
    /// output, a mask has an entry other than 0 and 1, or a bias mask is given without a bias (ParamName the argument at fault).</exception>
    /// <exception cref="T:System.ArgumentNullException">weight or connections is null, or bias or biasMask is <c>Some null</c>.</exception>
    let maskedDenseFrom (weight: Matrix<float>) (connections: Matrix<float>) (bias: Matrix<float> option) (biasMask: Matrix<float> option) : unit -> ILayer<float> =
        fun () -> MaskedDense<float>(weight, connections, Arguments.matrixOrNull (nameof bias) bias, Arguments.matrixOrNull (nameof biasMask) biasMask)

    /// <summary>A float exact GELU, x·Φ(x) (PyTorch's <c>gelu</c>).</summary>
    let gelu () : ILayer<float> = Gelu<float>()

    /// <summary>A float GELU in the tanh approximation, x/2·(1 + tanh(√(2/π)(x + 0.044715x³))) (PyTorch's <c>gelu(approximate="tanh")</c>).</summary>
    let geluTanh () : ILayer<float> = Gelu<float>(true)

    /// <summary>A float layer normalization over rows of <c>features</c> entries with ε = 1e-5 (PyTorch's <c>nn.LayerNorm(features)</c>):
    /// (x − μ)/√(σ² + ε) ⊙ γ + β, gain γ starting at 1 and bias β at 0.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">features is below 1.</exception>
    let layerNorm (features: int) : unit -> ILayer<float> = fun () -> LayerNorm<float>(features)

    /// <summary><c>layerNorm</c> with the given ε added to the variance. ε = 0 is allowed (as PyTorch's <c>eps=0</c>); a constant
    /// row then normalizes to 0 (output = the bias) and its input gradient is ±∞ or 0, the limit of every ε &gt; 0, where
    /// PyTorch gives NaN.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">features is below 1, or epsilon is negative or not finite.</exception>
    let layerNormWith (epsilon: float) (features: int) : unit -> ILayer<float> = fun () -> LayerNorm<float>(features, epsilon)

    /// <summary><c>layerNormWith epsilon features</c> under the given name: its parameters are <c>name.weight</c> (the gain) and
    /// <c>name.bias</c>, as in PyTorch's state dict (without a name: <c>layer_norm</c>, <c>layer_norm_1</c>, …).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">features is below 1, or epsilon is negative or not finite.</exception>
    /// <exception cref="T:System.ArgumentException">name is empty or white space.</exception>
    /// <exception cref="T:System.ArgumentNullException">name is null (<c>layerNormWith</c> names the layer itself).</exception>
    let layerNormNamed (name: string) (epsilon: float) (features: int) : unit -> ILayer<float> =
        fun () ->
            Arguments.given (nameof name) name
            LayerNorm<float>(features, epsilon, name)

    /// <summary>A float inverted dropout (PyTorch's <c>nn.Dropout(p)</c>): in training mode each entry is zeroed with probability p
    /// and the others scaled by 1/(1 − p); after <c>evalMode</c> the identity. Masks come from a fresh random seed.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">p is not in [0, 1].</exception>
    let dropout (p: float) : unit -> ILayer<float> = fun () -> Dropout<float>(p)

    /// <summary><c>dropout</c> whose masks come from the given seed (the same seed, the same sequence of masks).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">p is not in [0, 1].</exception>
    let dropoutSeeded (seed: int) (p: float) : unit -> ILayer<float> = fun () -> Dropout<float>(p, seed)

    /// <summary>A float softmax cross-entropy on logits against class indices (<c>int[]</c>, one per row), mean over the batch
    /// (PyTorch's <c>cross_entropy</c>); works with <c>train</c>. Forward throws ArgumentException when a label is outside [0, classes).</summary>
    let crossEntropy () : SoftmaxCrossEntropy<float> = SoftmaxCrossEntropy<float>()

    /// <summary><c>crossEntropy</c> with label smoothing ε in [0, 1] and optional per-class weights (PyTorch's <c>label_smoothing</c> and <c>weight</c>).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">labelSmoothing is outside [0, 1].</exception>
    /// <exception cref="T:System.ArgumentException">The class weights are empty, have a negative or non-finite entry, or are all 0 (every loss would be NaN).</exception>
    /// <exception cref="T:System.ArgumentNullException">classWeights is <c>Some null</c> (None means no weights).</exception>
    let crossEntropyWith (labelSmoothing: float) (classWeights: float[] option) : SoftmaxCrossEntropy<float> =
        classWeights |> Option.iter (Arguments.nonEmptyWeights (nameof classWeights) "class" "or None for no weights")
        SoftmaxCrossEntropy<float>(labelSmoothing, Arguments.someOrNull (nameof classWeights) classWeights)

    /// <summary><c>crossEntropyWith</c> with the given reduction (PyTorch's <c>reduction</c>): <c>Reduction.Sum</c> for the weighted
    /// sum over rows, <c>Reduction.None</c> for each row's loss (<c>ForwardUnreduced</c>, then <c>Backward upstream</c>).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">labelSmoothing is outside [0, 1], or reduction is not a member of Reduction.</exception>
    /// <exception cref="T:System.ArgumentException">The class weights are empty, have a negative or non-finite entry, or are all 0 (every loss would be NaN).</exception>
    /// <exception cref="T:System.ArgumentNullException">classWeights is <c>Some null</c> (None means no weights).</exception>
    let crossEntropyReduced (reduction: Reduction) (labelSmoothing: float) (classWeights: float[] option) : SoftmaxCrossEntropy<float> =
        classWeights |> Option.iter (Arguments.nonEmptyWeights (nameof classWeights) "class" "or None for no weights")
        SoftmaxCrossEntropy<float>(labelSmoothing, Arguments.someOrNull (nameof classWeights) classWeights, reduction)

    /// <summary>A float binary cross-entropy on logits against a target matrix of the same shape (entries in [0, 1]), mean over all
    /// entries (PyTorch's <c>binary_cross_entropy_with_logits</c>); works with <c>train</c>.</summary>
    let bceWithLogits () : BinaryCrossEntropyWithLogits<float> = BinaryCrossEntropyWithLogits<float>()

    /// <summary><c>bceWithLogits</c> with one weight per column on the positive term (PyTorch's <c>pos_weight</c>).</summary>
    /// <exception cref="T:System.ArgumentException">The weights are empty or have a negative or non-finite entry.</exception>
    /// <exception cref="T:System.ArgumentNullException">positiveWeight is null (<c>bceWithLogits ()</c> is the unweighted loss).</exception>
    let bceWithLogitsWeighted (positiveWeight: float[]) : BinaryCrossEntropyWithLogits<float> =
        // The C# constructor reads null as "no weights": from this function, whose point is the weights, it is a mistake.
        Arguments.given (nameof positiveWeight) positiveWeight
        Arguments.nonEmptyWeights (nameof positiveWeight) "column" "bceWithLogits () is the unweighted loss" positiveWeight
        BinaryCrossEntropyWithLogits<float>(positiveWeight)

    /// <summary><c>bceWithLogits</c> with the given reduction (PyTorch's <c>reduction</c>) and optional per-column positive weights:
    /// <c>Reduction.Sum</c> for the sum over entries, <c>Reduction.None</c> for each entry's loss (<c>ForwardUnreduced</c>, then <c>Backward upstream</c>).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">reduction is not a member of Reduction.</exception>
    /// <exception cref="T:System.ArgumentException">The weights are empty or have a negative or non-finite entry.</exception>
    /// <exception cref="T:System.ArgumentNullException">positiveWeight is <c>Some null</c> (None means no weights).</exception>
    let bceWithLogitsReduced (reduction: Reduction) (positiveWeight: float[] option) : BinaryCrossEntropyWithLogits<float> =
        positiveWeight |> Option.iter (Arguments.nonEmptyWeights (nameof positiveWeight) "column" "or None for no weights")
        BinaryCrossEntropyWithLogits<float>(Arguments.someOrNull (nameof positiveWeight) positiveWeight, reduction)

    /// <summary>A float margin ranking loss mean max(0, margin − (pos − neg)) over pairs of scores (PyTorch's
    /// <c>MarginRankingLoss(margin)</c> with target 1; <c>Forward(first, second, target)</c> takes targets of ±1 as PyTorch's does). It takes
    /// two score matrices, so it is used by hand (<c>Forward(pos, neg)</c>, <c>Backward()</c> giving both gradients), not with <c>train</c>; score both with one network and its <c>shareWeights</c> twin.
    /// The hinges are summed in double; an empty batch gives NaN (as PyTorch); a negative margin is allowed.</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The margin is ∞ or NaN.</exception>
    let marginRanking (margin: float) : MarginRanking<float> = MarginRanking<float>(margin)

    /// <summary><c>marginRanking</c> with the given reduction (PyTorch's <c>MarginRankingLoss(margin, reduction=…)</c>):
    /// <c>Reduction.Sum</c> for the sum of the hinges (0 for an empty batch), <c>Reduction.None</c> for each pair's hinge
    /// (<c>ForwardUnreduced</c>, then <c>Backward upstream</c> with one upstream entry per pair).</summary>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The margin is ∞ or NaN, or reduction is not a member of Reduction.</exception>
    let marginRankingReduced (reduction: Reduction) (margin: float) : MarginRanking<float> = MarginRanking<float>(margin, reduction)
