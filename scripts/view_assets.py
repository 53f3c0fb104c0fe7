"""Put the browser view's assets where Solara serves them from, so that the view works without internet.

Solara's page loads its scripts, styles and fonts (the Vuetify app, RequireJS, vue-grid-layout, Vega, Vega-Lite,
Vega-Embed, KaTeX, Mermaid, Font Awesome) from ``/_solara/cdn/NAME@VERSION/...``; the server answers from its
cache folder (``share/solara/cdn`` in the environment) and otherwise fetches from a CDN at run time, which fails
on a machine without internet access and leaves the page blank. This script fetches each package once, at
set-up, from the npm registry (``npm pack``) and unpacks it into that folder under exactly the name the page asks
for. ``./view.sh`` runs it; it does nothing for a package already there.

Usage: ``python scripts/view_assets.py [--check]`` (``--check``: only say what is missing, exit 1 if anything).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

# The folder names the page of Solara 1.64.1 asks for (found by loading the page and reading its 404s), with the
# npm package each comes from. vega@5, vega-lite@5 and vega-embed@6 are major-version names: npm packs the newest
# release of that major version.
ASSETS = (
    "@widgetti/solara-vuetify-app@10.1.1",
    "@widgetti/vue-grid-layout@2.3.13-alpha.2",
    "requirejs@2.3.6",
    "font-awesome@4.5.0",
    "vega@5",
    "vega-lite@5",
    "vega-embed@6",
    "mermaid@10.8.0",
    "katex@0.16.9",
)
DONE = ".complete"  # written last into each unpacked package


def cdn_folder() -> Path:
    """Where the Solara server of this environment looks for the assets (its proxy cache folder)."""
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir)


def missing(folder: Path) -> list[str]:
    return [spec for spec in ASSETS if not (folder / spec / DONE).exists()]


def fetch(spec: str, folder: Path) -> None:
    """``npm pack`` one package and unpack its ``package/`` folder into ``folder/spec``."""
    target = folder / spec
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            ["npm", "pack", spec, "--silent", "--pack-destination", tmp],
            capture_output=True,
            text=True,
            cwd=tmp,
        )
        if done.returncode != 0:
            raise RuntimeError(f"npm pack {spec} failed: {done.stderr.strip() or done.stdout.strip()}")
        (archive,) = Path(tmp).glob("*.tgz")
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        unpacked = Path(tmp) / "package"
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(unpacked), target)
    (target / DONE).write_text(spec + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only say what is missing (exit 1 if anything)")
    args = ap.parse_args()
    folder = cdn_folder()
    todo = missing(folder)
    if not todo:
        print(f"The view's assets are in place ({folder}).", file=sys.stderr)
        return 0
    if args.check:
        print(f"Missing in {folder}: {', '.join(todo)}", file=sys.stderr)
        return 1
    if shutil.which("npm") is None:
        print(
            "error: the browser view needs its assets, which are fetched once with npm (Node.js's package manager), "
            "and npm was not found. Install Node.js (Debian/Ubuntu: sudo apt-get install npm), or copy the folder "
            f"{folder} from a machine where ./view.sh has run.",
            file=sys.stderr,
        )
        return 1
    for k, spec in enumerate(todo, 1):
        print(f"Fetching the view's assets ({k}/{len(todo)}): {spec} ...", file=sys.stderr)
        try:
            fetch(spec, folder)
        except (RuntimeError, OSError) as e:
            print(f"error: {e}\nNothing else was changed; run ./view.sh again when the registry is reachable.",
                  file=sys.stderr)  # fmt: skip
            return 1
    print(f"The view's assets are in place ({folder}).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
