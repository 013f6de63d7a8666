"""The README's test command is enough on a fresh machine: ``make test`` installs the browser the browser
tests need when it is missing, and CI runs exactly that command."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_make_test_installs_chromium_when_it_is_missing(tmp_path: Path) -> None:
    missing = tmp_path / "no-chromium-here"
    plan = subprocess.run(
        ["make", "-n", "test", f"CHROMIUM={missing}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "apt-get install -y -qq chromium" in plan
    assert plan.index("apt-get install") < plan.index("-m pytest -n 2")


def test_ci_runs_the_readme_test_command_and_fails_with_it() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    assert "set -euo pipefail" in script
    assert script.rstrip().splitlines()[-1] == "make test"
    assert "make test" in (ROOT / "README.md").read_text()
