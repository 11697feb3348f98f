"""The release bundle (``make dist``): one versioned archive with its checksum,
holding the offline HTML book, the PDF, the executed notebooks, crlib's wheel
and sdist and the citation metadata."""

from __future__ import annotations

import hashlib
import json
import re
import tarfile
from pathlib import Path

import pytest
import yaml

from pdftools import ROOT


@pytest.fixture(scope="module")
def archive(dist_dir, version) -> Path:
    path = dist_dir / f"crbook-{version}.tar.gz"
    if not path.is_file():
        pytest.fail(f"no bundle at {path}: run `make dist`")
    return path


@pytest.fixture(scope="module")
def members(archive) -> dict[str, tarfile.TarInfo]:
    with tarfile.open(archive) as tar:
        return {member.name: member for member in tar.getmembers()}


@pytest.fixture(scope="module")
def unpacked(archive, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("bundle")
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    (top,) = target.iterdir()
    return top


def test_checksum_file_matches(archive):
    line = archive.with_name(archive.name + ".sha256").read_text()
    digest, name = line.split()
    assert name == archive.name
    assert digest == hashlib.sha256(archive.read_bytes()).hexdigest()


def test_one_top_folder_named_with_the_version(members, version):
    assert {name.split("/")[0] for name in members} == {f"crbook-{version}"}


def test_bundle_holds_every_part(unpacked, version, toc):
    names = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()}
    for required in ("html/index.html", f"crbook-{version}.pdf", "CITATION.cff", "LICENSE",
                     f"python/crlib-{version}-py3-none-any.whl", f"python/crlib-{version}.tar.gz"):
        assert required in names, required
    notebooks = [c["file"] for part in toc["parts"] for c in part["chapters"]
                 if c["file"].startswith("notebooks/")]
    for docname in notebooks:
        assert f"html/{docname}.html" in names, docname
        assert f"{docname}.ipynb" in names, docname


def test_notebooks_are_executed(unpacked):
    paths = sorted((unpacked / "notebooks").glob("*.ipynb"))
    assert paths
    for path in paths:
        cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
        assert cells and all(c["execution_count"] for c in cells), f"{path.name}: unexecuted cell"
        assert any(c["outputs"] for c in cells), f"{path.name}: no outputs"
        errors = [o for c in cells for o in c["outputs"] if o["output_type"] == "error"]
        assert not errors, f"{path.name}: error output"


def test_html_reads_offline(unpacked):
    # what the browser tests check on the built book, here on the bundle's copy
    remote = re.compile(r"<(?:script|link)[^>]+(?:src|href)=\"(?:https?:)?//", re.I)
    pages = list((unpacked / "html").rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        assert not remote.search(page.read_text(errors="replace")), page.name
    assert list((unpacked / "html" / "_static").rglob("tex-chtml*.js")), "no local MathJax"


def test_citation_metadata_agrees_with_the_package(unpacked, version):
    citation = yaml.safe_load((unpacked / "CITATION.cff").read_text())
    assert citation["cff-version"].startswith("1.2")
    assert str(citation["version"]) == version
    assert (unpacked / "CITATION.cff").read_text() == (ROOT / "CITATION.cff").read_text()


def test_inner_checksums(unpacked):
    listed = {}
    for line in (unpacked / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name.removeprefix("./")] = digest
    files = {p.relative_to(unpacked).as_posix(): p for p in unpacked.rglob("*")
             if p.is_file() and p.name != "SHA256SUMS"}
    assert set(listed) == set(files)
    for name, path in files.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == listed[name], name


def test_pdf_in_the_bundle_is_the_built_one(unpacked, version, pdf_path):
    assert (unpacked / f"crbook-{version}.pdf").read_bytes() == pdf_path.read_bytes()
