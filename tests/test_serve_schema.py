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

from serve_client import running_service

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
                               "GET /api/jobs/{job_id}/files/{path}"}


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
