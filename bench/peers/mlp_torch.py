"""PyTorch peer of MlpTrainingBenchmarks: one training step of an MLP 784-256-256-10 (ReLU), batch 128,
float32, MSE loss, Adam (lr 1e-3), on the CPU. Usage: python3 mlp_torch.py [threads ...]
Prints steps per second and the median step time per thread count."""
import statistics
import sys
import time

import torch


def run(threads: int, warmup: int = 50, repeats: int = 7, steps: int = 200) -> None:
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.MSELoss()
    x = torch.rand(128, 784) * 2 - 1
    y = torch.rand(128, 10) * 2 - 1

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    for _ in range(warmup):
        step()
    per_step = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps):
            step()
        per_step.append((time.perf_counter() - start) / steps)
    median = statistics.median(per_step)
    print(f"torch {torch.__version__} threads={threads}: {median * 1e6:.1f} us/step, {1 / median:.0f} steps/s "
          f"(min {min(per_step) * 1e6:.1f} us)")


if __name__ == "__main__":
    for t in (sys.argv[1:] or ["1", "2"]):
        run(int(t))
