"""`c2e serve` over real HTTP on loopback: a training team's course goes in, packages come out valid, and every
bad request gets a 4xx with a JSON body, never a 500."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import zipfile

import httpx
import pytest

from conftest import CORPUS, REPO, SAMPLE_DECK
from scorm_checks import scorm12_problems
from serve_client import free_port, running_service, start_service, submit, wait_for

HANDOUT = REPO / "samples" / "handout.pdf"
GUIDE = REPO / "samples" / "facilitator-guide.docx"
ROBUSTNESS = CORPUS / "robustness" / "pptx"
TOKEN = "test-token-0123456789abcdef"


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    with running_service(tmp_path_factory.mktemp("serve") / "data", "--max-upload-mb", "3") as running:
        yield running


@pytest.fixture
def client(service):
    with service.client() as http:
        yield http


def _error(response: httpx.Response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()["error"]
    assert body["message"]
    if code is not None:
        assert body["code"] == code, body
    return body


def test_the_sample_deck_and_handout_become_one_course_with_a_valid_scorm_package(client, tmp_path):
    job = submit(client, SAMPLE_DECK, HANDOUT, formats="scorm12,web,journey")
    assert [s["format"] for s in job["sources"]] == ["pptx", "pdf"]
    job = wait_for(client, job["id"])
    assert job["status"] == "converted", job
    assert job["progress"]["percent"] == 100 and job["exit_code"] == 0
    outputs = {o["name"]: o for o in job["outputs"]}
    package = next(name for name in outputs if name.endswith("-scorm12.zip"))
    response = client.get(outputs[package]["url"])
    assert response.status_code == 200
    saved = tmp_path / package
    saved.write_bytes(response.content)
    assert scorm12_problems(saved) == []
    report = client.get(job["report_url"]).json()
    assert [s["source"]["name"] for s in report["sources"]] == ["pharma-sales-onboarding.pptx", "handout.pdf"]
    assert job["summary"] == report["summary"]
    preview = client.get(job["preview_url"])
    assert preview.status_code == 200 and "<html" in preview.text
    assert "sandbox" in preview.headers["content-security-policy"]
    journey = client.get(next(o["url"] for o in job["outputs"] if o["name"].endswith("-journey")))
    assert "journey.json" in zipfile.ZipFile(io.BytesIO(journey.content)).namelist()


@pytest.mark.parametrize("name", ["real/pptx/docling__powerpoint_sample.pptx", "real/docx/poi__61787.docx",
                                  "real/pdf/docling__multi_page.pdf"])
def test_a_corpus_file_converts_into_a_valid_scorm_package(client, tmp_path, name):
    job = wait_for(client, submit(client, CORPUS / name)["id"])
    assert job["status"] == "converted", job
    url = next(o["url"] for o in job["outputs"] if o["name"].endswith("-scorm12.zip"))
    (tmp_path / "p.zip").write_bytes(client.get(url).content)
    assert scorm12_problems(tmp_path / "p.zip") == []


def test_a_request_without_a_file_is_a_400(client):
    _error(client.post("/api/jobs", data={"formats": "scorm12"}), 400, "upload.no-file")
    _error(client.post("/api/jobs", files=[("files", ("", b""))]), 400)
    _error(client.post("/api/jobs", json={"files": []}), 400)


def test_an_upload_over_the_limit_is_a_413_whether_announced_or_streamed(service, client):
    big = b"%PDF-1.4\n" + b"0" * (3 * 2**20 + 10)
    _error(client.post("/api/jobs", files=[("files", ("big.pdf", big))]), 413, "upload.too-large")

    body = (b'--x\r\nContent-Disposition: form-data; name="files"; filename="big.pdf"\r\n\r\n' + big
            + b"\r\n--x--\r\n")

    def chunks():  # no Content-Length: the limit holds as the body arrives
        for start in range(0, len(body), 2**16):
            yield body[start:start + 2**16]

    streamed = httpx.post(f"{service.url}/api/jobs", content=chunks(),
                          headers={"Content-Type": "multipart/form-data; boundary=x"}, timeout=60)
    _error(streamed, 413, "upload.too-large")


def test_a_file_name_holding_a_path_is_refused(client):
    for name in ("../../etc/deck.pptx", "..\\..\\deck.pptx", "/tmp/deck.pptx", "..", "decks/../deck.pptx"):
        body = _error(client.post("/api/jobs", files=[("files", (name, SAMPLE_DECK.read_bytes()))]), 400)
        assert body["code"] == "upload.path-in-name"
    # an old browser's full Windows path: the multipart parser keeps only the name, which is safe
    response = client.post("/api/jobs", files=[("files", ("C:\\decks\\deck.pptx", SAMPLE_DECK.read_bytes()))])
    assert response.status_code == 201 and response.json()["sources"][0]["name"] == "deck.pptx"


def test_names_are_sanitised_and_the_content_decides_the_extension(client):
    response = client.post("/api/jobs", files=[("files", ("Ünïcode deck; rm -rf.pdf", SAMPLE_DECK.read_bytes()))])
    assert response.status_code == 201, response.text
    source = response.json()["sources"][0]
    assert source == {"name": "Unicode-deck-rm-rf.pptx", "format": "pptx", "size": SAMPLE_DECK.stat().st_size,
                      "role": None}
    twice = client.post("/api/jobs", files=[("files", ("deck.pptx", SAMPLE_DECK.read_bytes()))] * 2)
    assert [s["name"] for s in twice.json()["sources"]] == ["deck.pptx", "deck-2.pptx"]


def test_what_c2e_does_not_read_is_a_415_whatever_its_name(client):
    body = _error(client.post("/api/jobs", files=[("files", ("deck.pptx", b"just some text"))]), 415)
    assert body["code"] == "input.unsupported"
    _error(client.post("/api/jobs", files=[("files", ("theme.thmx", (ROBUSTNESS / "poi__62592.thmx").read_bytes()))]),
           415, "input.unsupported")


def test_an_encrypted_deck_fails_as_a_job_that_says_so(client):
    job = wait_for(client, submit(client, ROBUSTNESS / "poi__Password_Protected-hello.ppt")["id"])
    assert job["status"] == "failed" and job["error"]["code"] == "input.encrypted", job


def test_a_hostile_deck_fails_as_a_job_with_its_reason_and_the_service_goes_on(client):
    hostile = ROBUSTNESS / "poi__clusterfuzz-testcase-minimized-POIXSLFFuzzer-5463285576892416.pptx"
    job = wait_for(client, submit(client, hostile)["id"])
    assert job["status"] == "failed"
    assert job["error"]["code"] == "input.corrupt" and job["exit_code"] == 5  # as `c2e convert` exits
    assert job["outputs"] == [] and job["report_url"] is None
    _error(client.get(f"{job['url']}/report"), 404, "report.not-ready")
    assert wait_for(client, submit(client, HANDOUT)["id"])["status"] == "converted"


def test_roles_say_which_file_is_the_facilitator_guide(client):
    job = submit(client, SAMPLE_DECK, GUIDE, HANDOUT, roles="deck,facilitator-guide,auto", formats="journey")
    assert [s["role"] for s in job["sources"]] == ["deck", "facilitator-guide", None]
    job = wait_for(client, job["id"])
    assert job["status"] == "converted", job
    report = client.get(job["report_url"]).json()
    assert [s["source"]["role"] for s in report["sources"]] == ["deck", "facilitator-guide", "handout"]
    deck = [("files", ("deck.pptx", SAMPLE_DECK.read_bytes()))]
    _error(client.post("/api/jobs", files=deck, data={"roles": "trainer"}), 400, "options.roles")
    _error(client.post("/api/jobs", files=deck, data={"roles": "deck,handout"}), 400, "options.roles")


def test_bad_options_are_a_400_naming_the_option(client):
    deck = [("files", ("deck.pptx", SAMPLE_DECK.read_bytes()))]
    _error(client.post("/api/jobs", files=deck, data={"formats": "scorm13"}), 400, "options.unknown-format")
    _error(client.post("/api/jobs", files=deck, data={"lms": "blackboard-9"}), 400, "options.unknown-lms")
    _error(client.post("/api/jobs", files=deck, data={"options": "{not json"}), 400, "options.not-json")
    _error(client.post("/api/jobs", files=deck, data={"options": '{"module_minutes": -1}'}), 400, "options.invalid")
    _error(client.post("/api/jobs", files=deck, data={"options": '{"limits": {"max_units": 99999999}}'}), 400,
           "options.server-only")
    _error(client.post("/api/jobs", files=deck, data={"options": '{"player": {"logo": "/etc/passwd"}}'}), 400,
           "options.server-only")


def test_options_are_those_of_the_cli_and_c2e_toml(client):
    job = submit(client, SAMPLE_DECK, lms="talentlms", options=json.dumps({"course-id": "onboarding-2026",
                                                                          "include-hidden": True}))
    assert job["options"] == {"lms": "talentlms", "course_id": "onboarding-2026", "include_hidden": True}
    job = wait_for(client, job["id"])
    assert any(o["name"].endswith("-scorm2004.zip") for o in job["outputs"])


def test_a_c2e_toml_sets_options_and_the_form_fields_win(client):
    config = """
