"""fnbox.toml: decoding, errors that name the key, command-line overrides."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
from click.testing import CliRunner

from runtime import cli
from runtime.http.config import ConfigError, ServerConfig, decode_config, load_config


def decode(text: str, base: Path = Path("/srv")) -> ServerConfig:
    return decode_config(text.encode(), base)


def test_full_file(tmp_path):
    config = decode("""
host = "0.0.0.0"
port = 9000
workers = 3
state_dir = "state"

[limits]
timeout_ms = 3000

[accounts.1]
folders = ["sites/main", "/abs/x.functions"]
hosts = ["www.example.com", "Example.com"]

[accounts.22]
folders = ["blog"]
[accounts.22.limits]
memory_mb = 64
cpu_ms = 500
""", tmp_path)
    assert (config.host, config.port, config.workers) == ("0.0.0.0", 9000, 3)
    assert config.state_dir == str(tmp_path / "state")
    assert config.accounts[1].folders == [str(tmp_path / "sites/main"), "/abs/x.functions"]
    assert config.accounts[1].hosts == ["www.example.com", "Example.com"]
    one = config.account_limits(config.accounts[1])
    two = config.account_limits(config.accounts[22])
    assert one.wall_ms == 3000 and one.memory_bytes == 128 * 1024 * 1024
    assert two.wall_ms == 3000 and two.memory_bytes == 64 * 1024 * 1024
    assert two.fuel < one.fuel


@pytest.mark.parametrize("text, where", [
    ("prot = 1", "Object contains unknown field `prot`"),
    ("[limits]\ntimeout = 5", "limits: Object contains unknown field `timeout`"),
    ("port = 'x'", "port: Expected `int`, got `str`"),
    ("port = 70000", "port: Expected `int` <= 65535"),
    ("[accounts.3]\nfoldrs = ['a']", "accounts.3: Object contains unknown field `foldrs`"),
    ("[accounts.3]\nfolders = 'a'", "accounts.3.folders: Expected `array`, got `str`"),
    ("[accounts.3]\nfolders = ['a']\n[accounts.3.limits]\nmemory_mb = 512",
     "accounts.3.limits.memory_mb: Expected `int` <= 128"),
    ("[accounts.main]\nfolders = ['a']", "accounts.main: account ids are positive whole numbers"),
    ("accounts = 3", "accounts: expected a table"),
    ("[accounts.3]\nhosts = ['a.test']", "accounts.3.folders: give at least one"),
    ("[accounts.1]\nfolders = ['a']\nhosts = ['a.test']\n[accounts.2]\nfolders = ['b']\nhosts = ['A.test:80']",
     "accounts.2.hosts: 'A.test:80' is already served by account 1"),
    ("[accounts.1]\nfolders = ['a']\n[accounts.2]\nfolders = ['b']", "accounts 1, 2 have no hosts"),
    ("watch = true\nworkers = 2", "watch: reloading"),
    ("port = ", "Invalid value"),
    ("[budget]\nexecution_seconds_per_minute = 0", "budget.execution_seconds_per_minute: Expected `float` > 0"),
    ("[budget]\nexecution_second_per_minute = 5", "budget: Object contains unknown field `execution_second_per_minute`"),
    ("[budget.accounts.x]\nexecutions_per_minute = 5", "budget.accounts.x: account ids are positive whole numbers"),
    ("[budget.accounts.4]\nexecutions_per_minute = 0", "budget.accounts.4.executions_per_minute: Expected `int` >= 1"),
    ("[budget]\naccounts = 1", "budget.accounts: expected a table"),
    ("budget_store = 'http://cache:6379'", "budget_store: 'http://cache:6379' is not a Redis URL"),
    ("[egress]\nallow = ['*']", "egress.allow: "),
    ("[egress]\nallow = 'x.test'", "egress.allow: Expected `array`, got `str`"),
    ("[egress]\nmax_requests = -1", "egress.max_requests: Expected `int` >= 0"),
    ("[egress.folders]\n'a.functions' = ['*']", 'egress.folders."'),
    ("logs_token = 'short'", "logs_token: Expected `str` of length >= 16"),
    ("log_retention_days = 0", "log_retention_days: Expected `float` > 0"),
])
def test_errors_name_the_key(text, where):
    with pytest.raises(ConfigError) as caught:
        decode(text)
    assert where in str(caught.value)


def test_budget_egress_and_logs_tables(tmp_path):
    config = decode("""
budget_store = "redis://cache.internal:6379/2"
refuse_secret_responses = true
log_retention_days = 7.5
logs_token = "0123456789abcdef0123"

[budget]
execution_seconds_per_minute = 120
executions_per_minute = 5000
[budget.accounts.42]
execution_seconds_per_minute = 10

