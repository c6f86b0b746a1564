"""``--format all`` means every format this installation can write: a packager whose optional library is missing
is left out with a warning naming what to install, instead of failing the whole build."""

from __future__ import annotations

from pathlib import Path

import pytest

from converter import api
from converter.errors import MissingDependencyError
from converter.options import ConvertOptions
from converter.plugin import Target
from converter.registry import default_registry
from converter.result import Result

from course_factory import make_course


class NeedsAbsentLibrary:
    """A packager (a plug-in's) that needs a library this installation lacks."""

    name = "needs-absent"
    description = "a format that needs a library nobody installed"
    targets = ("file",)
    extension = ".txt"
    requires = (("c2e-absent-library", "c2e_absent_library_xyz", "pip install c2e-absent-library"),)

    def package(self, course, target: Target, options: ConvertOptions) -> Result[Path]:
        raise MissingDependencyError("needs c2e-absent-library")


@pytest.fixture
def registry():
    builtins = default_registry()
    return builtins.replace(packagers=lambda: (*builtins.packagers, NeedsAbsentLibrary()))


def test_all_leaves_out_a_format_whose_library_is_missing_and_says_so(registry, tmp_path):
    written = api.package(make_course(), tmp_path, ConvertOptions(formats=("all",)), registry=registry)
    assert "needs-absent" not in written.value.packages
    assert {"scorm12", "web", "journey"} <= set(written.value.packages)
    left_out = [m for m in written.messages if m.code == "format.left-out"]
    assert len(left_out) == 1 and "pip install c2e-absent-library" in left_out[0].text


def test_asked_for_by_name_it_still_fails_with_the_install_hint(registry, tmp_path):
    with pytest.raises(MissingDependencyError):
        api.package(make_course(), tmp_path, ConvertOptions(formats=("needs-absent",)), registry=registry)


def test_formats_lists_it_as_not_installed(registry):
    listed = api.formats(registry)
    assert "not installed: needs c2e-absent-library" in listed["needs-absent"]
    built_in = [line for name, line in listed.items() if name != "needs-absent"]
    assert built_in and not any("not installed" in line for line in built_in), "no built-in format needs a library"