[course]
id = "cardiolex-onboarding"
title = "Cardiolex onboarding"

[convert]
format = "scorm2004"
include-hidden = true

[player]
language = "de"

[theme]
primary = "#0b5cad"
"""
    job = submit(client, SAMPLE_DECK, config=config, options='{"title": "Onboarding 2026"}', formats="scorm12")
    assert job["options"] == {"course_id": "cardiolex-onboarding", "title": "Onboarding 2026", "formats": ["scorm12"],
                              "include_hidden": True, "player": {"language": "de", "primary": "#0b5cad"}}
    job = wait_for(client, job["id"])
    assert [o["name"] for o in job["outputs"] if o["kind"] == "package"] == ["pharma-sales-onboarding-scorm12.zip"]
    deck = [("files", ("deck.pptx", SAMPLE_DECK.read_bytes()))]
    _error(client.post("/api/jobs", files=deck, data={"config": "[limits]\nmax_units = 1"}), 400,
           "options.server-only")
    _error(client.post("/api/jobs", files=deck, data={"config": '[theme]\nlogo = "/etc/passwd"'}), 400,
           "options.server-only")
    _error(client.post("/api/jobs", files=deck, data={"config": "[convert"}), 400, "options.bad-config")
    _error(client.post("/api/jobs", files=deck, data={"config": "[convert]\nno-such-option = 1"}), 400,
           "options.invalid")


def test_an_unknown_job_is_a_404_and_a_malformed_id_a_422(client):
    _error(client.get("/api/jobs/" + "0" * 32), 404, "job.not-found")
    _error(client.delete("/api/jobs/" + "0" * 32), 404, "job.not-found")
    _error(client.get("/api/jobs/" + "0" * 32 + "/files/x.zip"), 404, "job.not-found")
    _error(client.get("/api/jobs/..%2F..%2Fjobs.sqlite"), 404)
    _error(client.get("/api/jobs/not-a-job-id"), 422, "request.invalid")


def test_outputs_are_reachable_only_through_their_own_job(client):
    mine = wait_for(client, submit(client, HANDOUT)["id"])
    other = wait_for(client, submit(client, SAMPLE_DECK)["id"])
    package = next(o["name"] for o in other["outputs"] if o["name"].endswith(".zip"))
    _error(client.get(f"{mine['url']}/files/{package}"), 404, "file.not-found")
    for path in ("..%2F..%2Fjobs.sqlite", "course/course.toml", "..%2Fcourse.toml", f"{package}%2F..%2F..%2F..%2Fjobs.sqlite",
                 ".c2e-ledger.sqlite", "batch-report.json", "%2Fetc%2Fpasswd"):
        _error(client.get(f"{mine['url']}/files/{path}"), 404)
    assert client.get(f"{other['url']}/files/{package}").status_code == 200


def test_jobs_are_listed_newest_first_and_deleted_with_their_files(service, client):
    first = wait_for(client, submit(client, HANDOUT)["id"])
    second = wait_for(client, submit(client, HANDOUT)["id"])
    listed = [job["id"] for job in client.get("/api/jobs").json()["jobs"]]
    assert listed.index(second["id"]) < listed.index(first["id"])
    assert client.delete(first["url"]).status_code == 204
    _error(client.get(first["url"]), 404, "job.not-found")
    _error(client.get(first["outputs"][0]["url"]), 404)
    assert first["id"] not in [job["id"] for job in client.get("/api/jobs").json()["jobs"]]


def test_unknown_routes_and_methods_answer_json(client):
    _error(client.get("/api/nothing"), 404)
    _error(client.put("/api/jobs"), 405)
    assert client.get("/openapi.json").json()["info"]["title"] == "c2e conversion service"


def test_off_loopback_the_service_will_not_start_without_a_token(tmp_path):
    run = subprocess.run([sys.executable, "-m", "converter.cli", "serve", "--host", "0.0.0.0", "--port",
                          str(free_port()), "--data", str(tmp_path / "data")], capture_output=True, text=True,
                         cwd=REPO, timeout=60, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 2, run.stderr
    assert "needs an API token" in run.stderr


@pytest.mark.parametrize("host", ["0.0.0.0", "127.0.0.1"])
def test_a_token_is_required_when_the_service_has_one(tmp_path, host):
    service = start_service(tmp_path / "data", host=host, token=TOKEN)
    try:
        with service.client() as anonymous, service.client("wrong-token-0123456789") as wrong, \
                service.client(TOKEN) as right:
            _error(anonymous.get("/api/jobs"), 401, "auth.required")
            _error(wrong.get("/api/jobs"), 401, "auth.bad-token")
            _error(wrong.post("/api/jobs", files=[("files", ("deck.pptx", b"x"))]), 401, "auth.bad-token")
            assert anonymous.get("/api/jobs").headers["www-authenticate"] == "Bearer"
            assert right.get("/api/jobs").status_code == 200
            job = wait_for(right, submit(right, HANDOUT, formats="scorm12,web")["id"])
            assert anonymous.get(job["outputs"][0]["url"]).status_code == 401
            # the preview's own pages cannot send the token: its URL carries the job's key instead
            assert anonymous.get(job["preview_url"]).status_code == 200
            player = job["preview_url"].replace("index.html", "player/player.js")
            assert anonymous.get(player).status_code == 200
            job_id, key = job["preview_url"].split("/")[2:4]
            _error(anonymous.get(job["preview_url"].replace(key, "0" * 32)), 404, "file.not-found")
            package = next(o["name"] for o in job["outputs"] if o["name"].endswith(".zip"))
            _error(anonymous.get(f"/preview/{job_id}/{key}/{package}"), 404, "file.not-found")
            with service.client() as page:  # the web page sends the token as a SameSite=Strict cookie
                page.cookies.set("c2e_token", TOKEN)
                assert page.get(job["outputs"][0]["url"]).status_code == 200
            assert anonymous.get("/openapi.json").status_code == 200
            assert anonymous.get("/").status_code == 200
    finally:
        service.kill()


def test_another_sites_page_cannot_submit_or_delete_jobs_through_a_browser(service, client):
    deck = [("files", ("deck.pptx", SAMPLE_DECK.read_bytes()))]
    _error(client.post("/api/jobs", files=deck, headers={"Origin": "https://evil.example"}), 403,
           "request.cross-origin")
    _error(client.post("/api/jobs", files=deck, headers={"Sec-Fetch-Site": "cross-site"}), 403,
           "request.cross-origin")
    job = client.post("/api/jobs", files=deck, headers={"Origin": service.url, "Sec-Fetch-Site": "same-origin"})
    assert job.status_code == 201
    _error(client.delete(job.json()["url"], headers={"Origin": "https://evil.example"}), 403, "request.cross-origin")


def test_a_loopback_service_answers_only_to_a_loopback_host_name(client):
    _error(client.get("/api/jobs", headers={"Host": "rebound.example:8000"}), 403, "request.bad-host")
    _error(client.get("/", headers={"Host": "rebound.example"}), 403, "request.bad-host")
    assert client.get("/api/jobs", headers={"Host": "localhost:8000"}).status_code == 200


def test_a_job_deleted_while_it_converts_is_gone_for_good(service, client):
    job = submit(client, SAMPLE_DECK, HANDOUT, formats="all")
    folder = service.data / "jobs" / job["id"]
    assert folder.is_dir()
    assert client.delete(job["url"]).status_code == 204
    _error(client.get(job["url"]), 404, "job.not-found")
    assert job["id"] not in [j["id"] for j in client.get("/api/jobs").json()["jobs"]]
    deadline = time.monotonic() + 60  # a conversion under way ends first, then its folder goes too
    while time.monotonic() < deadline and folder.exists():
        time.sleep(0.3)
    assert not folder.exists()


def test_a_job_over_the_time_limit_is_stopped_and_says_so(tmp_path):
    """The batch runner's per-file limit holds for a job (this 872-page handbook takes seconds to convert)."""
    with running_service(tmp_path / "data", "--time-limit", "1") as slow, slow.client() as http:
        job = wait_for(http, submit(http, CORPUS / "real/docx/unstructured__handbook-872p.docx")["id"])
        assert job["status"] == "failed" and job["error"]["code"] == "batch.time-limit", job


