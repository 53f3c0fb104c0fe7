"""The compiled weekly loops: where their cache lives and when it is renewed."""

from __future__ import annotations

import os
import warnings

import numpy as np
import pytest

from sim import jit, run


def test_stamp_changes_with_any_source(tmp_path):
    """Editing a helper in another file gives a new cache folder, so no loop is loaded stale."""
    files = [tmp_path / "bits.py", tmp_path / "spread.py"]
    files[0].write_text("def pick1(): return 1\n")
    files[1].write_text("def _kernel(): return pick1()\n")
    before = jit.source_stamp(files)
    assert jit.source_stamp(files) == before
    files[0].write_text("def pick1(): return 2\n")
    assert jit.source_stamp(files) != before


def test_cache_dir_follows_sources_and_numba_cache_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    here = jit.cache_dir()
    assert here.parent == jit.PACKAGE / "__pycache__" and here.name.startswith("numba-")
    assert here.name == jit.CACHE_DIR.name  # the sources have not changed since import
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path))
    assert jit.cache_dir() == tmp_path / here.name


def test_warm_up_leaves_every_compiled_loop_in_the_cache():
    run.warm_up()
    assert jit.uncached() == []
    for name in ("exploration._kernel", "spread._kernel", "use._kernel", "attitude._kernel", "abandonment._kernel"):
        assert any(jit.COMPILED[name].glob(f"{name}-*.nbi"))


def test_uncached_names_the_loops_not_compiled_yet(monkeypatch, tmp_path):
    import sim.model  # noqa: F401  (defines every compiled loop)

    monkeypatch.setattr(jit, "COMPILED", dict.fromkeys(jit.COMPILED, tmp_path / "empty"))
    names = jit.uncached()
    assert names == list(jit.COMPILED) and "spread._kernel" in names


def _double(x):
    return 2.0 * x


def test_unwritable_cache_folder_falls_back_to_a_stamped_folder_of_the_user(monkeypatch, tmp_path):
    """Never numba's own unstamped folders, which could hold code compiled from older sources, and never a
    shared predictable folder such as the system's temporary folder."""
    blocked = tmp_path / "a_file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(jit, "CACHE_DIR", blocked / "numba-x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home_cache"))
    monkeypatch.setattr(jit, "COMPILED", {})
    double = jit.jit(_double)
    assert jit.COMPILED["test_jit._double"].parent == tmp_path / "home_cache" / "genai-adoption-sim" / "numba-x"
    assert double(np.float64(2.0)) == 4.0
    assert any((tmp_path / "home_cache").rglob("test_jit._double-*.nbi"))
    assert (tmp_path / "home_cache" / "genai-adoption-sim" / "numba-x").stat().st_mode & 0o077 == 0

    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # neither is writable
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        double = jit.jit(_double)
    assert jit.COMPILED["test_jit._double"] is None and "NUMBA_CACHE_DIR" in str(caught[0].message)
    assert double(np.float64(3.0)) == 6.0 and jit.uncached() == ["test_jit._double"]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no file owners on this system")
def test_a_cache_folder_others_can_write_to_is_not_used(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # writable by everyone, not sticky: anyone could swap the cache
    assert not jit.owned_by_me(shared / "cache")
    shared.chmod(0o1777)  # sticky, as /tmp: others cannot replace a folder of this user's in it
    assert jit.owned_by_me(shared / "mine")
    loose = tmp_path / "loose"
    loose.mkdir(mode=0o777)
    loose.chmod(0o777)
    assert not jit.owned_by_me(loose)  # the cache folder itself writable by others
    assert jit.owned_by_me(tmp_path / "private")


def test_compile_if_needed_says_so_only_when_something_is_to_compile(monkeypatch, tmp_path, capsys):
    import sim.model  # noqa: F401  (defines every compiled loop)

    calls = []
    monkeypatch.setattr(run, "warm_up", lambda: calls.append(1) or 0.0)
    run.compile_if_needed()  # after import sim.model and earlier tests: cached, or compiled by warm_up below
    compiled_before = len(calls)
    monkeypatch.setattr(jit, "COMPILED", dict.fromkeys(jit.COMPILED, tmp_path / "empty"))
    capsys.readouterr()
    run.compile_if_needed()
    assert len(calls) == compiled_before + 1 and "Compiling the model's weekly loops" in capsys.readouterr().err
    monkeypatch.setattr(jit, "COMPILED", {})
    run.compile_if_needed()
    assert len(calls) == compiled_before + 1 and capsys.readouterr().err == ""


def test_a_loop_found_in_its_cache_is_not_looked_for_again(monkeypatch, tmp_path):
    """A sweep's every job asks which loops are to compile; a loop found cached in a folder is not looked for in
    that folder again, and another folder is looked in."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "spread._kernel-1.py313.nbi").write_text("")
    monkeypatch.setattr(jit, "COMPILED", {"spread._kernel": tmp_path / "a"})
    assert jit.uncached() == []
    (tmp_path / "a" / "spread._kernel-1.py313.nbi").unlink()
    assert jit.uncached() == []
    monkeypatch.setattr(jit, "COMPILED", {"spread._kernel": tmp_path / "b"})
    assert jit.uncached() == ["spread._kernel"]
