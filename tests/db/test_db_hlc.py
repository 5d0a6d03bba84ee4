"""Hybrid logical clock: monotonic whatever the wall clock does; strings sort like clocks and
are exactly the sync protocol's stamps."""

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
from sync.protocol import FieldValue, format_hlc, parse_hlc

nodes = st.text(alphabet="abcdefXYZ0123456789-_.", min_size=1, max_size=12)
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


@given(timestamps)
def test_the_database_text_is_the_wire_text(a: Timestamp) -> None:
    text = a.encode()
    assert text == format_hlc(a.wall_ms, a.counter, a.node)
    assert parse_hlc(text) == (a.wall_ms, a.counter, a.node)
    assert FieldValue(value=None, hlc=text).hlc == text  # the store accepts it unchanged


def test_encoding_is_zero_padded_decimal() -> None:
    assert Timestamp(1_767_000_000_000, 42, "dev-a").encode() == "1767000000000-000042-dev-a"
    assert Timestamp(5, 0, "n").encode() == "0000000000005-000000-n"


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
    "text",
    [
        "",
        "abc",
        "x-y-z",
        "0019ba7224680-00000000-dev",  # Satchel 0.1's hex spelling (migrated by 0002)
        "1767000000000-0003-dev",  # an unpadded counter
        "1767000000000-000003-",
        "1767000000000-000003-dev:a",
        "1767000000000-000003-dev\n",
        "17670000000000-000003-dev",
    ],
)
def test_decode_rejects_malformed_text(text: str) -> None:
    with pytest.raises(ValueError, match="HLC"):
        Timestamp.decode(text)


@pytest.mark.parametrize("node", ["has space", "", "dev:a", "é", "x" * 65, "a/b"])
def test_node_ids_are_validated_with_a_clear_message(node: str) -> None:
    with pytest.raises(ValueError, match=r"node id .* letters, digits, '_', '\.' or '-'"):
        HybridLogicalClock(node)
    with pytest.raises(ValueError, match="node id"):
        Timestamp(0, 0, node)
    with pytest.raises(ValueError, match="node id"):
        format_hlc(0, 0, node)


def test_a_device_id_is_a_valid_node() -> None:
    assert HybridLogicalClock("9f8e7d6c5b4a39281706f5e4d3c2b1a0").now().node.startswith("9f8e")
