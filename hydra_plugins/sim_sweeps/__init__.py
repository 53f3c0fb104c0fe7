"""Hydra plugins of the project's sweeps: the ``chunked`` launcher and the ``cached`` sweeper (``sim.launcher``)."""
