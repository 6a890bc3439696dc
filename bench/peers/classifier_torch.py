"""PyTorch peer of ClassifierQuick (bench/BlasNet.Benchmarks/ClassifierQuick.cs): one training step of a
784-256-256-10 ReLU classifier, float32, F.cross_entropy on class labels (mean), Adam (lr 1e-3), on the CPU:
zero_grad, forward, loss, backward, step. No gradient is asked for the input, as in BlasNet's
BackwardParameters. Usage: /usr/bin/python3 classifier_torch.py [--batch 128] [--clock cpu|wall] [threads ...]
Prints the median step time over 7 repeats of ~0.2 s per thread count; the cpu clock (process CPU time,
time.process_time) is the steady one on a shared machine, and is meaningful for one thread."""
import argparse
import statistics
import time

import torch


def run(threads: int, batch: int, clock, warmup: int = 30, repeats: int = 7) -> None:
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(batch, 784) * 2 - 1
    labels = torch.arange(batch) % 10

    def step():
        opt.zero_grad(set_to_none=True)
        loss = torch.nn.functional.cross_entropy(model(x), labels)
        loss.backward()
        opt.step()

    for _ in range(warmup):
        step()
    t0 = clock()
    step()
    steps = max(2, int(0.2 / max(clock() - t0, 1e-6)))
    per_step = []
    for _ in range(repeats):
        start = clock()
        for _ in range(steps):
            step()
        per_step.append((clock() - start) / steps)
    median = statistics.median(per_step)
    print(f"torch {torch.__version__} threads={threads} batch={batch}: {median * 1e3:.3f} ms/step median "
          f"(min {min(per_step) * 1e3:.3f} ms)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--clock", choices=["cpu", "wall"], default="cpu")
    parser.add_argument("threads", nargs="*", type=int, default=[1])
    args = parser.parse_args()
    for t in args.threads:
        run(t, args.batch, time.process_time if args.clock == "cpu" else time.perf_counter)
