"""examples/tutorial.ipynb executes from top to bottom (Debian's python3-nbclient and
python3-ipykernel), and its figures are images."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import linepack
from conftest import EXAMPLES

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")


def test_tutorial_notebook_runs(tmp_path, monkeypatch):
    nb = nbformat.read(EXAMPLES / "tutorial.ipynb", as_version=4)
    # The kernel is this interpreter (ipykernel's native "python3") in this environment; it runs
    # in tmp_path, so the folder of the linepack under test goes on PYTHONPATH as an absolute path.
    package_parent = str(Path(linepack.__file__).resolve().parents[1])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [package_parent, *filter(None, [os.environ.get("PYTHONPATH")])]))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3  # map, profile, time series
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "converged after" in text and "KeyError: \"no node 'F' in the network\"" in text
    assert "completed - line pack" in text