[egress]
allow = ["crm.internal.example", "10.20.0.0/16"]
max_requests = 10
[egress.folders]
"sites/open.functions" = ["127.0.0.1"]
""", tmp_path)
    assert config.budget_store == "redis://cache.internal:6379/2"
    assert (config.refuse_secret_responses, config.log_retention_days) == (True, 7.5)
    assert config.budget.execution_seconds_per_minute == 120
    assert config.budget.quota(42).us == 10_000_000 and config.budget.quota(1).us == 120_000_000
    assert config.budget.quota(42).executions == 5000
    assert config.egress.allow == ["crm.internal.example", "10.20.0.0/16"] and config.egress.max_requests == 10
    assert config.egress.folders == {str(tmp_path / "sites/open.functions"): ["127.0.0.1"]}
    assert decode("").budget_store is None and decode("").egress.allow == []
    # Workers get the configuration as JSON.
    assert msgspec.json.decode(msgspec.json.encode(config), type=ServerConfig) == config


def test_load_config_prefixes_the_file(tmp_path):
    path = tmp_path / "fnbox.toml"
    path.write_text("[accounts.7]\nfolders = ['x']\nlimit = 1\n")
    with pytest.raises(ConfigError, match=r"fnbox\.toml: accounts\.7: Object contains unknown field `limit`"):
        load_config(path)


def test_serve_reports_config_errors_and_exits_2(tmp_path):
    path = tmp_path / "fnbox.toml"
    path.write_text("[limits]\nmemory_mb = 'lots'\n")
    result = CliRunner().invoke(cli.main, ["serve", "--config", str(path)])
    assert result.exit_code == 2
    assert "limits.memory_mb: Expected `int`, got `str`" in result.output


def test_command_line_overrides_the_file(tmp_path, monkeypatch):
    site = tmp_path / "extra.functions"
    site.mkdir()
    path = tmp_path / "fnbox.toml"
    path.write_text("port = 9000\nworkers = 4\ndeterministic = true\npin_workers = false\n"
                    "[accounts.5]\nfolders = ['main']\nhosts = ['five.test']\n")
    seen = []
    monkeypatch.setattr(cli, "serve_forever", lambda config, console: seen.append(config) or 0)
    result = CliRunner().invoke(cli.main, ["serve", str(site), "--config", str(path), "--port", "9100",
                                           "--workers", "1", "--watch", "--account-id", "6", "--no-snapshot"])
    assert result.exit_code == 0, result.output
    config = seen[0]
    assert (config.port, config.workers, config.watch, config.snapshot) == (9100, 1, True, False)
    assert config.deterministic is True            # from the file, not overridden
    assert config.pin_workers is False
    assert config.accounts[5].folders == [str(tmp_path / "main")]
    assert config.accounts[6].folders == [str(site)]   # the paths join --account-id
    assert config.accounts[6].hosts == []


def test_serve_budget_option(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(cli, "serve_forever", lambda config, console: seen.append(config) or 0)
    result = CliRunner().invoke(cli.main, ["serve", str(tmp_path), "--budget", "redis://127.0.0.1:6390/1"])
    assert result.exit_code == 0, result.output
    assert seen[0].budget_store == "redis://127.0.0.1:6390/1"
    result = CliRunner().invoke(cli.main, ["serve", str(tmp_path), "--budget", "memcached://x"])
    assert result.exit_code == 2
    assert "budget_store: 'memcached://x' is not a Redis URL" in result.output


def test_serve_deterministic_and_recording_options(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(cli, "serve_forever", lambda config, console: seen.append(config) or 0)
    result = CliRunner().invoke(cli.main, ["serve", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (seen[0].deterministic, seen[0].seed, seen[0].record_requests) == (False, 0, False)   # off by default
    result = CliRunner().invoke(cli.main, ["serve", str(tmp_path), "--deterministic", "--seed", "7",
                                           "--record-requests"])
    assert result.exit_code == 0, result.output
    assert (seen[1].deterministic, seen[1].seed, seen[1].record_requests) == (True, 7, True)
    assert decode("deterministic = true\nseed = 3\nrecord_requests = true\n").seed == 3
    help_text = " ".join(CliRunner().invoke(cli.main, ["serve", "--help"]).output.split())
    assert "Off by default: payloads may hold personal data" in help_text


def test_a_seed_without_deterministic_mode_is_refused(tmp_path):
    result = CliRunner().invoke(cli.main, ["serve", str(tmp_path), "--seed", "7"])
    assert result.exit_code == 2
    assert "seed: randomness is only seeded in deterministic mode" in result.output
    with pytest.raises(ConfigError, match="add deterministic = true"):
        decode("seed = 3\n")


def test_watch_with_several_workers_is_refused(tmp_path):
    result = CliRunner().invoke(cli.main, ["serve", str(tmp_path), "--watch", "--workers", "2"])
    assert result.exit_code == 2
    assert "watch: reloading" in result.output


def test_serve_needs_something_to_serve():
    result = CliRunner().invoke(cli.main, ["serve"])
    assert result.exit_code == 2
    assert "nothing to serve" in result.output
