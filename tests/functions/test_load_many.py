"""Loading an account's folders together: discovery, clashes, account limits."""

from __future__ import annotations

from pathlib import Path

from runtime.functions import AccountLimits, Severity, load_many


def endpoints_config(*keys: str, secrets: list[str] | None = None) -> dict:
    """A folder whose endpoints all share one handler file."""
    return {
        "runtime": "nodejs20.x",
        "version": "1.0",
        "secrets": secrets or [],
        "endpoints": {key: {"method": "GET", "file": "handler.js"} for key in keys},
    }


def test_a_directory_of_folders_loads_each_in_name_order(make_folder, tmp_path):
    make_folder(endpoints_config("blog/subscribe"), name="marketing.functions")
    make_folder(endpoints_config("contact", "registration/new"), name="crm.functions")
    (tmp_path / "assets").mkdir()
    (tmp_path / "notes.functions.txt").write_text("")
    result = load_many([tmp_path])
    assert [f.name for f in result.folders] == ["crm.functions", "marketing.functions"]
    assert result.problems == ()
    assert result.rejected == {}
    assert sorted(result.routes) == ["blog/subscribe", "contact", "registration/new"]
    folder, endpoint = result.routes["registration/new"]
    assert folder.name == "crm.functions"
    assert endpoint.entry == "/app/handler.js"


def test_folders_and_directories_can_be_mixed_in_the_order_given(make_folder, tmp_path):
    make_folder(endpoints_config("a"), name="a.functions", parent=tmp_path / "site")
    lone = make_folder(endpoints_config("b"), name="b.functions", parent=tmp_path / "elsewhere")
    result = load_many([lone, str(tmp_path / "site")])
    assert [f.name for f in result.folders] == ["b.functions", "a.functions"]


def test_a_folder_with_serverless_json_but_no_suffix_is_loaded_itself(make_folder):
    root = make_folder(endpoints_config("legacy"), name="functions")
    result = load_many([root])
    assert [f.path for f in result.folders] == [root]
    assert [p.message for p in result.warnings] == ['Folder name does not end in ".functions"']


def test_a_folder_reached_twice_loads_once(make_folder, tmp_path):
    root = make_folder(endpoints_config("contact"), name="crm.functions")
    result = load_many([tmp_path, root, tmp_path])
    assert [f.path for f in result.folders] == [root]
    assert result.errors == ()


def test_a_bad_folder_does_not_stop_the_good_ones(make_folder, tmp_path):
    good = make_folder(endpoints_config("contact"), name="crm.functions")
    bad = make_folder({"runtime": "nodejs20.x", "endpoints": {"x": {"method": "FETCH"}}}, name="broken.functions")
    later = make_folder(endpoints_config("zebra"), name="zoo.functions")
    result = load_many([tmp_path])
    assert [f.path for f in result.folders] == [good, later]
    assert list(result.rejected) == [bad]
    assert [p.message for p in result.rejected[bad]] == [
        'Invalid method "FETCH" for route "x". Allowed values are GET, POST, PUT, PATCH, DELETE',
        'No file was specified for route "x"',
    ]
    assert result.errors == result.rejected[bad]
    assert sorted(result.routes) == ["contact", "zebra"]


def test_warnings_of_loaded_folders_are_in_the_result(make_folder, tmp_path):
    root = make_folder(endpoints_config("contact") | {"runtime": "deno1"}, name="crm.functions")
    result = load_many([tmp_path])
    (problem,) = result.problems
    assert result.warnings == (problem,)
    assert problem.severity is Severity.WARNING
    assert result.folders[0].warnings == (problem,)
    assert problem.file == root / "serverless.json"


def test_an_endpoint_in_two_folders_is_an_error_naming_both(make_folder, tmp_path):
    first = make_folder(endpoints_config("contact", "about"), name="a.functions")
    second = make_folder(endpoints_config("Contact", "careers"), name="b.functions")
    result = load_many([tmp_path])
    assert [f.path for f in result.folders] == [first]
    (problem,) = result.rejected[second]
    assert problem.message == f'Endpoint "Contact" is defined in both {first} and {second}'
    assert problem.key_path == 'endpoints["Contact"]'
    assert problem.file == second / "serverless.json"
    assert "case-insensitively" in problem.hint
    assert f"{second} was not loaded" in problem.hint
    # Nothing of the rejected folder is served, not even its unique endpoint.
    assert sorted(result.routes) == ["about", "contact"]


