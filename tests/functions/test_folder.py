"""Loading one folder from disk: endpoints, files, the sandbox file table, .env."""

from __future__ import annotations

from pathlib import Path

import pytest

from runtime.functions import MAX_FILE_BYTES, MAX_TOTAL_BYTES, FolderError, Severity, load_folder

MISSION_JS = """const { missionStatement } = require("../lib/text");
exports.main = (context, sendResponse) => sendResponse({ body: { mission: missionStatement } });
"""


def sized(path: Path, size: int) -> None:
    """A sparse file: as large as stat says, without writing the bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        f.truncate(size)


def by_key(folder):
    return {e.key: e for e in folder.endpoints}


# --- folders that load ---------------------------------------------------------


def test_the_folder_hubspot_generates_loads(make_folder, hello_config):
    root = make_folder(hello_config())
    folder = load_folder(root)
    (hello,) = folder.endpoints
    assert folder.path == root
    assert folder.name == "site.functions"
    assert (folder.runtime, folder.version) == ("nodejs20.x", "1.0")
    assert folder.warnings == ()
    assert (hello.key, hello.methods, hello.file, hello.entry) == ("hello", ("GET",), "hello.js", "/app/hello.js")
    assert folder.module_files()["/app/hello.js"] == root / "hello.js"


def test_nested_endpoints_method_arrays_and_per_endpoint_environment(make_folder):
    root = make_folder(
        {
            "runtime": "nodejs18.x",
            "version": "1.0",
            "environment": {"API_BASE": "https://api.example.com", "LOG_LEVEL": "info"},
            "secrets": ["HUBSPOT_PRIVATE_APP_TOKEN"],
            "endpoints": {
                "registration/new": {
                    "method": ["post", "PUT"],
                    "file": "endpoints/registration/new.js",
                    "environment": {"LOG_LEVEL": "debug"},
                    "secrets": ["RECAPTCHA_SECRET"],
                },
                "mission": {"method": "GET", "file": "./endpoints/mission.js"},
            },
        },
        files={"endpoints/mission.js": MISSION_JS, "lib/text.js": 'exports.missionStatement = "x";'},
    )
    endpoints = by_key(load_folder(root))
    registration, mission = endpoints["registration/new"], endpoints["mission"]
    assert registration.methods == ("POST", "PUT")
    assert registration.entry == "/app/endpoints/registration/new.js"
    assert registration.environment == {"API_BASE": "https://api.example.com", "LOG_LEVEL": "debug"}
    assert registration.secrets == ("HUBSPOT_PRIVATE_APP_TOKEN", "RECAPTCHA_SECRET")
    # The override belongs to its endpoint only.
    assert mission.environment == {"API_BASE": "https://api.example.com", "LOG_LEVEL": "info"}
    assert mission.secrets == ("HUBSPOT_PRIVATE_APP_TOKEN",)
    assert (mission.file, mission.entry) == ("endpoints/mission.js", "/app/endpoints/mission.js")


def test_route_keys_ignore_case(make_folder):
    root = make_folder({"runtime": "nodejs20.x", "endpoints": {"Contact/Submit": {"file": "contact.js"}}})
    (endpoint,) = load_folder(root).endpoints
    assert (endpoint.key, endpoint.route_key) == ("Contact/Submit", "contact/submit")


def test_endpoint_data_cannot_be_changed_after_loading(make_folder, hello_config):
    folder = load_folder(make_folder(hello_config(environment={"A": "1"})))
    with pytest.raises(TypeError):
        folder.endpoints[0].environment["A"] = "2"  # type: ignore[index]
    with pytest.raises(TypeError):
        folder.module_files()["/app/x.js"] = Path("/etc/passwd")  # type: ignore[index]


def test_a_folder_whose_name_lacks_the_suffix_loads_with_a_warning(make_folder, hello_config):
    folder = load_folder(make_folder(hello_config(), name="site"))
    (problem,) = folder.warnings
    assert problem.severity is Severity.WARNING
    assert problem.message == 'Folder name does not end in ".functions"'


def test_warnings_do_not_stop_a_folder_from_loading(make_folder, hello_config):
    folder = load_folder(make_folder(hello_config(runtime="nodejs8.10", extra=True)))
    assert [p.message for p in folder.warnings] == [
        'Unknown key "extra" is ignored',
        'Unknown runtime "nodejs8.10"; the function runs in fnbox\'s Node-compatible sandbox anyway',
    ]
    assert [e.key for e in folder.endpoints] == ["hello"]


# --- folders that do not -------------------------------------------------------


def test_a_missing_serverless_json(make_folder, problems_of):
    root = make_folder(None, files={"hello.js": "exports.main = () => {};"})
    (problem,) = problems_of(root)
    assert problem.message == f"No serverless.json found in {root}"
    assert problem.file == root / "serverless.json"
    assert '"endpoints"' in problem.hint


def test_a_folder_that_does_not_exist(tmp_path, problems_of):
    (problem,) = problems_of(tmp_path / "gone.functions")
    assert problem.message == f"{tmp_path / 'gone.functions'} does not exist"


def test_a_file_instead_of_a_folder(tmp_path, problems_of):
    path = tmp_path / "site.functions"
    path.write_text("{}")
    (problem,) = problems_of(path)
    assert problem.message == f"{path} is not a folder"


def test_invalid_json_is_reported_with_its_position(make_folder, problems_of):
    root = make_folder('{\n  "runtime": "nodejs20.x"\n  "endpoints": {}\n}')
    (problem,) = problems_of(root)
    assert problem.file == root / "serverless.json"
    assert problem.message == "Invalid JSON: expected ',' or '}'"
    assert (problem.line, problem.column) == (3, 3)


def test_no_endpoints(make_folder, problems_of):
    root = make_folder({"runtime": "nodejs20.x", "version": "1.0", "endpoints": {}})
    (problem,) = problems_of(root)
    assert problem.message == f"No endpoints found in {root}/serverless.json."


def test_a_file_missing_on_disk(make_folder, problems_of):
    root = make_folder({"runtime": "nodejs20.x", "endpoints": {"hello": {"file": "hello.js"}}})
    (root / "hello.js").unlink()
    (problem,) = problems_of(root)
    assert problem.message == f'File "hello.js" for route "hello" does not exist in {root}'
    assert problem.key_path == 'endpoints["hello"].file'
    assert problem.file == root / "serverless.json"


def test_a_file_outside_the_folder_is_refused_even_though_it_exists(make_folder, problems_of, tmp_path):
    (tmp_path / "shared.js").write_text("exports.main = () => {};")
    root = make_folder({"runtime": "nodejs20.x", "endpoints": {"shared": {"file": "../shared.js"}}})
    (problem,) = problems_of(root)
    assert problem.message == 'File "../shared.js" for route "shared" points outside the folder'


def test_a_path_that_climbs_out_and_back_in_elsewhere_is_refused(make_folder, problems_of, tmp_path):
    other = make_folder({"runtime": "nodejs20.x", "endpoints": {"x": {"file": "x.js"}}}, name="other.functions")
    root = make_folder({"runtime": "nodejs20.x", "endpoints": {"x": {"file": "lib/../../other.functions/x.js"}}})
    assert (other / "x.js").exists()
    (problem,) = problems_of(root)
    assert problem.message.endswith("points outside the folder")


def test_a_path_that_stays_inside_after_normalising_is_fine(make_folder):
    root = make_folder(
        {"runtime": "nodejs20.x", "endpoints": {"x": {"file": "lib/../endpoints/x.js"}}},
        files={"endpoints/x.js": "exports.main = () => {};"},
    )
    (endpoint,) = load_folder(root).endpoints
    assert (endpoint.file, endpoint.entry) == ("endpoints/x.js", "/app/endpoints/x.js")


def test_an_absolute_file_path_is_refused(make_folder, problems_of, tmp_path):
    outside = tmp_path / "abs.js"
    outside.write_text("exports.main = () => {};")
    root = make_folder({"runtime": "nodejs20.x", "endpoints": {"abs": {"file": str(outside)}}})
    (problem,) = problems_of(root)
    assert problem.message == f'File "{outside}" for route "abs" is an absolute path'


def test_a_windows_absolute_path_is_refused(make_folder, problems_of):
    root = make_folder({"runtime": "nodejs20.x", "endpoints": {"w": {"file": "C:\\funcs\\w.js"}}})
    (problem,) = problems_of(root)
    assert problem.message.endswith("is an absolute path")


def test_a_symlinked_file_pointing_outside_is_refused(make_folder, problems_of, tmp_path):
    secret = tmp_path / "elsewhere" / "steal.js"
    secret.parent.mkdir()
    secret.write_text("exports.main = () => {};")
    root = make_folder({"runtime": "nodejs20.x", "endpoints": {"steal": {"file": "steal.js"}}}, files={})
    (root / "steal.js").unlink()
    (root / "steal.js").symlink_to(secret)
    problems = problems_of(root)
    assert [p.message for p in problems if p.is_error] == [
        'File "steal.js" for route "steal" is a symlink to a file outside the folder'
    ]


def test_a_symlinked_folder_pointing_outside_is_refused(make_folder, problems_of, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.js").write_text("exports.main = () => {};")
    root = make_folder({"runtime": "nodejs20.x", "endpoints": {"x": {"file": "lib/x.js"}}}, files={})
    (root / "lib" / "x.js").unlink()
    (root / "lib").rmdir()
    (root / "lib").symlink_to(tmp_path / "elsewhere")
    errors = [p.message for p in problems_of(root) if p.is_error]
    assert errors == ['File "lib/x.js" for route "x" is a symlink to a file outside the folder']


def test_a_symlink_inside_the_folder_is_fine(make_folder):
    root = make_folder(
        {"runtime": "nodejs20.x", "endpoints": {"hello": {"file": "hello.js"}}},
        files={"src/hello.js": "exports.main = () => {};"},
    )
    (root / "hello.js").unlink()
    (root / "hello.js").symlink_to(root / "src" / "hello.js")
    folder = load_folder(root)
    assert folder.module_files()["/app/hello.js"] == root / "src" / "hello.js"


def test_an_entry_that_is_not_javascript(make_folder, problems_of):
    root = make_folder(
        {"runtime": "nodejs20.x", "endpoints": {"ts": {"file": "ts.ts"}, "esm": {"file": "esm.mjs"}}},
        files={"ts.ts": "export {}", "esm.mjs": "export {}"},
    )
    assert [p.message for p in problems_of(root)] == [
        'File "ts.ts" for route "ts" is not a .js or .cjs file',
        'File "esm.mjs" for route "esm" is not a .js or .cjs file',
    ]


def test_a_cjs_entry_is_fine(make_folder):
    root = make_folder({"runtime": "nodejs20.x", "endpoints": {"c": {"file": "c.cjs"}}})
    assert load_folder(root).endpoints[0].entry == "/app/c.cjs"


def test_an_entry_that_is_a_directory(make_folder, problems_of):
    # Written as text so the helper does not create d.js as a file.
    config = '{"runtime": "nodejs20.x", "endpoints": {"d": {"file": "d.js"}}}'
    root = make_folder(config, files={"d.js/index.js": ""})
    (problem,) = problems_of(root)
    assert problem.message == 'File "d.js" for route "d" is not a regular file'


def test_an_empty_file_path(make_folder, problems_of):
    root = make_folder({"runtime": "nodejs20.x", "endpoints": {"e": {"file": ""}}})
    (problem,) = problems_of(root)
    assert problem.message == 'File "" for route "e" is an empty path'


def test_every_problem_in_a_folder_is_reported_at_once(make_folder):
    root = make_folder(
        {
            "runtime": "nodejs20.x",
            "environment": {"TZ": "UTC", "PORT": 3000},
            "secrets": ["API_KEY"],
            "endpoints": {
                "hello": {"method": "GET", "file": "hello.js"},
                "missing": {"method": "GET", "file": "missing.js"},
                "escape": {"file": "../escape.js"},
                "bad-method": {"method": "CONNECT", "file": "hello.js"},
                "no-file": {"method": "POST"},
            },
        },
    )
    (root / "missing.js").unlink()
    sized(root / "node_modules" / "huge" / "index.js", MAX_FILE_BYTES + 1)
    (root / ".env").write_text("API_KEY=abc\nthis is not valid\n")
    with pytest.raises(FolderError) as caught:
        load_folder(root)
    error = caught.value
    assert [(p.severity.value, p.message) for p in error.problems] == [
        ("error", 'Expected a string, got a number'),
        ("error", 'Environment variable "TZ" is reserved by AWS Lambda'),
        ("error", 'Invalid method "CONNECT" for route "bad-method". Allowed values are GET, POST, PUT, PATCH, DELETE'),
        ("error", 'No file was specified for route "no-file"'),
        ("error", f'File "missing.js" for route "missing" does not exist in {root}'),
        ("error", 'File "../escape.js" for route "escape" points outside the folder'),
        ("warning", "File is 5.1 MB, over the 5 MB limit per file; it was skipped and cannot be required"),
        ("warning", "Line is not NAME=value; it was ignored"),
    ]
    assert len(error.errors) == 6
    text = str(error)
    assert text.splitlines()[0] == f"{root}: 6 errors and 2 warnings"
    for problem in error.problems:
        assert str(problem) in text
    assert f'{root}/serverless.json: error: environment["PORT"]: Expected a string, got a number' in text
    assert "\n  hint: Quote it" in text


# --- the sandbox's file table ---------------------------------------------------


def test_module_files_cover_everything_require_can_load_and_nothing_else(make_folder, hello_config):
    root = make_folder(
        hello_config(),
        files={
            "lib/util.js": "",
            "lib/data.json": "{}",
            "lib/legacy.cjs": "",
            "package.json": '{"name": "site", "dependencies": {"lodash": "4"}}',
            "node_modules/lodash/package.json": '{"main": "lodash.js"}',
            "node_modules/lodash/lodash.js": "",
            "node_modules/@hubspot/api-client/lib/index.js": "",
            "node_modules/pkg/.internal/hidden.js": "",
            "node_modules/.package-lock.json": "{}",
            "README.md": "# docs",
            "lib/style.css": "",
            "lib/types.d.ts": "",
            ".env": "API_KEY=secret",
            ".eslintrc.json": "{}",
            ".vscode/settings.json": "{}",
            "lib/.cache/x.js": "",
        },
    )
    files = load_folder(root).module_files()
    assert sorted(files) == [
        "/app/hello.js",
        "/app/lib/data.json",
        "/app/lib/legacy.cjs",
        "/app/lib/util.js",
        "/app/node_modules/.package-lock.json",
        "/app/node_modules/@hubspot/api-client/lib/index.js",
        "/app/node_modules/lodash/lodash.js",
        "/app/node_modules/lodash/package.json",
        "/app/node_modules/pkg/.internal/hidden.js",
        "/app/package.json",
    ]
    assert files["/app/node_modules/lodash/lodash.js"] == root / "node_modules/lodash/lodash.js"
    assert all(path.is_absolute() and path.is_relative_to(root) for path in files.values())


def test_serverless_json_is_hidden_only_at_the_top(make_folder, hello_config):
    root = make_folder(hello_config(), files={"fixtures/serverless.json": "{}"})
    files = load_folder(root).module_files()
    assert "/app/serverless.json" not in files
    assert "/app/fixtures/serverless.json" in files


def test_an_entry_inside_a_dot_folder_is_still_served(make_folder):
    root = make_folder({"runtime": "nodejs20.x", "endpoints": {"h": {"file": ".build/h.js"}}})
    files = load_folder(root).module_files()
    assert list(files) == ["/app/.build/h.js"]


def test_symlinks_out_of_the_folder_are_skipped_with_a_warning(make_folder, hello_config, tmp_path):
    outside = tmp_path / "outside"
    (outside / "pkg").mkdir(parents=True)
    (outside / "pkg" / "index.js").write_text("")
    (outside / "secret.json").write_text("{}")
    root = make_folder(hello_config(), files={"node_modules/.keep.js": ""})
    (root / "node_modules" / "pkg").symlink_to(outside / "pkg")
    (root / "config.json").symlink_to(outside / "secret.json")
    folder = load_folder(root)
    assert not any("outside" in str(p) for p in folder.module_files().values())
    assert sorted((str(p.file.relative_to(root)), p.message) for p in folder.warnings) == [
        ("config.json", "Skipped a symlink that points outside the folder"),
        ("node_modules/pkg", "Skipped a symlink that points outside the folder"),
    ]


def test_symlinked_packages_inside_the_folder_are_followed(make_folder, hello_config):
    # pnpm's layout: node_modules/<name> links into node_modules/.pnpm.
    root = make_folder(hello_config(), files={"node_modules/.pnpm/axios@1.6.0/node_modules/axios/index.js": ""})
    (root / "node_modules" / "axios").symlink_to(root / "node_modules/.pnpm/axios@1.6.0/node_modules/axios")
    files = load_folder(root).module_files()
    real = root / "node_modules/.pnpm/axios@1.6.0/node_modules/axios/index.js"
    assert files["/app/node_modules/axios/index.js"] == real
    assert files["/app/node_modules/.pnpm/axios@1.6.0/node_modules/axios/index.js"] == real


def test_a_symlink_loop_does_not_hang_the_scan(make_folder, hello_config):
    root = make_folder(hello_config(), files={"lib/a.js": ""})
    (root / "lib" / "again").symlink_to(root / "lib")
    files = load_folder(root).module_files()
    assert sorted(files) == ["/app/hello.js", "/app/lib/a.js"]


def test_a_file_over_the_size_cap_is_skipped_with_a_warning(make_folder, hello_config):
    root = make_folder(hello_config())
    sized(root / "data" / "big.json", MAX_FILE_BYTES + 1)
    sized(root / "data" / "ok.json", MAX_FILE_BYTES)
    folder = load_folder(root)
    assert "/app/data/big.json" not in folder.module_files()
    assert "/app/data/ok.json" in folder.module_files()
    (problem,) = folder.warnings
    assert problem.file == root / "data" / "big.json"
    assert problem.message == "File is 5.1 MB, over the 5 MB limit per file; it was skipped and cannot be required"


def test_an_entry_over_the_size_cap_is_an_error(make_folder, hello_config, problems_of):
    root = make_folder(hello_config())
    sized(root / "hello.js", MAX_FILE_BYTES + 1)
    (problem,) = problems_of(root)
    assert problem.severity is Severity.ERROR
    assert problem.file == root / "hello.js"
    assert problem.message == "File is 5.1 MB, over the 5 MB limit per file"


def test_too_many_bytes_in_total_is_an_error(make_folder, hello_config, problems_of):
    root = make_folder(hello_config())
    count = MAX_TOTAL_BYTES // MAX_FILE_BYTES + 1
    for i in range(count):
        sized(root / "node_modules" / f"pkg{i}" / "index.js", MAX_FILE_BYTES)
    (problem,) = problems_of(root)
    assert problem.file == root
    assert problem.message == f"The folder's module files total {count * 5 + 0.1:.1f} MB, over the 50 MB limit"


def test_two_links_to_one_file_count_its_size_once(make_folder, hello_config):
    root = make_folder(hello_config())
    count = MAX_TOTAL_BYTES // MAX_FILE_BYTES
    for i in range(count - 2):
        sized(root / "lib" / f"part{i}.js", MAX_FILE_BYTES)
    sized(root / "lib" / "shared.js", MAX_FILE_BYTES)
    (root / "lib" / "alias.js").symlink_to(root / "lib" / "shared.js")
    folder = load_folder(root)  # just under 50 MB of distinct files, just over it by name
    assert "/app/lib/alias.js" in folder.module_files()


# --- .env -----------------------------------------------------------------------


def test_dotenv_is_read_like_the_dotenv_package(make_folder, hello_config):
    root = make_folder(
        hello_config(),
        files={
            ".env": "\n".join(
                [
                    "# local secrets, never committed",
                    "HUBSPOT_TOKEN=pat-na1-1234",
                    "export RECAPTCHA_SECRET = spaced  ",
                    'GREETING="hello # not a comment"',
                    "SINGLE='raw \\n stays'",
                    'ESCAPED="two\\nlines"',
                    'PEM="-----BEGIN KEY-----',
                    'abc',
                    '-----END KEY-----"',
                    "INLINE=value # a comment",
                    "EMPTY=",
                    "URL=https://example.com/?a=1&b=2",
                    "",
                ]
            )
        },
    )
    dotenv = load_folder(root).dotenv
    assert dict(dotenv) == {
        "HUBSPOT_TOKEN": "pat-na1-1234",
        "RECAPTCHA_SECRET": "spaced",
        "GREETING": "hello # not a comment",
        "SINGLE": "raw \\n stays",
        "ESCAPED": "two\nlines",
        "PEM": "-----BEGIN KEY-----\nabc\n-----END KEY-----",
        "INLINE": "value",
        "EMPTY": "",
        "URL": "https://example.com/?a=1&b=2",
    }


def test_dotenv_with_windows_line_endings(make_folder, hello_config):
    root = make_folder(hello_config(), files={".env": b"A=1\r\nB=2\r\n"})
    assert dict(load_folder(root).dotenv) == {"A": "1", "B": "2"}


def test_a_folder_without_dotenv_has_an_empty_one(make_folder, hello_config):
    assert dict(load_folder(make_folder(hello_config())).dotenv) == {}


def test_a_malformed_dotenv_line_warns_by_number_without_showing_it(make_folder, hello_config):
    root = make_folder(hello_config(), files={".env": "A=1\n\nsupersecretvalue\nB=2\n"})
    folder = load_folder(root)
    (problem,) = folder.warnings
    assert dict(folder.dotenv) == {"A": "1", "B": "2"}
    assert (problem.file, problem.line) == (root / ".env", 3)
    assert problem.message == "Line is not NAME=value; it was ignored"
    assert "supersecretvalue" not in str(problem)


def test_a_dotenv_that_is_not_utf8_is_ignored_with_a_warning(make_folder, hello_config):
    root = make_folder(hello_config(), files={".env": b"A=\xff\xfe\n"})
    folder = load_folder(root)
    (problem,) = folder.warnings
    assert dict(folder.dotenv) == {}
    assert problem.message == "Cannot read .env: it is not valid UTF-8; it was ignored"


def test_dotenv_values_never_show_in_reprs(make_folder, hello_config):
    root = make_folder(hello_config(), files={".env": "HUBSPOT_TOKEN=pat-na1-SECRET\n"})
    folder = load_folder(root)
    assert folder.dotenv["HUBSPOT_TOKEN"] == "pat-na1-SECRET"
    for text in (repr(folder), str(folder), repr(folder.dotenv), str(folder.dotenv), f"{folder.dotenv}"):
        assert "pat-na1-SECRET" not in text
    assert "HUBSPOT_TOKEN" in repr(folder.dotenv)


def test_dotenv_is_not_in_the_sandbox_file_table(make_folder, hello_config):
    root = make_folder(hello_config(), files={".env": "A=1\n", ".env.json": "{}"})
    assert not any(".env" in guest for guest in load_folder(root).module_files())


def test_an_unreadable_dotenv_is_a_warning(make_folder, hello_config):
    root = make_folder(hello_config(), files={".env/x": ""})
    folder = load_folder(root)
    (problem,) = folder.warnings
    assert dict(folder.dotenv) == {}
    assert problem.message == "Cannot read .env: Is a directory; it was ignored"
