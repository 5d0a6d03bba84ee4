"""Hybrid logical clock: monotonic whatever the wall clock does; strings sort like clocks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.db.hlc import (
    MAX_COUNTER,
    MAX_WALL_MS,
    HybridLogicalClock,
    Timestamp,
    receive,
    tick,
)

nodes = st.text(alphabet="abcdef0123456789-_.:", min_size=1, max_size=12)
walls = st.integers(min_value=0, max_value=MAX_WALL_MS - 1)
counters = st.integers(min_value=0, max_value=MAX_COUNTER)
timestamps = st.builds(Timestamp, walls, counters, nodes)
# physical readings near each other, so equal and backwards wall times are common
physical = st.integers(min_value=1_767_000_000_000, max_value=1_767_000_000_020)
near_timestamps = st.builds(Timestamp, physical, st.integers(0, 5), nodes)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("now"), physical, st.none()),
        st.tuples(st.just("update"), physical, near_timestamps),
    ),
    min_size=1,
    max_size=60,
)


@given(timestamps, timestamps)
def test_encoded_strings_sort_in_clock_order(a: Timestamp, b: Timestamp) -> None:
    assert (a < b) == (a.encode() < b.encode())
    assert (a == b) == (a.encode() == b.encode())


@given(timestamps)
def test_encoding_round_trips(a: Timestamp) -> None:
    assert Timestamp.decode(a.encode()) == a
    assert Timestamp.decode(str(a)) == a


@given(operations, nodes)
def test_clock_is_monotonic_and_merge_exceeds_both(
    ops: list[tuple[str, int, Timestamp | None]], node: str
) -> None:
    readings = iter([p for _, p, _ in ops])
    clock = HybridLogicalClock(node, physical=lambda: next(readings))
    previous: Timestamp | None = None
    for kind, wall, remote in ops:
        if kind == "now":
            current = clock.now()
        else:
            assert remote is not None
            current = clock.update(remote)
            assert current > remote
        if previous is not None:
            assert current > previous
            assert current.encode() > previous.encode()
        assert current.wall_ms >= wall  # never behind the physical clock
        assert current.node == node
        previous = current


@given(st.one_of(st.none(), timestamps), timestamps, walls, nodes)
def test_receive_is_greater_than_both_inputs(
    last: Timestamp | None, remote: Timestamp, now: int, node: str
) -> None:
    merged = receive(last, remote, now, node)
    assert merged > remote
    if last is not None:
        assert merged > last


def test_wall_clock_going_backwards_keeps_counting() -> None:
    readings = iter([5_000, 4_000, 4_000, 6_000])
    clock = HybridLogicalClock("dev-a", physical=lambda: next(readings))
    stamps = [clock.now() for _ in range(4)]
    assert [(s.wall_ms, s.counter) for s in stamps] == [
        (5_000, 0),
        (5_000, 1),
        (5_000, 2),
        (6_000, 0),
    ]


def test_counter_overflow_carries_into_the_wall_time() -> None:
    assert tick(Timestamp(10, MAX_COUNTER, "a"), 3, "a") == Timestamp(11, 0, "a")


def test_seeded_clock_stays_ahead_of_what_was_stored() -> None:
    stored = Timestamp(9_000_000, 7, "dev-a")
    clock = HybridLogicalClock("dev-a", last=stored, physical=lambda: 1_000)
    assert clock.now() > stored
    assert clock.update(stored.encode()) > stored


@pytest.mark.parametrize(
    "text", ["", "abc", "0019ba7224680-0000000-dev", "0019BA7224680-00000000-dev", "x-y-z"]
)
def test_decode_rejects_malformed_text(text: str) -> None:
    with pytest.raises(ValueError, match="HLC"):
        Timestamp.decode(text)


def test_node_ids_are_validated() -> None:
    with pytest.raises(ValueError, match="node"):
        HybridLogicalClock("has space")
    with pytest.raises(ValueError, match="node"):
        Timestamp(0, 0, "")
