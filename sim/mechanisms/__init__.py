"""The weekly mechanisms, one module each, in the order of the week (DESIGN.md §2).

Each module has one function ``step(s, m)`` that reads and changes the state arrays ``s`` of the
model ``m`` in bulk; its docstring says what it reads, what it changes and which random stream it
draws from. Streams draw a fixed number of numbers every week, whatever the levers, so that
paired runs stay on common random numbers.
"""

from sim.mechanisms import (
    abandonment,
    attitude,
    environment,
    exploration,
    leadership,
    spread,
    training,
    use,
)

__all__ = ["abandonment", "attitude", "environment", "exploration", "leadership", "spread", "training", "use"]
