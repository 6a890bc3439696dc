using System.Globalization;
using System.Numerics;

namespace BlasNet.Neural;

/// <summary>
/// Shared optimizer mechanics: a parameter whose <see cref="Parameter{T}.Grad"/> is <c>null</c> is
/// skipped (never a crash) and named in the step's <see cref="StepReport"/>, as is one with no trainable
/// entry (<see cref="Parameter{T}.TrainableCount"/> 0: its gradient is zero by construction); entries outside a
/// parameter's trainable mask keep their value exactly (whatever it is, even one written by hand). The report object is reused while the set of
/// skipped parameters stays the same, so steady-state steps allocate nothing. A step never writes ∞ or
/// NaN into a weight silently: a non-finite gradient is refused before anything is updated (so is a finite one that a
/// clip over a set holding ∞/NaN left unclipped, <see cref="Parameter{T}.GradClipFailed"/>), so is a step on a weight that
/// already holds ∞ or NaN in a trainable entry (written by hand, loaded, or left by an earlier step that was not checked), and an
/// update that overflows is reported by an exception naming the parameter.
/// <para>
/// To write your own optimizer, derive from this class, pass the parameters to the base constructor and
/// override <see cref="Update"/> with the rule for one parameter; keep any per-parameter state in arrays
/// indexed by its <c>index</c> (positions in <see cref="Parameters"/>). The base class does the rest:
/// skipping parameters without a gradient, refusing non-finite gradients, holding masked entries, the
/// overflow check and the <see cref="StepReport"/>; <see cref="GradScaler"/> and <see cref="Trainer{TTarget}"/>
/// drive it like the built-in ones.
/// </para>
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Parameter<T>[] parameters;
    private readonly bool[] hadGradient;
    // The values of a masked parameter before its update, to put the masked entries back (allocated on its first step).
    private readonly T[]?[] heldValues;
    private StepReport? report;
    private bool reportStale;

    /// <summary>An optimizer over <paramref name="parameters"/> (a parameter listed twice is updated once).</summary>
    /// <exception cref="ArgumentNullException">parameters is null.</exception>
    /// <exception cref="ArgumentException">parameters is empty (as PyTorch's "optimizer got an empty parameter list"), none of its parameters has a trainable entry (all masked, or no entries: empty in effect).</exception>
    /// <exception cref="ArgumentNullException">parameters is null, or an entry of it is (the message gives its position, <c>parameters[i]</c>).</exception>
    protected Optimizer(IEnumerable<Parameter<T>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var given = parameters.ToArray();
        // An optimizer over nothing steps nothing, every step, without a word: typically the list of a model
        // made of activations only, or a filter that let no parameter through. PyTorch refuses it too.
        if (given.Length == 0)
            throw new ArgumentException(
                "parameters is empty: an optimizer over no parameters could never change anything (PyTorch: \"optimizer got an empty parameter list\"). Pass the Parameters of a model that has layers with weights.",
                nameof(parameters));
        // Refused here, where the list is known: a null kept until Step would be a NullReferenceException
        // there, far from the layer (typically a user layer listing an absent bias) that put it in.
        ParameterLists.RefuseNull(given, nameof(parameters));
        this.parameters = given.Distinct(ReferenceEqualityComparer.Instance).Cast<Parameter<T>>().ToArray();
        // Masks are fixed when a parameter is made, so a list whose every entry is masked (a MaskedDense with no
        // connection and no bias, a layer with no outputs) is as empty in effect: each step would report its
        // parameters updated while holding every value. Trainer refuses such a model for the same reason.
        if (this.parameters.All(p => p.TrainableCount == 0))
            throw new ArgumentException(
                "parameters has no entry an optimizer may change (" + string.Join(", ", this.parameters.Select(p => p.ToString())) +
                "): every entry is masked or there are none, so no step could change anything. Pass parameters with trainable entries.",
                nameof(parameters));
        hadGradient = new bool[this.parameters.Length];
        heldValues = new T[]?[this.parameters.Length];
    }

    /// <summary>The parameters this optimizer updates.</summary>
    public IReadOnlyList<Parameter<T>> Parameters => parameters;

    /// <summary>
    /// Steps taken so far: calls of <see cref="Step"/> that updated at least one parameter. A step that updated none (no parameter
    /// had a gradient, or only fully masked ones had) changes no weight and no optimizer state and is not counted, as
    /// <see cref="GradScaler.Step"/> and <see cref="Trainer{TTarget}.Step"/> report it as not taken; nor is a step that threw.
    /// Update rules that count steps do so per parameter (Adam's bias correction uses the number of steps in which that
    /// parameter had a gradient, PyTorch's <c>state["step"]</c>), not this total.
    /// </summary>
    public int Steps { get; private set; }

    /// <summary>The report of the last step that returned, or <c>null</c> before the first (a step that threw leaves the previous report here).</summary>
    public StepReport? LastReport => report;

    /// <summary>
    /// Updates every parameter that has a gradient and a trainable entry; returns which were updated and which skipped
    /// (no gradient, or every entry masked).
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// A gradient holds ∞ or NaN, or was left unclipped by a <see cref="Gradients.ClipGradNorm{T}(IReadOnlyList{Parameter{T}}, double)"/>
    /// whose total norm was ∞ or NaN (<see cref="Parameter{T}.GradClipFailed"/>: the ∞/NaN was in another gradient of the
    /// set clipped together, typically another optimizer's); either way nothing is updated and the optimizer state is
    /// untouched: skip the step, as <see cref="GradScaler"/> and <see cref="Trainer"/> do. Or a parameter about to be updated
    /// (one with a gradient) already holds ∞ or NaN in a trainable entry (written by hand, loaded, or left by an earlier
    /// failure): the message names it and its first such entry, and again nothing is updated, in no parameter of this
    /// optimizer (PyTorch 1.13 steps such a weight silently, and SGD's momentum, RMSprop's average or a weight decay carry the
    /// NaN on; an ∞ weight becomes NaN under decay). Entries outside a parameter's trainable mask are held as they are and
    /// not checked, and a parameter without a gradient is not stepped and not checked. Or a weight is ∞/NaN after the update
    /// from finite gradients and finite weights: a learning rate or weight decay too large for the element type; parameters
    /// before it in <see cref="Parameters"/> were already updated.
    /// </exception>
    public StepReport Step()
    {
        // Checked before anything moves, so a refused step leaves weights and moments bit-identical: every gradient, and the
        // weights to be stepped (after the update an ∞/NaN weight could not be told from an overflow, and the parameters before
        // it would already have moved). A weight is scanned with its gradient in one pass; a masked one's values are also
        // copied to its held array in that pass (the update puts its masked entries back from there).
        bool inputsFinite = true;
        for (int i = 0; i < parameters.Length && inputsFinite; i++)
        {
            var p = parameters[i];
            if (p.Grad is not { } g) continue;
            if (p.TrainableCount == 0) inputsFinite = Kernels.AllFinite<T>(g.AsSpan());
            else if (p.Mask is { } m)
                inputsFinite = MaskSelect.HoldAndCheck<T>(p.Value.AsSpan(), g.AsSpan(), m.AsSpan(), heldValues[i] ??= new T[p.Count]);
            else inputsFinite = FinitePair.AllFinite<T>(p.Value.AsSpan(), g.AsSpan());
        }
        if (!inputsFinite) ThrowNonFinite();
        // Finite, but a clip over it failed on ∞/NaN elsewhere in its set (another optimizer's gradients): stepping would
        // ignore the clip the caller asked for, where PyTorch would step on gradients multiplied by NaN or 0.
        if (FirstLeftUnclipped() is { } unclipped)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The gradient of '{unclipped.Name}' was left unclipped by Gradients.ClipGradNorm: the total norm of the gradients clipped with it was {unclipped.FailedClipNorm} (a gradient of that set holds ∞ or NaN), so the clip asked for could not be done; no parameter was updated. Skip this step (GradScaler.Step does), or clip again over gradients that are all finite."));
        // After a step that threw, hadGradient holds that step's pattern while report holds the one before: rebuild.
        bool sameAsLast = report is not null && !reportStale;
        reportStale = true;
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var grad = p.Grad;
            // A parameter with no trainable entry (every entry masked: a MaskedDense with no connection) gets a gradient
            // of zeros from backward, but no step can change it: it is skipped and reported so, not as updated.
            bool has = grad is not null && p.TrainableCount > 0;
            if (has != hadGradient[i]) sameAsLast = false;
            hadGradient[i] = has;
            if (!has) continue;
            var mask = p.Mask;
            // Masked entries have zero gradient, but an update rule with decay or momentum (or a user's
            // rule) still moves them; they are put back from a copy, not multiplied by the mask, which
            // would zero them instead of holding them (the copy was made by the weight check above).
            bool finite;
            if (mask is null) finite = UpdateChecked(i, p.Value.AsSpan(), grad!.AsSpan());
            else
            {
                Update(i, p.Value.AsSpan(), grad!.AsSpan());
                finite = MaskSelect.Restore<T>(p.Value.AsSpan(), mask.AsSpan(), heldValues[i]!);
            }
            if (!finite)
                throw new InvalidOperationException(
                    $"The update of '{p.Name}' from a finite gradient and finite weights made its value {FirstNonFinite(p.Value, mask)}: the learning rate or weight decay is too large for {typeof(T).Name}. The weights are no longer usable.");
        }
        if (Array.IndexOf(hadGradient, true) >= 0) Steps++;
        reportStale = false;
        if (!sameAsLast)
        {
            var updated = new List<string>();
            var skipped = new List<string>();
            for (int i = 0; i < parameters.Length; i++) (hadGradient[i] ? updated : skipped).Add(parameters[i].Name);
            report = new StepReport(updated, skipped);
        }
        return report!;
    }

    /// <summary>
    /// Sets every parameter's gradient back to <c>null</c> (call before the next backward pass): PyTorch's
    /// <c>zero_grad(set_to_none=True)</c>, its default since 2.0. A parameter the next backward pass does not reach (a head not
    /// used for this batch) then has no gradient and the step skips it, its momentum, moments and weight decay untouched.
    /// PyTorch 1.13's default <c>zero_grad()</c> (set_to_none=False) zeroes an existing gradient instead, so its step moves
    /// such a parameter with a zero gradient (decay and momentum still act); to train as that does, call
    /// <see cref="Parameter{T}.AccumulateGrad"/> after this on the parameters that already had a gradient.
    /// </summary>
    public void ZeroGrad()
    {
        foreach (var p in parameters) p.ZeroGrad();
    }

    /// <summary>
    /// The first parameter with a gradient that a clip left unclipped because the total norm of its set was ∞ or NaN
    /// (<see cref="Parameter{T}.GradClipFailed"/>), or null: such a step is refused, by <see cref="Step"/> and by <see cref="GradScaler.Step"/>.
    /// </summary>
    internal Parameter<T>? FirstLeftUnclipped()
    {
        foreach (var p in parameters)
            if (p.GradClipFailed) return p;
        return null;
    }

    /// <summary>
    /// Throws for the check at the start of <see cref="Step"/>, which found ∞ or NaN: a gradient's, in any parameter, before a
    /// weight's (the gradient is what the caller's loop must skip), and the first parameter of each kind in <see cref="Parameters"/>.
    /// </summary>
    private void ThrowNonFinite()
    {
        foreach (var p in parameters)
            if (p.Grad is { } g && !Kernels.AllFinite<T>(g.AsSpan()))
                throw new InvalidOperationException(
                    $"The gradient of '{p.Name}' holds {FirstNonFinite(g, null)}; no parameter was updated. Skip this step (GradScaler.Step and Trainer.Step do) or find where the value comes from.");
        foreach (var p in parameters)
            if (p.Grad is not null && p.TrainableCount > 0 && NonFiniteEntry.Describe(p.Value, p.Mask) is { } at)
                throw new InvalidOperationException(
                    $"The value of '{p.Name}' holds {at} before this step (written or loaded into it, or left by an earlier failure); no parameter was updated. Reinitialise or reload the weights: a step would carry the value on (into momentum and averages) rather than repair it.");
        throw new InvalidOperationException("A gradient or weight holds ∞ or NaN; no parameter was updated.");
    }

    /// <summary>The first ∞ or NaN entry of <paramref name="m"/> outside <paramref name="mask"/>'s zeros and where it is, for an error message.</summary>
    private static string FirstNonFinite(Matrix<T> m, Matrix<T>? mask) => NonFiniteEntry.Describe(m, mask) ?? "a non-finite entry";

    /// <summary>
    /// <see cref="Update"/> on an unmasked parameter, then whether every updated value is finite (the overflow check after
    /// the step). The built-in rules override it to test the values they store in the same pass (session 49, nn52: the separate
    /// read of the weights after the update is gone for them); a user's rule keeps the separate pass.
    /// </summary>
    internal virtual bool UpdateChecked(int index, Span<T> value, ReadOnlySpan<T> grad)
    {
        Update(index, value, grad);
        return Kernels.AllFinite<T>(value);
    }

    /// <summary>
    /// Applies the update rule to parameter <paramref name="index"/> (its position in <see cref="Parameters"/>):
    /// change <paramref name="value"/> in place from <paramref name="grad"/>. Called only for parameters
    /// that have a gradient and at least one trainable entry, and only when every gradient is finite; entries outside the parameter's
    /// trainable mask are put back to their values afterwards, so the rule need not know about masks.
    /// </summary>
    protected abstract void Update(int index, Span<T> value, ReadOnlySpan<T> grad);
}
