"""The benchmark harness: PyTorch, TensorFlow and JAX on identical workloads, one fresh process per run."""
