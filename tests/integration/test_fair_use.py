"""Fair use: one user's slow questions cannot starve everyone else. A third concurrent graph
question of one user is refused with a plain message while another user's search runs."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from graph import explore, guarded
from graph.db import Graph
from graph.scope import Scope

SLOW = "UNWIND range(1, $n) AS x RETURN count(x) AS n"  # a few seconds of server work


@pytest.fixture
def limited(session_graph: Graph, case_graph: Callable[[Graph], Graph]) -> Iterator[Graph]:
    case_graph(session_graph)
    guarded.configure(per_user=2, wait_seconds=0.5)
    yield session_graph
    guarded.configure(per_user=2)


def test_a_third_concurrent_question_is_refused_and_others_go_on(limited: Graph) -> None:
    ana, bob = Scope.cleared("ana", ["A"]), Scope.cleared("bob", ["A", "C"])
    started = time.monotonic()
    slow = [
        threading.Thread(target=guarded.read, args=(limited, ana, SLOW, {"n": 120_000_000}))
        for _ in range(2)
    ]
    for t in slow:
        t.start()
    time.sleep(0.3)  # both of ana's slots are taken now
    with pytest.raises(guarded.Busy, match="You already have 2"):
        explore.search(limited, "Alan", ana)
    t0 = time.monotonic()
    found = explore.search(limited, "Alan", bob)  # another user is not held up
    bob_took = time.monotonic() - t0
    for t in slow:
        t.join(120)
    assert [e.uid for e, _ in found][:1] and bob_took < 2.0, bob_took
    assert time.monotonic() - started > bob_took  # (ana's queries really were running)
    # and ana's slots come back once her questions finish
    assert explore.search(limited, "Alan", ana)
    # the install's own jobs (operator scope) are not limited
    ops = Scope.operator("ops", ["A"], "a test")
    with guarded.slot(ana), guarded.slot(ana), guarded.slot(ops):
        pass
