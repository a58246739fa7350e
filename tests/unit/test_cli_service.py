"""`install-service`: the packaged user unit, pointed at this installation, written where asked;
--dry-run changes nothing; a broken config installs nothing."""

from __future__ import annotations

import configparser
import sys
from pathlib import Path

import pytest
from test_cli import Setup

from watcher import cli
from watcher.commands import service


def unit_of(path: Path) -> configparser.ConfigParser:
    parsed = configparser.ConfigParser(strict=False, interpolation=None)
    parsed.optionxform = str  # type: ignore[assignment,method-assign]
    parsed.read_string(path.read_text(encoding="utf-8"))
    return parsed


def test_install_service_writes_the_unit_pointed_at_this_program_and_config(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    setup = Setup(tmp_path)
    target = tmp_path / "units"
    assert setup.run("install-service", "--target-dir", str(target), "--no-enable") == 0
    unit = unit_of(target / "followup-watcher.service")
    exec_start = unit["Service"]["ExecStart"]
    assert exec_start == f"{Path(sys.executable).parent / 'followup-watcher'} --config {setup.config.resolve()} run"
    assert unit["Service"]["Type"] == "notify" and unit["Install"]["WantedBy"] == "default.target"
    assert "RestartPreventExitStatus" in unit["Service"]
    out = capsys.readouterr().out
    assert "systemctl --user enable --now followup-watcher" in out
    assert "loginctl enable-linger" in out


def test_dry_run_prints_the_unit_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    setup = Setup(tmp_path)
    target = tmp_path / "units"
    assert setup.run("install-service", "--target-dir", str(target), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "[Service]" in out and "ExecStart=" in out and "systemctl --user daemon-reload" in out
    assert not target.exists()


def test_a_broken_config_installs_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[[accounts]]\nname = 1\n", encoding="utf-8")
    assert cli.main(["--config", str(config), "install-service", "--target-dir", str(tmp_path / "units")]) == 2
    assert not (tmp_path / "units").exists()


def test_the_shipped_units_are_the_source_trees() -> None:
    root = Path(__file__).resolve().parents[2]
    assert service.unit_text() == (root / "systemd" / "followup-watcher.service").read_text(encoding="utf-8")
    assert service.unit_text(service.TEMPLATE_UNIT) == (root / "systemd" / "followup-watcher@.service").read_text(
        encoding="utf-8")


def test_the_wheel_ships_the_units() -> None:
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    for name in (service.UNIT, service.TEMPLATE_UNIT):
        assert f'"systemd/{name}" = "watcher/systemd/{name}"' in pyproject
