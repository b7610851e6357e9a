"""serverless.json on its own: Structs, syntax, types and rules."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest

from runtime.functions import SUPPORTED_RUNTIMES, EndpointConfig, Problem, ServerlessConfig, Severity, parse_config

SOURCE = Path("/srv/site.functions/serverless.json")

ALLOWED = "Allowed values are GET, POST, PUT, PATCH, DELETE"


def parse(config: dict | list | str) -> tuple[ServerlessConfig | None, list[Problem]]:
    data = config if isinstance(config, str) else json.dumps(config, indent=2)
    return parse_config(data.encode(), SOURCE)


def config_with(**endpoints: dict) -> dict:
    return {"runtime": "nodejs20.x", "version": "1.0", "endpoints": endpoints}


def only(problems: list[Problem], severity: Severity = Severity.ERROR) -> Problem:
    matching = [p for p in problems if p.severity is severity]
    assert len(matching) == 1, "\n".join(map(str, problems))
    return matching[0]


def messages(problems: list[Problem]) -> list[str]:
    return [p.message for p in problems]


# --- the Structs -----------------------------------------------------------


def test_a_valid_file_decodes_straight_into_the_structs():
    data = json.dumps(
        {
            "runtime": "nodejs18.x",
            "version": "1.0",
            "environment": {"BASE_URL": "https://api.example.com"},
            "secrets": ["HUBSPOT_TOKEN"],
            "endpoints": {
                "registration/new": {
                    "method": ["POST", "PUT"],
                    "file": "endpoints/register.js",
                    "environment": {"BASE_URL": "https://staging.example.com"},
                    "secrets": ["CRM_KEY"],
                }
            },
        }
    )
    config = msgspec.json.decode(data, type=ServerlessConfig)
    endpoint = config.endpoints["registration/new"]
    assert config.runtime == "nodejs18.x"
    assert config.secrets == ["HUBSPOT_TOKEN"]
    assert endpoint.file == "endpoints/register.js"
    assert endpoint.environment == {"BASE_URL": "https://staging.example.com"}
    assert endpoint.methods == ("POST", "PUT")


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (msgspec.UNSET, ("GET",)),
        ("GET", ("GET",)),
        ("post", ("POST",)),
        (["get", "Post", "GET"], ("GET", "POST")),
        (["DELETE", "patch"], ("DELETE", "PATCH")),
    ],
)
def test_methods_are_upper_cased_deduplicated_and_default_to_get(method, expected):
    assert EndpointConfig(method=method, file="a.js").methods == expected


def test_a_missing_method_means_get_without_any_problem():
    config, problems = parse(config_with(hello={"file": "hello.js"}))
    assert problems == []
    assert config.endpoints["hello"].methods == ("GET",)


def test_a_lower_case_method_is_accepted():
    config, problems = parse(config_with(hello={"method": ["get", "post"], "file": "hello.js"}))
    assert problems == []
    assert config.endpoints["hello"].methods == ("GET", "POST")


# --- runtime -----------------------------------------------------------------


@pytest.mark.parametrize("runtime", sorted(SUPPORTED_RUNTIMES))
def test_every_hubspot_node_runtime_is_accepted_silently(runtime):
    _, problems = parse({"runtime": runtime, "endpoints": {"a": {"file": "a.js"}}})
    assert problems == []


def test_all_six_hubspot_runtimes_are_known():
    assert SUPPORTED_RUNTIMES == {f"nodejs{v}.x" for v in (10, 12, 14, 16, 18, 20)}


@pytest.mark.parametrize("runtime", ["python3.9", "nodejs22.x", "node20"])
def test_an_unknown_runtime_is_a_warning_not_an_error(runtime):
    config, problems = parse({"runtime": runtime, "endpoints": {"a": {"file": "a.js"}}})
    problem = only(problems, Severity.WARNING)
    assert not any(p.is_error for p in problems)
    assert problem.message.startswith(f'Unknown runtime "{runtime}"')
    assert problem.key_path == "runtime"
    assert "nodejs20.x" in problem.hint
    assert config.runtime == runtime


def test_a_missing_runtime_is_a_warning():
    _, problems = parse({"endpoints": {"a": {"file": "a.js"}}})
    problem = only(problems, Severity.WARNING)
    assert problem.message == "No runtime specified"
    assert not any(p.is_error for p in problems)


# --- syntax ------------------------------------------------------------------


def test_a_trailing_comma_is_reported_at_its_line_and_column():
    text = '{\n  "runtime": "nodejs20.x",\n  "endpoints": {"a": {"file": "a.js"},}\n}\n'
    config, problems = parse(text)
    problem = only(problems)
    assert config is None
    assert problem.message == "Invalid JSON: trailing comma in object"
    # msgspec points just past the comma, at the closing brace.
    assert (problem.line, problem.column) == (3, 39)
    assert "line 3, column 39" in problem.hint
    assert str(problem).startswith(f"{SOURCE}:3:39: error: Invalid JSON")


def test_a_missing_comma_is_placed_after_multibyte_characters_by_character():
    text = '{\n  "environment": {"GRÜSSE": "hallo wörld" "X": "y"}\n}'
    _, problems = parse(text)
    problem = only(problems)
    assert problem.message == "Invalid JSON: expected ',' or '}'"
    # Column 43 counts Ü and ö as one each; their UTF-8 bytes would give 45.
    assert (problem.line, problem.column) == (2, 43)


def test_a_comment_is_invalid_json_with_a_hint_that_says_so():
    _, problems = parse('{\n  // my functions\n  "endpoints": {}\n}')
    problem = only(problems)
    assert problem.message == "Invalid JSON: object keys must be strings"
    assert (problem.line, problem.column) == (2, 3)
    assert "no comments" in problem.hint


def test_a_truncated_file_is_reported_at_its_end():
    _, problems = parse('{\n  "endpoints": {\n')
    problem = only(problems)
    assert problem.message == "Invalid JSON: unexpected end of file"
    assert (problem.line, problem.column) == (3, 1)


def test_an_empty_file_says_it_is_empty():
    _, problems = parse("  \n")
    assert only(problems).message == "File is empty"


def test_invalid_utf8_is_reported_where_it_occurs():
    config, problems = parse_config(b'{"runtime": "nodejs20.x",\n "version": "1.\xff"}', SOURCE)
    problem = only(problems)
    assert config is None
    assert problem.message == "File is not valid UTF-8"
    assert (problem.line, problem.column) == (2, 16)


def test_a_byte_order_mark_is_accepted():
    data = b"\xef\xbb\xbf" + json.dumps(config_with(hello={"file": "hello.js"})).encode()
    config, problems = parse_config(data, SOURCE)
    assert problems == []
    assert list(config.endpoints) == ["hello"]


@pytest.mark.parametrize(("document", "kind"), [([], "an array"), ("null", "null"), ('"x"', "a string")])
def test_the_document_must_be_an_object(document, kind):
    config, problems = parse(document if isinstance(document, str) else json.dumps(document))
    assert config is None
    assert only(problems).message == f"serverless.json must hold a JSON object, not {kind}"


# --- types -------------------------------------------------------------------


def test_endpoints_that_are_not_an_object():
    _, problems = parse({"runtime": "nodejs20.x", "endpoints": [{"file": "a.js"}]})
    problem = only(problems)
    assert problem.key_path == "endpoints"
    assert problem.message == "Expected an object, got an array"
    assert '"endpoints": {"hello"' in problem.hint


def test_a_method_that_is_a_number():
    _, problems = parse(config_with(hello={"method": 1, "file": "hello.js"}))
    problem = only(problems)
    assert problem.key_path == 'endpoints["hello"].method'
    assert problem.message == "Expected a string or an array, got a number"
    assert '"method": ["GET", "POST"]' in problem.hint


def test_a_number_inside_a_method_array_is_pinned_to_its_index():
    _, problems = parse(config_with(hello={"method": ["GET", 2], "file": "hello.js"}))
    problem = only(problems)
    assert problem.key_path == 'endpoints["hello"].method[1]'
    assert problem.message == "Expected a string, got a number"


def test_a_null_file_is_a_type_error_not_a_missing_file():
    _, problems = parse(config_with(hello={"method": "GET", "file": None}))
    problem = only(problems)
    assert problem.key_path == 'endpoints["hello"].file'
    assert problem.message == "Expected a string, got null"


def test_an_endpoint_that_is_not_an_object():
    _, problems = parse(config_with(hello="hello.js", other={"file": "other.js"}))
    problem = only(problems)
    assert problem.key_path == 'endpoints["hello"]'
    assert problem.message == "Expected an object, got a string"


@pytest.mark.parametrize(("value", "kind", "quoted"), [(8080, "a number", '"8080"'), (True, "a boolean", '"true"')])
def test_an_environment_value_that_is_not_a_string(value, kind, quoted):
    _, problems = parse(config_with(hello={"file": "hello.js"}) | {"environment": {"PORT": value, "OK": "yes"}})
    problem = only(problems)
    assert problem.key_path == 'environment["PORT"]'
    assert problem.message == f"Expected a string, got {kind}"
    assert problem.hint == f'Quote it: "PORT": {quoted}'


def test_an_endpoint_environment_value_that_is_not_a_string():
    _, problems = parse(config_with(hello={"file": "hello.js", "environment": {"LIMIT": 10}}))
    problem = only(problems)
    assert problem.key_path == 'endpoints["hello"].environment["LIMIT"]'
    assert problem.message == "Expected a string, got a number"


def test_environment_that_is_an_array():
    _, problems = parse(config_with(hello={"file": "hello.js"}) | {"environment": ["A=1"]})
    problem = only(problems)
    assert problem.key_path == "environment"
    assert problem.message == "Expected an object, got an array"


def test_secrets_that_are_not_a_list_of_strings():
    _, problems = parse(config_with(hello={"file": "hello.js", "secrets": "API_KEY"}) | {"secrets": ["A", 7]})
    assert {(p.key_path, p.message) for p in problems} == {
        ("secrets[1]", "Expected a string, got a number"),
        ('endpoints["hello"].secrets', "Expected an array, got a string"),
    }


def test_a_numeric_version():
    _, problems = parse(config_with(hello={"file": "hello.js"}) | {"version": 1.0})
    problem = only(problems)
    assert problem.key_path == "version"
    assert problem.message == "Expected a string, got a number"
    assert problem.hint == 'For example: "version": "1.0"'


def test_every_type_error_is_reported_at_once():
    _, problems = parse(
        {
            "runtime": 20,
            "environment": {"A": 1, "B": 2},
            "endpoints": {
                "one": {"method": 1, "file": "one.js"},
                "two": {"method": "GET", "file": 2},
                "three": [],
            },
        }
    )
    assert sorted(p.key_path for p in problems if p.is_error) == [
        'endpoints["one"].method',
        'endpoints["three"]',
        'endpoints["two"].file',
        'environment["A"]',
        'environment["B"]',
        "runtime",
    ]


# --- unknown keys ------------------------------------------------------------


def test_an_unknown_top_level_key_is_a_warning_with_a_suggestion():
    _, problems = parse(config_with(hello={"file": "hello.js"}) | {"secret": ["A"]})
    problem = only(problems, Severity.WARNING)
    assert not any(p.is_error for p in problems)
    assert problem.key_path == "secret"
    assert problem.message == 'Unknown key "secret" is ignored'
    assert problem.hint == 'Did you mean "secrets"?'


def test_an_unknown_endpoint_key_is_a_warning_listing_the_known_ones():
    config, problems = parse(config_with(hello={"file": "hello.js", "timeout": 5}))
    problem = only(problems, Severity.WARNING)
    assert problem.key_path == 'endpoints["hello"].timeout'
    assert problem.message == 'Unknown key "timeout" is ignored'
    assert problem.hint == "Known keys here: method, file, environment, secrets."
    assert config.endpoints["hello"].file == "hello.js"


def test_a_misspelt_endpoints_key_warns_and_then_finds_no_endpoints():
    _, problems = parse({"runtime": "nodejs20.x", "enpoints": {"a": {"file": "a.js"}}})
    assert [(p.severity, p.message) for p in problems] == [
        (Severity.WARNING, 'Unknown key "enpoints" is ignored'),
        (Severity.ERROR, f"No endpoints found in {SOURCE}."),
    ]
    assert problems[0].hint == 'Did you mean "endpoints"?'


# --- rules -------------------------------------------------------------------


@pytest.mark.parametrize("endpoints", [{}, None])
def test_no_endpoints_is_reported_like_hubspots_dev_runtime(endpoints):
    config = {"runtime": "nodejs20.x"} | ({} if endpoints is None else {"endpoints": endpoints})
    _, problems = parse(config)
    problem = only(problems)
    assert problem.message == "No endpoints found in /srv/site.functions/serverless.json."
    assert problem.key_path == "endpoints"


def test_no_endpoints_is_not_added_when_the_only_endpoint_had_a_type_error():
    _, problems = parse(config_with(hello=["hello.js"]))
    assert messages(problems) == ["Expected an object, got an array"]


def test_an_invalid_method():
    _, problems = parse(config_with(**{"registration/new": {"method": "FETCH", "file": "r.js"}}))
    problem = only(problems)
    assert problem.message == f'Invalid method "FETCH" for route "registration/new". {ALLOWED}'
    assert problem.key_path == 'endpoints["registration/new"].method'


def test_an_invalid_method_inside_an_array_keeps_its_spelling_and_index():
    _, problems = parse(config_with(form={"method": ["post", "options", "head"], "file": "form.js"}))
    assert [(p.key_path, p.message) for p in problems] == [
        ('endpoints["form"].method[1]', f'Invalid method "options" for route "form". {ALLOWED}'),
        ('endpoints["form"].method[2]', f'Invalid method "head" for route "form". {ALLOWED}'),
    ]


def test_an_empty_method_array_means_no_method():
    _, problems = parse(config_with(hello={"method": [], "file": "hello.js"}))
    assert only(problems).message == 'No method was specified for route "hello"'


def test_a_missing_file():
    _, problems = parse(config_with(**{"registration/new": {"method": "POST"}}))
    problem = only(problems)
    assert problem.message == 'No file was specified for route "registration/new"'
    assert problem.key_path == 'endpoints["registration/new"].file'


def test_a_file_of_the_wrong_type_is_not_also_reported_missing():
    _, problems = parse(config_with(hello={"file": ["hello.js"]}))
    assert messages(problems) == ["Expected a string, got an array"]


def test_a_bad_method_and_a_missing_file_in_one_endpoint_are_both_reported():
    _, problems = parse(config_with(hello={"method": 3}))
    assert messages(problems) == [
        "Expected a string or an array, got a number",
        'No file was specified for route "hello"',
    ]


@pytest.mark.parametrize("name", ["_HANDLER", "AWS_REGION", "AWS_SECRET_ACCESS_KEY", "LAMBDA_TASK_ROOT", "TZ"])
def test_environment_names_reserved_by_aws_lambda_are_errors(name):
    _, problems = parse(config_with(hello={"file": "hello.js"}) | {"environment": {name: "x"}})
    problem = only(problems)
    assert problem.message == f'Environment variable "{name}" is reserved by AWS Lambda'
    assert problem.key_path == f'environment["{name}"]'
    assert "AWS_*" in problem.hint


@pytest.mark.parametrize("name", ["aws_region", "MY_AWS_KEY", "TZ_NAME", "HANDLER", "LAMBDA"])
def test_names_that_only_resemble_reserved_ones_are_fine(name):
    _, problems = parse(config_with(hello={"file": "hello.js"}) | {"environment": {name: "x"}})
    assert problems == []


def test_a_reserved_name_in_an_endpoint_environment():
    _, problems = parse(config_with(hello={"file": "hello.js", "environment": {"TZ": "Europe/Paris"}}))
    problem = only(problems)
    assert problem.message == 'Environment variable "TZ" is reserved by AWS Lambda'
    assert problem.key_path == 'endpoints["hello"].environment["TZ"]'


def test_a_reserved_secret_name():
    _, problems = parse(config_with(hello={"file": "hello.js", "secrets": ["AWS_ACCESS_KEY_ID"]}))
    problem = only(problems)
    assert problem.message == 'Secret "AWS_ACCESS_KEY_ID" is reserved by AWS Lambda'
    assert problem.key_path == 'endpoints["hello"].secrets[0]'


CLASH = 'Environment variable "API_KEY" has the same name as a secret'


def test_an_environment_variable_named_like_a_folder_secret():
    config = config_with(hello={"file": "hello.js"}) | {"environment": {"API_KEY": "x"}, "secrets": ["API_KEY"]}
    problem = only(parse(config)[1])
    assert problem.message == CLASH
    assert problem.key_path == 'environment["API_KEY"]'
    assert "process.env.API_KEY" in problem.hint


def test_an_endpoint_variable_named_like_a_folder_secret():
    config = config_with(hello={"file": "hello.js", "environment": {"API_KEY": "x"}}) | {"secrets": ["API_KEY"]}
    problem = only(parse(config)[1])
    assert problem.message == CLASH
    assert problem.key_path == 'endpoints["hello"].environment["API_KEY"]'


def test_a_folder_variable_named_like_an_endpoint_secret():
    config = config_with(hello={"file": "hello.js", "secrets": ["API_KEY"]}) | {"environment": {"API_KEY": "x"}}
    problem = only(parse(config)[1])
    assert problem.message == CLASH
    assert problem.key_path == 'endpoints["hello"].secrets[0]'


def test_a_clash_at_folder_level_is_reported_once_not_per_endpoint():
    config = config_with(a={"file": "a.js"}, b={"file": "b.js"}) | {
        "environment": {"API_KEY": "x"},
        "secrets": ["API_KEY"],
    }
    assert messages(parse(config)[1]) == [CLASH]


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "it is empty"),
        ("/hello", 'it must not start or end with "/"'),
        ("hello/", 'it must not start or end with "/"'),
        ("a/../b", 'it has an empty, "." or ".." segment'),
        ("a//b", 'it has an empty, "." or ".." segment'),
        ("./hello", 'it has an empty, "." or ".." segment'),
        ("hello world", 'it contains " "; only letters, digits, "_", "-", "." and "/" are allowed'),
        ("grüße?x", 'it contains "ü", "ß", "?"; only letters, digits, "_", "-", "." and "/" are allowed'),
    ],
)
def test_invalid_endpoint_paths(key, reason):
    _, problems = parse(config_with(**{key: {"file": "hello.js"}}))
    problem = only(problems)
    assert problem.message == f'Invalid endpoint path "{key}": {reason}'
    assert problem.key_path == f"endpoints[{json.dumps(key, ensure_ascii=False)}]"


@pytest.mark.parametrize("key", ["hello", "registration/new", "v1.2/contact_form-submit", "A/b/C"])
def test_valid_endpoint_paths(key):
    assert parse(config_with(**{key: {"file": "hello.js"}}))[1] == []


def test_endpoint_paths_differing_only_in_case_clash():
    _, problems = parse(config_with(Contact={"file": "a.js"}, contact={"file": "b.js"}))
    problem = only(problems)
    assert problem.message == (
        'Endpoint "contact" clashes with endpoint "Contact": endpoint paths are matched case-insensitively'
    )
    assert problem.key_path == 'endpoints["contact"]'


def test_every_problem_in_a_file_is_reported_together():
    _, problems = parse(
        {
            "runtime": "nodejs20.x",
            "environment": {"AWS_REGION": "eu-west-1", "TOKEN": "x"},
            "secrets": ["TOKEN"],
            "endpoints": {
                "/bad": {"method": "GET", "file": "bad.js"},
                "nofile": {"method": "POST"},
                "weird": {"method": "SEARCH", "file": "weird.js"},
            },
        }
    )
    assert messages(problems) == [
        'Environment variable "AWS_REGION" is reserved by AWS Lambda',
        'Environment variable "TOKEN" has the same name as a secret',
        'Invalid endpoint path "/bad": it must not start or end with "/"',
        'No file was specified for route "nofile"',
        f'Invalid method "SEARCH" for route "weird". {ALLOWED}',
    ]
    assert all(p.file == SOURCE and p.hint for p in problems)