def test_every_clashing_endpoint_is_listed(make_folder, tmp_path):
    make_folder(endpoints_config("a", "b"), name="one.functions")
    second = make_folder(endpoints_config("A", "B", "c"), name="two.functions")
    result = load_many([tmp_path])
    assert [p.key_path for p in result.rejected[second]] == ['endpoints["A"]', 'endpoints["B"]']


def test_paths_that_hold_no_folders(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    a_file = tmp_path / "serverless.json"
    a_file.write_text("{}")
    missing = tmp_path / "missing.functions"
    result = load_many([empty, a_file, missing])
    assert result.folders == ()
    assert {path: [p.message for p in problems] for path, problems in result.rejected.items()} == {
        empty: [f"No *.functions folders found in {empty}"],
        a_file: [f"{a_file} is not a folder"],
        missing: [f"{missing} does not exist"],
    }


def test_the_documented_endpoint_limit_of_100_per_account(make_folder, tmp_path):
    first = make_folder(endpoints_config(*(f"a{i}" for i in range(60))), name="a.functions")
    second = make_folder(endpoints_config(*(f"b{i}" for i in range(40))), name="b.functions")
    third = make_folder(endpoints_config("c0"), name="c.functions")
    result = load_many([tmp_path])
    assert [f.path for f in result.folders] == [first, second]
    assert len(result.routes) == 100
    (problem,) = result.rejected[third]
    assert problem.message == (
        f"Loading {third} would bring the account to 101 endpoints; the limit is 100 per account"
    )


def test_a_smaller_folder_after_a_rejected_one_can_still_fit(make_folder, tmp_path):
    make_folder(endpoints_config("a", "b"), name="a.functions")
    big = make_folder(endpoints_config("c", "d", "e"), name="b.functions")
    small = make_folder(endpoints_config("f"), name="c.functions")
    result = load_many([tmp_path], AccountLimits(max_endpoints=3))
    assert [f.name for f in result.folders] == ["a.functions", "c.functions"]
    assert [p.message for p in result.rejected[big]] == [
        f"Loading {big} would bring the account to 5 endpoints; the limit is 3 per account"
    ]
    assert small not in result.rejected


def test_the_documented_secret_limit_of_50_per_account(make_folder, tmp_path):
    make_folder(endpoints_config("a", secrets=[f"S{i}" for i in range(30)]), name="a.functions")
    # 10 of these are already counted: distinct names are what is limited.
    make_folder(endpoints_config("b", secrets=[f"S{i}" for i in range(20, 50)]), name="b.functions")
    third = make_folder(
        {"runtime": "nodejs20.x", "endpoints": {"c": {"file": "c.js", "secrets": ["EXTRA"]}}}, name="c.functions"
    )
    result = load_many([tmp_path])
    assert [f.name for f in result.folders] == ["a.functions", "b.functions"]
    (problem,) = result.rejected[third]
    assert problem.message == (
        f"Loading {third} would bring the account to 51 distinct secrets; the limit is 50 per account"
    )


def test_both_limits_are_reported_together(make_folder, tmp_path):
    make_folder(endpoints_config("a", secrets=["ONE"]), name="a.functions")
    second = make_folder(endpoints_config("b", secrets=["TWO"]), name="b.functions")
    result = load_many([tmp_path], AccountLimits(max_endpoints=1, max_secrets=1))
    assert [p.message for p in result.rejected[second]] == [
        f"Loading {second} would bring the account to 2 endpoints; the limit is 1 per account",
        f"Loading {second} would bring the account to 2 distinct secrets; the limit is 1 per account",
    ]


def test_a_rejected_folder_keeps_its_warnings_with_its_errors(make_folder, tmp_path):
    make_folder(endpoints_config("a"), name="a.functions")
    second = make_folder(endpoints_config("a") | {"runtime": "bun1"}, name="b.functions")
    result = load_many([tmp_path])
    assert [p.severity for p in result.rejected[second]] == [Severity.WARNING, Severity.ERROR]


def test_paths_may_be_strings(make_folder, tmp_path):
    make_folder(endpoints_config("a"), name="a.functions")
    result = load_many([str(tmp_path)])
    assert [f.path for f in result.folders] == [Path(tmp_path / "a.functions")]
