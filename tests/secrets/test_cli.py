"""``fnbox secrets``: values come from a masked prompt or stdin, never from
the command line, and are never printed."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from runtime.secrets import SecretStore
from runtime.secrets.cli import secrets
from runtime.secrets.crypto import KEY_ENV

VALUE = "xoxb-2401-very-secret-token"


def run(state, *args: str, input: str | None = None, env: dict | None = None):
    result = CliRunner().invoke(secrets, [*args, "--state-dir", str(state)], input=input, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert VALUE not in result.output
    return result


def stored(state, name: str, account_id: int = 1) -> str | None:
    return SecretStore.in_state_dir(state, environ={}).get(account_id, name)


def test_add_reads_the_value_from_stdin(state):
    result = run(state, "add", "SLACK_TOKEN", input=VALUE + "\n")
    assert result.exit_code == 0 and "Secret SLACK_TOKEN was added to account 1" in result.output
    assert stored(state, "SLACK_TOKEN") == VALUE      # the newline echo adds is not part of it


@pytest.mark.parametrize("piped, value", [("a\r\nb\r\n", "a\r\nb"), ("two\nlines", "two\nlines"),
                                          ("keep-trailing\n\n", "keep-trailing\n")])
def test_only_one_trailing_line_break_is_dropped(state, piped, value):
    run(state, "add", "K", input=piped)
    assert stored(state, "K") == value


def test_add_at_a_terminal_prompts_without_echo(state, monkeypatch):
    monkeypatch.setattr("runtime.secrets.cli.stdin_is_terminal", lambda: True)
    result = run(state, "add", "SLACK_TOKEN", input=VALUE + "\n")
    assert "Enter a value for secret SLACK_TOKEN" in result.output
    assert stored(state, "SLACK_TOKEN") == VALUE


def test_value_that_is_not_utf8_is_refused(state):
    result = CliRunner().invoke(secrets, ["add", "K", "--state-dir", str(state)], input=b"\xff\xfe")
    assert result.exit_code == 1 and "not UTF-8" in result.output and stored(state, "K") is None


def test_no_command_takes_a_value_on_the_command_line(state):
    for command in secrets.commands.values():
        names = {param.name for param in command.params}
        assert names <= {"name", "force", "state_dir", "account_id"}, command.name
    for mistake in ([VALUE], ["--value", VALUE], [f"--value={VALUE}"]):
        result = run(state, "add", "SLACK_TOKEN", *mistake, input="")
        assert result.exit_code == 2 and "never from the command line" in result.output
        assert stored(state, "SLACK_TOKEN") is None


def test_update_delete_and_list(state):
    run(state, "add", "B_TOKEN", input=VALUE)
    run(state, "add", "A_TOKEN", input="value-a-1234")
    assert "updated" in run(state, "update", "B_TOKEN", input="replaced-value-99").output
    assert stored(state, "B_TOKEN") == "replaced-value-99"
    listing = run(state, "list").output.splitlines()
    assert listing[0].split() == ["NAME", "CREATED", "UPDATED"]
    assert [line.split()[0] for line in listing[1:]] == ["A_TOKEN", "B_TOKEN"]
    assert all(line.split()[1].endswith("Z") for line in listing[1:])
    assert "replaced-value-99" not in "\n".join(listing) and "value-a-1234" not in "\n".join(listing)
    assert run(state, "delete", "A_TOKEN", "--force").exit_code == 0
    assert stored(state, "A_TOKEN") is None


def test_delete_asks_first(state):
    run(state, "add", "K", input=VALUE)
    refused = run(state, "delete", "K", input="n\n")
    assert refused.exit_code == 1 and stored(state, "K") == VALUE
    assert run(state, "delete", "K", input="y\n").exit_code == 0 and stored(state, "K") is None


def test_account_id_and_empty_list(state):
    run(state, "add", "K", "--account-id", "7", input=VALUE)
    assert stored(state, "K", 7) == VALUE and stored(state, "K", 1) is None
    assert run(state, "list").output == "Account 1 has no secrets.\n"


def test_bad_name_fails_before_asking_and_stores_nothing(state):
    result = run(state, "add", "2FA", input=VALUE)
    assert result.exit_code == 1 and "starts with a digit" in result.output
    assert "Enter a value" not in result.output and not state.exists()


def test_errors_are_clear_and_exit_1(state):
    run(state, "add", "K", input=VALUE)
    exists = run(state, "add", "K", input="other-value")
    assert exists.exit_code == 1 and "already exists" in exists.output
    missing = run(state, "update", "NOPE", input="x-value")
    assert missing.exit_code == 1 and "has no secret NOPE" in missing.output
    empty = run(state, "add", "EMPTY", input="")
    assert empty.exit_code == 1 and "empty" in empty.output


def test_wrong_key_is_reported_by_the_cli(state):
    run(state, "add", "K", input=VALUE)
    result = run(state, "update", "K", input="new-value", env={KEY_ENV: "A" * 43 + "="})
    assert result.exit_code == 1 and "not the key the secrets were stored with" in result.output
    assert stored(state, "K") == VALUE


def test_unusable_state_directory_is_a_clear_error(tmp_path):
    (tmp_path / "file").write_text("a file, not a directory")
    result = run(tmp_path / "file" / "state", "add", "K", input=VALUE)
    assert result.exit_code == 1 and "cannot use the secrets database" in result.output
