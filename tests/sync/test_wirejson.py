"""`sync.wirejson`: orjson where it can, the standard library where orjson refuses, and no
silent conversion of non-JSON values."""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import UTC, datetime

import pytest

from sync import wirejson


def test_documents_round_trip_as_the_standard_library_reads_them() -> None:
    doc = {"a": [1, 2.5, None, True], "中文": "🎓 \"q\" \\", "n": {"deep": {}}}
    assert json.loads(wirejson.dumps(doc)) == doc
    assert wirejson.loads(wirejson.dumps_text(doc)) == doc


def test_what_orjson_refuses_falls_back_to_the_standard_library() -> None:
    huge = {"big": 2**70, 3: "int key"}
    assert json.loads(wirejson.dumps(huge)) == {"big": 2**70, "3": "int key"}
    assert wirejson.dumps_text({"x": 1}) == '{"x":1}'
    assert math.isnan(wirejson.loads('{"score": NaN}')["score"])  # an older version wrote it


@pytest.mark.parametrize("value", [datetime(2026, 1, 1, tzinfo=UTC), {1, 2}])
def test_non_json_values_are_refused_not_converted(value: object) -> None:
    with pytest.raises(TypeError):
        wirejson.dumps({"v": value})


def test_dataclasses_are_refused_too() -> None:
    @dataclasses.dataclass
    class Point:
        x: int

    with pytest.raises(TypeError):
        wirejson.dumps([Point(1)])
