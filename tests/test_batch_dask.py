"""A batch on a real Dask cluster (``LocalCluster``: worker processes on loopback) gives the packages a local
batch gives, byte for byte, with inputs and outputs as fsspec URLs; a worker killed mid-batch costs nothing:
its file is run again on another worker, and every output is written once, by the client."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

import converter

from test_batch import write_deck

distributed = pytest.importorskip("distributed")
fsspec = pytest.importorskip("fsspec")

DECKS = 6
NOT_COMPARED = {"batch-report.json", "batch-report.html"}


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as local:
        yield local


@pytest.fixture(scope="module")
def lib(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("lib")
    for number in range(DECKS):
        write_deck(root / f"deck{number}.pptx", *(f"Deck {number} topic {i}" for i in range(20)))
    return root


@pytest.fixture(scope="module")
def local_run(lib, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("local")
    assert all(o.converted for o in converter.convert_many(lib, out, workers=2, slide_images="never", ocr="never"))
    return _tree(out)


def _tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.name.startswith(".") and p.name not in NOT_COMPARED}


def _memory_tree(root: str) -> dict[str, bytes]:
    fs = fsspec.filesystem("memory")
    return {name.removeprefix(f"/{root}/"): fs.cat_file(name) for name in sorted(fs.find(f"/{root}"))
            if name.rsplit("/", 1)[-1] not in NOT_COMPARED}


def test_a_cluster_batch_gives_the_packages_a_local_batch_gives(cluster, lib, local_run, tmp_path):
    outcomes = list(converter.convert_many(f"local://{lib}", "memory://dask-out", cluster=cluster.scheduler_address,
                                           ledger=tmp_path / "ledger", slide_images="never", ocr="never"))
    assert sorted(o.key for o in outcomes if o.converted) == [f"deck{n}.pptx" for n in range(DECKS)]
    assert _memory_tree("dask-out") == local_run
    assert (tmp_path / "ledger" / ".c2e-ledger.sqlite").is_file()  # the ledger stays with the client
    again = list(converter.convert_many(f"local://{lib}", "memory://dask-out", cluster=cluster.scheduler_address,
                                        ledger=tmp_path / "ledger", slide_images="never", ocr="never"))
    assert all(o.skipped for o in again)


def test_a_worker_killed_mid_batch_costs_nothing(cluster, lib, local_run, tmp_path):
    killed: list[str] = []
    outcomes = []
    with distributed.Client(cluster.scheduler_address) as watcher:
        pids = watcher.run(os.getpid)
        for outcome in converter.convert_many(lib, tmp_path / "out", cluster=cluster.scheduler_address,
                                              slide_images="never", ocr="never"):
            outcomes.append(outcome)
            busy = {worker: keys for worker, keys in watcher.processing().items() if keys}
            if not killed and busy:  # a worker in the middle of a file
                worker, keys = sorted(busy.items())[0]
                os.kill(pids[worker], signal.SIGKILL)
                killed.extend(keys)
    assert killed and len(outcomes) == DECKS
    assert all(o.converted for o in outcomes), [o.reason for o in outcomes if not o.converted]
    assert _tree(tmp_path / "out") == local_run
    assert not (tmp_path / "out" / ".c2e-work").exists()
