"""The compiled weekly loops: where their cache lives and when it is renewed."""

from __future__ import annotations

from pathlib import Path

from sim import jit


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


def test_warm_up_leaves_the_compiled_loops_in_the_cache():
    jit.warm_up()
    cached = {Path(p).name.split("-")[0] for p in jit.CACHE_DIR.rglob("*.nbi")}
    for name in ("exploration._kernel", "spread._kernel", "use._kernel", "attitude._kernel", "abandonment._kernel"):
        assert name in cached


def test_uncached_names_the_loops_not_compiled_yet(monkeypatch, tmp_path):
    import sim.model  # noqa: F401  (defines every compiled loop)

    monkeypatch.setattr(jit, "CACHE_DIR", tmp_path / "empty")
    names = jit.uncached()
    assert len(names) == len(jit.COMPILED) and "spread._kernel" in names
    monkeypatch.setattr(jit, "CACHE_DIR", jit.cache_dir())
    jit.warm_up()
    assert jit.uncached() == []
