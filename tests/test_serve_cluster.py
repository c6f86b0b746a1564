"""`c2e serve --cluster`: jobs go to a real Dask scheduler (a ``LocalCluster`` of worker processes on loopback)
through the same batch runner, two jobs at once never share a task, and the packages come back valid."""

from __future__ import annotations

import pytest

from conftest import REPO, SAMPLE_DECK
from scorm_checks import scorm12_problems
from serve_client import running_service, submit, wait_for

distributed = pytest.importorskip("distributed")
HANDOUT = REPO / "samples" / "handout.pdf"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as local:
        yield local


def test_jobs_run_on_the_cluster_and_each_keeps_its_own_outputs(cluster, tmp_path):
    address = cluster.scheduler_address
    with running_service(tmp_path / "data", "--cluster", address, "--jobs", "2") as service, \
            service.client() as client:
        deck = submit(client, SAMPLE_DECK, HANDOUT)
        handout = submit(client, HANDOUT)
        jobs = [wait_for(client, deck["id"]), wait_for(client, handout["id"])]
        assert [job["status"] for job in jobs] == ["converted", "converted"], jobs
        names = [sorted(o["name"] for o in job["outputs"]) for job in jobs]
        assert names[0] != names[1]
        for job in jobs:
            url = next(o["url"] for o in job["outputs"] if o["name"].endswith("-scorm12.zip"))
            package = tmp_path / f"{job['id']}.zip"
            package.write_bytes(client.get(url).content)
            assert scorm12_problems(package) == []
    with distributed.Client(address) as dask:
        keys = dask.run_on_scheduler(lambda dask_scheduler: sorted(dask_scheduler.task_prefixes))
    assert "c2e-course" in keys, keys  # the tasks of both jobs (c2e-course-ID) ran on this scheduler
