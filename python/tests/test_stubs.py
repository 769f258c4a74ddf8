"""The type stubs (linepack/_core.pyi) name what the compiled module has, and the package is
marked as typed."""
from __future__ import annotations

import ast
from pathlib import Path

import linepack
from linepack import _core

PACKAGE = Path(linepack.__file__).parent


def stub_names(tree: ast.Module) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            members = set()
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    members.add(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    members.add(item.target.id)
            out[node.name] = members
        elif isinstance(node, ast.FunctionDef):
            out[node.name] = set()
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out[node.target.id] = set()
    return out


def test_stubs_match_the_module():
    stubs = stub_names(ast.parse((PACKAGE / "_core.pyi").read_text()))
    public = {n for n in dir(_core) if not n.startswith("_")}
    assert set(stubs) == public
    for cls in ("Model", "SteadyResult"):
        actual = {n for n in dir(getattr(_core, cls)) if not n.startswith("_")}
        assert stubs[cls] - {n for n in stubs[cls] if n.startswith("_")} == actual, cls


def test_package_is_typed_and_documented():
    assert (PACKAGE / "py.typed").exists()
    for f in (linepack.read, linepack.solve, linepack.Model.set_control, linepack.Model.add_pipe,
              linepack.Result, linepack.ensemble.run, linepack.ensemble.Case):
        assert f.__doc__ and len(f.__doc__) > 40, f