def test_a_job_is_deleted_with_its_files_once_kept_long_enough(tmp_path):
    with running_service(tmp_path / "data", "--keep-hours", "0.0005") as short, short.client() as http:  # 1.8 s
        job = wait_for(http, submit(http, HANDOUT)["id"])
        assert job["status"] == "converted"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and http.get(job["url"]).status_code == 200:
            time.sleep(0.5)
        _error(http.get(job["url"]), 404, "job.not-found")
        assert not (short.data / "jobs" / job["id"]).exists()


def test_a_full_queue_refuses_more_jobs_until_one_ends(tmp_path):
    with running_service(tmp_path / "data", "--max-queued", "1", "--jobs", "1") as busy, busy.client() as http:
        first = submit(http, SAMPLE_DECK, HANDOUT, formats="all")
        refused = http.post("/api/jobs", files=[("files", ("handout.pdf", HANDOUT.read_bytes()))])
        _error(refused, 429, "service.busy")
        assert refused.headers["retry-after"] == "60"
        assert wait_for(http, first["id"])["status"] == "converted"
        assert wait_for(http, submit(http, HANDOUT)["id"])["status"] == "converted"


def test_without_the_serve_extra_the_command_says_what_to_install(tmp_path):
    code = ("import sys; sys.modules['fastapi'] = None; from converter.cli import main; "
            f"main(['serve', '--data', {str(tmp_path)!r}])")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 9, run.stderr
    assert "pip install 'classroom-to-elearning[serve]'" in run.stderr


def test_the_readme_python_client_runs_as_written(tmp_path, monkeypatch, capsys):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    intro = readme.index("### Conversion service (`c2e serve`)")
    start = readme.index("```python\n", intro) + len("```python\n")
    snippet = readme[start:readme.index("```", start)]
    (tmp_path / "deck.pptx").write_bytes(SAMPLE_DECK.read_bytes())
    (tmp_path / "handout.pdf").write_bytes(HANDOUT.read_bytes())
    monkeypatch.chdir(tmp_path)
    with running_service(tmp_path / "data", host="0.0.0.0", token=TOKEN) as guarded:
        snippet = snippet.replace("http://127.0.0.1:8000", guarded.url).replace('"Bearer TOKEN"', f'"Bearer {TOKEN}"')
        exec(compile(snippet, "README.md", "exec"), {})
    assert "need a look" in capsys.readouterr().out
    assert zipfile.is_zipfile(tmp_path / "deck-scorm12.zip")
    assert (tmp_path / "deck-web.zip").is_file() and (tmp_path / "deck.report.json").is_file()
