"""The page's Block Kit renderer (standins/static/blockkit.js), unit-tested with node."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

JS_TESTS = Path(__file__).parent / "js"


def test_blockkit_renderer_node_tests() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the JS renderer tests need it")
    result = subprocess.run(
        [node, "--test", str(JS_TESTS / "blockkit.test.js")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout
