"""The README's and the docs' commands run from a fresh clone (issue 13): every file they name
under data/ or examples/ is in the repository, and no user-facing text points outside it."""
from __future__ import annotations

import re

from conftest import REPO

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), REPO / "data" / "README.md"]
# data/... or examples/... paths in commands and code (shell, Python strings, links).
PATH = re.compile(r"(?<![\w/.-])((?:data|examples)/[\w./+-]*[\w+-])")


def test_paths_in_readme_and_docs_exist():
    missing = []
    for doc in DOCS:
        for n, line in enumerate(doc.read_text().splitlines(), 1):
            for path in PATH.findall(line):
                if not (REPO / path).exists():
                    missing.append(f"{doc.relative_to(REPO)}:{n}: {path}")
    assert not missing, "\n".join(missing)


def test_no_user_facing_path_outside_the_repository():
    """`../shared/...` exists only on the developers' machines; the outside data folder is named
    through LINEPACK_DATA_DIR (with ../shared/data as its default, said as such)."""
    offending = []
    for doc in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        for n, line in enumerate(doc.read_text().splitlines(), 1):
            for m in re.finditer(r"\.\./shared/[\w./-]*", line):
                if m.group(0).rstrip("/.") == "../shared/data" and "LINEPACK_DATA_DIR" in line:
                    continue  # the default of the outside data folder, with its variable
                offending.append(f"{doc.relative_to(REPO)}:{n}: {m.group(0)}")
    assert not offending, "\n".join(offending)
