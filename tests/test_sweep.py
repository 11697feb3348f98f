"""crlib.sweep: a few points on the synchronous scheduler and a LocalCluster, resume, reload, refusals."""

import numpy as np
import pytest

import crlib.sweep as sweep

GRID = dict(p_min=10.0, p_max=1e3, n_p=12, n_mu=7)
POINTS = sweep.sweep_points(damping=["constant", "nonlinear_landau"], v_A_over_c=[1e-2, 3e-3])


def test_sweep_points_drop_irrelevant_rates():
    pts = sweep.sweep_points(damping=["none", "constant"], damping_rate=[1e-7, 1e-6], v_i_over_c=[1e-4, 1e-3])
    # none: one point (rates dropped); constant: two damping rates, v_i fixed
    assert len(pts) == 3
    assert all(p["damping_rate"] == 0.0 for p in pts if p["damping"] == "none")


def test_synchronous_sweep_and_reload(tmp_path):
    ds = sweep.run_sweep(POINTS, tmp_path, grid=GRID, chunk_size=2, scheduler="synchronous", progress=False)
    assert ds.sizes["point"] == len(POINTS) == 4
    assert np.all(ds["ok"].values == 1)
    # every point agrees with its derived prediction to the grid's accuracy
    np.testing.assert_allclose(ds["nu_eff"], ds["nu_eff_predicted"], rtol=0.2)
    again = sweep.load(tmp_path)
    np.testing.assert_array_equal(again["nu_eff"].values, ds["nu_eff"].values)
    assert again.attrs["crlib_version"] and again.attrs["tolerance"] == 1e-10 and again.attrs["complete"] == 1
    assert '"n_p": 12' in again.attrs["grid"]


def test_interrupted_sweep_resumes_without_losing_points(tmp_path, monkeypatch):
    original = sweep._chunk_task
    calls = []

    def interrupted(points, grid, tol):
        if len(calls) == 1:
            raise KeyboardInterrupt
        calls.append(1)
        return original(points, grid, tol)

    monkeypatch.setattr(sweep, "_chunk_task", interrupted)
    with pytest.raises(KeyboardInterrupt):
        sweep.run_sweep(POINTS, tmp_path, grid=GRID, chunk_size=2, scheduler="synchronous", progress=False)
    done = sorted(tmp_path.glob("chunk_*.nc"))
    assert len(done) == 1  # the finished chunk is on disk
    first = done[0].stat().st_mtime_ns
    monkeypatch.setattr(sweep, "_chunk_task", original)
    ds = sweep.run_sweep(POINTS, tmp_path, grid=GRID, chunk_size=2, scheduler="synchronous", progress=False)
    assert ds.sizes["point"] == 4 and ds.attrs["complete"] == 1
    assert done[0].stat().st_mtime_ns == first  # not recomputed


def test_other_points_in_the_same_directory_are_refused(tmp_path):
    sweep.run_sweep(POINTS[:2], tmp_path, grid=GRID, chunk_size=2, scheduler="synchronous", progress=False)
    with pytest.raises(ValueError, match="other points"):
        sweep.run_sweep(POINTS, tmp_path, grid=GRID, chunk_size=2, scheduler="synchronous", progress=False)


def test_a_point_the_model_refuses_is_recorded_not_fatal(tmp_path):
    pts = [dict(POINTS[0], spectral_index=2.5)]
    ds = sweep.run_sweep(pts, tmp_path, grid=GRID, scheduler="synchronous", progress=False)
    assert ds["ok"].values[0] == 0 and "spectral_index" in ds["error"].values[0]


def test_compression_points_are_solved_or_refused_with_the_reason(tmp_path):
    pts = [dict(POINTS[0], field_rate=1.0), dict(POINTS[0], field_rate=1.0, damping="none", damping_rate=0.0)]
    ds = sweep.run_sweep(pts, tmp_path, grid=GRID, scheduler="synchronous", progress=False)
    assert list(ds["ok"].values) == [1, 0]
    assert ds["zeta"].values[0] < 0 and ds["A_sat"].values[0] < 0 and ds["A_sat_predicted"].values[0] < 0
    assert "compressing tube" in ds["error"].values[1]
    with pytest.raises(ValueError, match="field_rate"):
        sweep.saturate({"field_rate": 0.5})


