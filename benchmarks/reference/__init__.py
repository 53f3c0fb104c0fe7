"""A plain-Mesa reference implementation of the adoption model, for an honest speed comparison.

The same weekly mechanisms as :class:`sim.model.AdoptionModel`, written the way Mesa models are
usually written (one agent per person, one method per mechanism, scalar draws), in three parts:

* :mod:`benchmarks.reference.model`: the reference model and its agents;
* :mod:`benchmarks.reference.equivalence`: do both give statistically the same curves
  (:func:`~benchmarks.reference.equivalence.compare_curves`, a TOST per output and month);
* :mod:`benchmarks.reference.timing`: build and stepping times of both
  (:func:`~benchmarks.reference.timing.time_reference`).

The command line is ``benchmarks/mesa_reference.py``.
"""
