"""Jobs outlive the service: those submitted before it stops (even with SIGKILL, mid-conversion) are finished
after it starts again, none lost, none converted twice into a half-written folder."""

from __future__ import annotations

from conftest import REPO, SAMPLE_DECK
from scorm_checks import scorm12_problems
from serve_client import running_service, start_service, submit, wait_for

HANDOUT = REPO / "samples" / "handout.pdf"


def test_jobs_submitted_before_a_crash_are_finished_after_the_restart(tmp_path):
    data = tmp_path / "data"
    first = start_service(data, "--jobs", "1")
    try:
        with first.client() as client:
            ids = [submit(client, SAMPLE_DECK, HANDOUT, formats="scorm12,web,journey")["id"] for _ in range(4)]
            statuses = [client.get(f"/api/jobs/{job_id}").json()["status"] for job_id in ids]
    finally:
        first.kill()  # SIGKILL: no shutdown, workers die with it
    assert "queued" in statuses  # the crash came before every job had ended
    with running_service(data, "--jobs", "2") as second, second.client() as client:
        jobs = [wait_for(client, job_id) for job_id in ids]
        assert [job["status"] for job in jobs] == ["converted"] * 4
        listed = {job["id"] for job in client.get("/api/jobs").json()["jobs"]}
        assert set(ids) <= listed
        for job in jobs:
            url = next(o["url"] for o in job["outputs"] if o["name"].endswith("-scorm12.zip"))
            package = tmp_path / f"{job['id']}.zip"
            package.write_bytes(client.get(url).content)
            assert scorm12_problems(package) == []
    leftovers = [p for p in data.rglob(".c2e-work") if any(p.iterdir())]
    assert leftovers == []


def test_jobs_that_ended_keep_their_outputs_across_a_clean_restart(tmp_path):
    data = tmp_path / "data"
    with running_service(data) as service, service.client() as client:
        job = wait_for(client, submit(client, HANDOUT)["id"])
    with running_service(data) as service, service.client() as client:
        again = client.get(job["url"]).json()
        assert again["status"] == "converted" and again["outputs"] == job["outputs"]
        assert client.get(job["outputs"][0]["url"]).status_code == 200
