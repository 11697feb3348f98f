"""The command line, ``python -m crlib section6``: output, JSON, exit status."""

import json
import subprocess
import sys

import pytest

from crlib import cli
from crlib.__main__ import main
from crlib.paper import paper_values

RESULT_NAMES = [v.name for v in paper_values() if v.role == "result"]
DOCUMENTED = {v.name for v in paper_values() if v.role == "result" and v.discrepancy}


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
    assert documented == DOCUMENTED
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
        (["section6", "--set", "spectral_index=3.5"], "spectral_index = 3.5 must be greater than 4.0"),
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
         "paper.evaluate: injection_rate * source_multiplier = 0.0 must be positive"),
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


def test_reader_that_stops_after_one_line_is_not_an_error():
    # ``crlib section6 --json | head -1``: the pipe closes mid-output.
    proc = subprocess.Popen([sys.executable, "-m", "crlib", "section6", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    first = proc.stdout.read(1)
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert first == b"{"
    assert proc.returncode == 0
    assert b"Traceback" not in err and b"BrokenPipe" not in err, err.decode()


def test_list_refuses_an_unphysical_setting_before_listing(capsys):
    assert main(["section6", "--list", "--set", "P_c=1e300"]) == 2
    captured = capsys.readouterr()
    assert "C_ma = inf must be finite" in captured.err and captured.out == ""


# --- the command registry: another module adds a command ---------------------------------

def _configure_echo(parser):
    parser.add_argument("word")


def _run_echo(args):
    if args.word == "bad":
        raise ValueError("word = 'bad' is refused")
    cli.emit(args.word.upper())
    return 0


ECHO = cli.Subcommand(name="echo", help="print a word in capitals", configure=_configure_echo, run=_run_echo)


def test_a_registered_command_runs_with_the_shared_error_handling(monkeypatch, capsys):
    monkeypatch.setattr(cli, "COMMANDS", [*cli.COMMANDS, f"{__name__}:ECHO"])
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "echo" in out and "section6" in out
    assert main(["echo", "hi"]) == 0
    assert capsys.readouterr().out == "HI\n"
    assert main(["echo", "bad"]) == 2
    assert capsys.readouterr().err == "crlib echo: error: word = 'bad' is refused\n"
    assert main(["section6", "--set", "P_g=abc"]) == 2
