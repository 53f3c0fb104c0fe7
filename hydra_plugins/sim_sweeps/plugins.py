"""The ``chunked`` launcher and the ``cached`` sweeper, registered with Hydra (``hydra/launcher=chunked``,
``hydra/sweeper=cached``). Thin: the work is in ``sim.launcher``, imported when a sweep starts, so that Hydra's
scan of its plugins stays quick. (No ``from __future__ import annotations``: Hydra's scan runs this module
before it is in ``sys.modules``, where the dataclasses would look their annotations up.)"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Optional

from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra.core.config_store import ConfigStore
from hydra.core.utils import JobReturn
from hydra.plugins.launcher import Launcher
from hydra.types import HydraContext, TaskFunction
from omegaconf import DictConfig


@dataclass
class ChunkedLauncherConf:
    _target_: str = "hydra_plugins.sim_sweeps.plugins.ChunkedLauncher"
    # worker processes; -1: one per core (as joblib counts: -2 all but one, ...)
    n_jobs: int = -1
    # jobs a worker takes at a time; null: about an eighth of each worker's share, at most 20, fewer towards the end
    chunk_size: Optional[int] = None  # noqa: UP045 - OmegaConf reads Optional


@dataclass
class CachedSweeperConf:
    _target_: str = "hydra_plugins.sim_sweeps.plugins.CachedSweeper"
    max_batch_size: Optional[int] = None  # noqa: UP045
    params: Optional[dict[str, str]] = None  # noqa: UP045


class ChunkedLauncher(Launcher):
    """Runs a sweep's jobs in chunks on a pool of worker processes; each worker composes each set of
    config-group choices once and sets each job's values on it for the time of the job (``sim.launcher``)."""

    def __init__(self, n_jobs: int = -1, chunk_size: int | None = None) -> None:
        self.n_jobs = n_jobs
        self.chunk_size = chunk_size
        self.config: DictConfig | None = None
        self.task_function: TaskFunction | None = None
        self.hydra_context: HydraContext | None = None

    def setup(self, *, hydra_context: HydraContext, task_function: TaskFunction, config: DictConfig) -> None:
        self.config = config
        self.task_function = task_function
        self.hydra_context = hydra_context

    def launch(self, job_overrides: Sequence[Sequence[str]], initial_job_idx: int) -> Sequence[JobReturn]:
        from sim.launcher import launch

        return launch(self, job_overrides, initial_job_idx)


class CachedSweeper(BasicSweeper):
    """Hydra's basic sweeper, whose check of a batch composes each set of config-group choices once and trusts
    the full check ``python -m sim`` made of every job before starting (``sim.launcher.check_batch``)."""

    def sweep(self, arguments: list[str]) -> Any:
        """Hydra's sweep; a job that stopped itself (it has said why, and the batch's other jobs ran on) ends the
        command with one paragraph and exit status 1 instead of a traceback."""
        import sys

        from sim.launcher import JobStopped

        try:
            return super().sweep(arguments)
        except JobStopped as exc:
            print(f"error: {exc}. Run the same command again to finish the sweep: jobs that finished are skipped.",
                  file=sys.stderr)  # fmt: skip
            sys.exit(1)

    def validate_batch_is_legal(self, batch: Sequence[Sequence[str]]) -> None:
        from sim.launcher import check_batch

        assert self.hydra_context is not None and self.config is not None
        check_batch(self.hydra_context.config_loader, self.config, batch)


store = ConfigStore.instance()
store.store(group="hydra/launcher", name="chunked", node=ChunkedLauncherConf, provider="sim_sweeps")
store.store(group="hydra/sweeper", name="cached", node=CachedSweeperConf, provider="sim_sweeps")
