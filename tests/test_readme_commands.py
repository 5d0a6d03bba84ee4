"""The README starts with exactly two set-up commands, and `.ci/run` runs the second one."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _shell_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", text, flags=re.S)]


def test_readme_has_two_setup_commands_first() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_section = text.split("\n## ", 1)[0]
    blocks = _shell_blocks(first_section)
    assert len(blocks) == 2, blocks
    run_cmd, test_cmd = blocks
    assert "\n" not in run_cmd and "\n" not in test_cmd, "each command is one line"
    assert run_cmd.endswith(".venv/bin/satchel")
    assert "pip install -e '.[test]'" in test_cmd and "pytest" in test_cmd
    assert "QT_QPA_PLATFORM=offscreen" in test_cmd


def test_ci_runs_the_readme_test_command_verbatim(tmp_path: Path) -> None:
    """`.ci/run` extracts the command; check the extraction against the README itself."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    awk_prog = re.search(r"awk '([^']+)' README.md", script)
    assert awk_prog is not None
    out = subprocess.run(
        ["awk", awk_prog.group(1), str(ROOT / "README.md")],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    test_cmd = _shell_blocks((ROOT / "README.md").read_text(encoding="utf-8"))[1]
    assert out == test_cmd
    assert '"$rc" = 5' in script  # exit 5 (no tests) is reported, never swallowed
    assert "|| true" not in script.split("bash -c")[1]
