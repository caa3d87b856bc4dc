"""schemathesis against the app's OpenAPI document, in process: valid and invalid requests to every
operation, a bounded number of each; no answer may be a 5xx, and every answer must match the schema
the document declares for it (status code, content type, body)."""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from api.app import create_app
from api.settings import Settings

EXAMPLES = 12


@pytest.fixture(scope="module")
def schema(tmp_path_factory, seed_bytes):
    data = tmp_path_factory.mktemp("fuzz")
    app = create_app(Settings(data_dir=str(data), workers=1, inline_workers=0, max_upload_bytes=200_000,
                              max_request_bytes=1_000_000))
    loaded = schemathesis.openapi.from_asgi("/openapi.json", app)
    yield loaded
    shutdown_lifespans()                          # stops the app's workers


def _operations(schema):
    return [r.ok() for r in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_server_error_on_any_operation(schema, mode):
    ops = _operations(schema)
    assert {f"{o.method.upper()} {o.path}" for o in ops} >= {
        "POST /v1/documents", "GET /v1/documents/{doc_id}", "DELETE /v1/documents/{doc_id}", "GET /v1/jobs/{job_id}",
        "GET /v1/deadlines", "GET /v1/targets", "GET /v1/units", "GET /v1/legal-refs", "GET /v1/tasks"}
    seen = {}
    for op in ops:
        @given(case=op.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            response = case.call_and_validate(checks=[not_a_server_error, response_schema_conformance,
                                                      content_type_conformance])
            seen[response.status_code] = seen.get(response.status_code, 0) + 1
            assert response.status_code < 500, (case.method, case.formatted_path, case.query, response.text[:300])
            if response.status_code >= 400 and "json" in response.headers.get("content-type", [""])[0]:
                assert "error" in response.json() and "Traceback" not in response.text

        try:
            run()
        except Unsatisfiable:                     # no invalid request exists for an operation without inputs
            assert mode == GenerationMode.NEGATIVE and not op.query and not op.body and not op.path_parameters
    assert sum(seen.values()) >= len(ops)          # every operation was called
    assert (200 if mode == GenerationMode.POSITIVE else 422) in seen, seen
    print(mode, dict(sorted(seen.items())))