def test_unknown_parameter_is_refused():
    with pytest.raises(ValueError, match="unknown parameter"):
        sweep.sweep_points(temperature=[1.0])
    with pytest.raises(ValueError, match="unknown parameter"):
        sweep.saturate({"temperature": 1.0})


def test_local_cluster_gives_the_synchronous_answer(tmp_path):
    pts = POINTS[:2]
    a = sweep.run_sweep(pts, tmp_path / "a", grid=GRID, chunk_size=1, scheduler="synchronous", progress=False)
    # one worker starts faster than two; the 2-worker ratio is measured in benchmarks/bench_saturation.py
    b = sweep.run_sweep(pts, tmp_path / "b", grid=GRID, chunk_size=1, n_workers=1, progress=False)
    np.testing.assert_allclose(b["nu_eff"].values, a["nu_eff"].values, rtol=1e-12)


# --- the command line ------------------------------------------------------------------

def test_cli_saturate_json(capsys):
    import json

    from crlib.__main__ import main

    assert main(["saturate", "--set", "v_A_over_c=1e-2", "--set", "n_p=12", "--set", "n_mu=7", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)["results"]
    assert out["nu_eff_tau_B"] > 0 and abs(out["nu_eff_tau_B"] / out["nu_eff_predicted_tau_B"] - 1) < 0.2


@pytest.mark.parametrize("argv, match", [
    (["saturate", "--set", "bogus=1"], "unknown name"),
    (["saturate", "--set", "v_A_over_c=-1"], "v_A_over_c"),
    (["saturate", "--set", "damping=linear"], "damping"),
    (["saturate", "--set", "v_A_over_c"], "NAME=VALUE"),
    (["saturate", "--set", "v_A_over_c=1e-2", "--set", "v_A_over_c=1e-3"], "more than once"),
    (["sweep", "--set", "v_A_over_c=1e-2"], "--out"),
    (["saturate", "--set", "spectral_index=2.5"], "spectral_index"),
])
def test_cli_bad_input_exits_2(argv, match, capsys):
    from crlib.__main__ import main

    assert main(argv) == 2
    assert match in capsys.readouterr().err


def test_cli_list_names_every_parameter(capsys):
    from crlib.__main__ import main

    assert main(["sweep", "--list"]) == 0
    out = capsys.readouterr().out
    for name in list(sweep.PARAMETERS) + ["n_p", "n_mu", "tol"]:
        assert name in out


def test_cli_sweep_synchronous(tmp_path, capsys):
    from crlib.__main__ import main

    argv = ["sweep", "--set", "v_A_over_c=1e-2,3e-3", "--set", "n_p=12", "--set", "n_mu=7",
            "--scheduler", "synchronous", "--out", str(tmp_path), "--no-progress"]
    assert main(argv) == 0
    assert "2 points (2 solved)" in capsys.readouterr().out
    assert sweep.load(tmp_path).sizes["point"] == 2


def test_cli_saturate_compression(capsys):
    import json

    from crlib.__main__ import main

    argv = ["saturate", "--set", "field_rate=1", "--set", "damping_rate=2e-7", "--set", "n_p=12",
            "--set", "n_mu=7", "--json"]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)["results"]
    assert out["A_sat_over_v_A_c"] < 0 and out["A_sat_predicted_over_v_A_c"] < 0  # Delta P_c < 0
    # a request for a state that does not exist is bad input (exit 2), not a failed solve (exit 1)
    assert main(["saturate", "--set", "field_rate=1", "--set", "damping=none"]) == 2
    assert "compressing tube" in capsys.readouterr().err
