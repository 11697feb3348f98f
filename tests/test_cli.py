"""The command line, ``python -m crlib section6``: output, JSON, exit status."""

import json
import subprocess
import sys

import pytest

from crlib.__main__ import main
from crlib.section6 import KNOWN_DISCREPANCIES, paper_values

RESULT_NAMES = [v.name for v in paper_values() if v.role == "result"]


def test_module_runs_as_a_subprocess():
    proc = subprocess.run([sys.executable, "-m", "crlib", "section6"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    for name in RESULT_NAMES:
        assert name in proc.stdout
    assert "NOT reproduced" not in proc.stdout
    assert proc.stderr == ""


def test_json_output(capsys):
    assert main(["section6", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["comparison_applicable"] is True
    assert [r["name"] for r in payload["records"]] == RESULT_NAMES
    assert payload["unexpected_failures"] == []
    documented = {r["name"] for r in payload["records"]
                  if r["status"] == "not-reproduced (documented)"}
    assert documented == set(KNOWN_DISCREPANCIES)
    assert payload["inputs"]["P_g"] == 3.2e-13
    assert payload["derived"]["tau_B"] == pytest.approx(3.669e12, rel=1e-3)


def test_source_multiplier_reruns_the_chain(capsys):
    assert main(["section6", "--json", "--source-multiplier", "10"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["comparison_applicable"] is False
    assert {r["status"] for r in payload["records"]} == {"n/a (inputs changed)"}
    assert payload["derived"]["tau_B"] == pytest.approx(3.669e11, rel=1e-3)
    assert payload["inputs"]["source_multiplier"] == 10.0


def test_source_multiplier_text_says_not_applicable(capsys):
    assert main(["section6", "--source-multiplier", "10"]) == 0
    assert "comparison does not apply" in capsys.readouterr().out


def test_set_input_is_not_applicable(capsys):
    assert main(["section6", "--set", "P_c=1e-13", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["comparison_applicable"] is False
    assert payload["derived"]["P_c"] == 1e-13


def test_convention_keeps_the_comparison_and_fails_honestly(capsys):
    # Pure hydrogen does not reproduce the printed volumetric heating: exit 1.
    assert main(["section6", "--set", "helium_abundance=0"]) == 1
    out = capsys.readouterr().out
    assert "NOT reproduced" in out


def test_string_convention(capsys):
    assert main(["section6", "--set", "thermal_speed=sqrt(2kT/m)", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["conventions"]["thermal_speed"] == "sqrt(2kT/m)"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["section6", "--set", "nonsense=1"], "unknown name 'nonsense'"),
        (["section6", "--set", "P_g=-3e-13"], "P_g = -3e-13 must be positive"),
        (["section6", "--set", "P_g"], "expected NAME=VALUE"),
        (["section6", "--set", "P_g=abc"], "not a number"),
        (["section6", "--set", "a=3.5"], "a = 3.5"),
        (["section6", "--set", "tau_B_pressure=never"], "tau_B_pressure"),
        (["section6", "--source-multiplier", "0"], "source_multiplier"),
        (["section6", "--source-multiplier", "-2"], "source_multiplier"),
        (["section6", "--source-multiplier", "nan"], "source_multiplier"),
    ],
)
def test_usage_errors_exit_2_with_a_message(argv, message, capsys):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


def test_argparse_errors_exit_2(capsys):
    assert main(["section7"]) == 2
    assert main(["section6", "--source-multiplier", "ten"]) == 2
    assert "invalid float value" in capsys.readouterr().err


def test_help_and_list(capsys):
    assert main(["section6", "--help"]) == 0
    assert "exit status" in capsys.readouterr().out
    assert main(["section6", "--list"]) == 0
    out = capsys.readouterr().out
    assert "helium_abundance" in out and "P_g" in out


# --- issue 10: pipes, repeated and conflicting settings, extreme values, the program name ----


def test_closed_pipe_is_not_an_error():
    # The reader goes away before anything is written (``| head`` that already stopped):
    # no traceback, and the status is the comparison's (0), not 1.
    proc = subprocess.Popen([sys.executable, "-m", "crlib", "section6", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0
    assert b"Traceback" not in err and b"BrokenPipe" not in err, err.decode()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["section6", "--list", "--set", "P_g=abc"], "not a number"),
        (["section6", "--list", "--set", "P_g=-1"], "P_g = -1.0 must be positive"),
        (["section6", "--set", "P_g=3e-13", "--set", "P_g=4e-13"], "--set P_g is given more than once"),
        (["section6", "--set", "source_multiplier=2", "--source-multiplier", "3"],
         "--source-multiplier and --set source_multiplier=... both given"),
        (["section6", "--set", "P_c=1e300"], "C_ma = inf must be finite"),
        (["section6", "--set", "P_c=1e200"], "the magnetoacoustic speed must be below c"),
        (["section6", "--source-multiplier", "1e-300"],
         "section6.evaluate: source_rate * source_multiplier = 0.0 must be positive"),
    ],
)
def test_more_usage_errors_exit_2(argv, message, capsys):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "field_timescale: injection_rate" not in captured.err
    assert captured.out == ""


def test_list_shows_the_values_that_were_set(capsys):
    assert main(["section6", "--list", "--set", "P_g=4e-13", "--set", "thermal_speed=sqrt(2kT/m)"]) == 0
    out = capsys.readouterr().out
    line = next(l for l in out.splitlines() if l.split()[0] == "P_g")
    assert "4e-13" in line and " set " in line
    line = next(l for l in out.splitlines() if l.split()[0] == "thermal_speed")
    assert "sqrt(2kT/m)" in line and " set " in line


def test_console_script_names_itself(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["/opt/venv/bin/crlib", "section6", "--help"])
    assert main() == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: crlib section6")
    assert "python -m" not in out


def test_module_names_itself_python_m():
    proc = subprocess.run([sys.executable, "-m", "crlib", "section6", "--help"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    assert proc.stdout.startswith("usage: python -m crlib section6")
