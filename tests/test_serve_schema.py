"""schemathesis against the service's own OpenAPI document: generated requests, valid and invalid, to every
operation find no server error, no undocumented status, no response that breaks its documented schema or
content type. Bounded: a few examples per operation and mode, so it runs in well under a minute.

The operations are driven through schemathesis' strategies with hypothesis directly (its pytest plugin's
``from_fixture`` does not run under the pytest this project pins)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import SAMPLE_DECK
from serve_client import running_service, submit, wait_for

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 30


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    with running_service(tmp_path_factory.mktemp("schema") / "data", "--max-upload-mb", "1") as running:
        yield running


@pytest.fixture(scope="module")
def operations(service):
    schema = schemathesis.openapi.from_url(f"{service.url}/openapi.json")
    return {op.label: op for op in (result.ok() for result in schema.get_all_operations())}


def test_the_document_names_every_operation(operations):
    assert set(operations) == {"GET /api/info", "POST /api/jobs", "GET /api/jobs", "GET /api/jobs/{job_id}",
                               "DELETE /api/jobs/{job_id}", "GET /api/jobs/{job_id}/report",
                               "GET /api/jobs/{job_id}/files/{path}", "GET /preview/{job_id}/{key}/{path}"}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_generated_requests_get_documented_answers_and_never_a_server_error(service, operations, mode):
    for label, operation in sorted(operations.items()):
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def call(case):
            case.call_and_validate(base_url=service.url, checks=CHECKS)

        try:
            call()
        except Exception as error:
            raise AssertionError(f"{label} ({mode.value}): {error}") from error


def test_requests_about_a_real_converted_job_match_the_document_too(service, operations):
    """The same checks with the job id of a converted job (the sample deck, web output included), so that the
    answers with bodies (the job, its report, its files) are checked against their documented schemas."""
    with service.client() as client:
        job = wait_for(client, submit(client, SAMPLE_DECK, formats="scorm12,web")["id"])
    assert job["status"] == "converted"
    for label in ("GET /api/jobs/{job_id}", "GET /api/jobs/{job_id}/report", "GET /api/jobs/{job_id}/files/{path}"):
        operation = operations[label]

        def about_the_job(case):
            case.path_parameters = {**(case.path_parameters or {}), "job_id": job["id"]}
            return case

        @given(case=operation.as_strategy().map(about_the_job))
        @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def call(case):
            response = case.call_and_validate(base_url=service.url, checks=CHECKS)
            assert response.status_code in (200, 404), response.text

        call()
    files = operations["GET /api/jobs/{job_id}/files/{path}"]
    for path in [o["name"] for o in job["outputs"]]:
        case = files.Case(path_parameters={"job_id": job["id"], "path": path})
        assert case.call_and_validate(base_url=service.url, checks=CHECKS).status_code == 200, path
    _, _, job_id, key, path = job["preview_url"].split("/", 4)
    case = operations["GET /preview/{job_id}/{key}/{path}"].Case(path_parameters={"job_id": job_id, "key": key,
                                                                                  "path": path})
    assert case.call_and_validate(base_url=service.url, checks=CHECKS).status_code == 200
