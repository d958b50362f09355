"""Keep Python's cycle collector off the objects of the open project and of the validation results.

A full collection walks every tracked object; at 50,000 cues the project is ~500,000 of them, and a
validation makes ~200,000 more (its findings): 70–180 ms with the GIL held, to find nothing (all of
it is alive). Whatever thread allocates sets one off — the validation worker after each edit did —
and the window stalls for as long. So:

- ``settle``, once a project is open: collect what the last one left (a closed project sits in
  reference cycles, e.g. its document's listeners), then freeze what is alive (``gc.freeze``): later
  collections walk only what was made since;
- ``paused`` around a validation: no collection while it builds its findings, and what survives it
  frozen too. Objects frozen are still freed when their last reference goes (the previous findings
  are); only cyclic garbage made meanwhile waits for the next ``settle``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def settle() -> None:
    gc.unfreeze()
    gc.collect()
    gc.freeze()


@contextmanager
def paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
