"""Build the sample plug-in (tests/plugins/c2e-lesson) into a wheel and pip-install it into a folder, offline.

The wheel is written here from the plug-in's own files (a wheel is a zip: the package, its ``.dist-info`` with
METADATA, WHEEL, entry_points.txt and RECORD), so the test needs no build back end and no network; pip then
installs it like any vendor's wheel (``pip install --target``), entry points included.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

PLUGIN = Path(__file__).resolve().parent / "plugins" / "c2e-lesson"


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_wheel(out_dir: Path, project: Path = PLUGIN) -> Path:
    """Return the path of the plug-in's wheel, built from ``project``'s pyproject.toml and package folder."""
    meta = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    name, version = meta["name"].replace("-", "_"), meta["version"]
    info = f"{name}-{version}.dist-info"
    files = {path.relative_to(project).as_posix(): path.read_bytes()
             for path in sorted((project / name).rglob("*.py"))}
    entry_points = "".join(f"[{group}]\n" + "".join(f"{k} = {v}\n" for k, v in names.items()) + "\n"
                           for group, names in meta["entry-points"].items())
    files[f"{info}/METADATA"] = f"Metadata-Version: 2.1\nName: {meta['name']}\nVersion: {version}\n".encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: c2e-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files[f"{info}/entry_points.txt"] = entry_points.encode()
    record = [_record_line(n, d) for n, d in files.items()] + [f"{info}/RECORD,,"]
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = out_dir / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for entry, data in files.items():
            archive.writestr(entry, data)
    return wheel


def install_plugin(target: Path, build_dir: Path) -> Path:
    """Build the wheel in ``build_dir`` and ``pip install --target`` it into ``target``; return ``target``."""
    wheel = build_wheel(build_dir)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--disable-pip-version-check", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, text=True)
    return target
