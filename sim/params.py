"""Render the parameter table (``docs/parameters.md``) from the config schema.

Run ``python -m sim.params > docs/parameters.md`` after changing a default; a test checks that
the file is up to date.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass

from sim.config import ARCHETYPES, Config, _default, allowed_text
from sim.outputs import OUTPUTS

HEADER = """# Parameter table

Every parameter of the model, its default, what is allowed and its source. Generated from the
config schema (`sim/config.py`) by `python -m sim.params > docs/parameters.md`; do not edit by
hand. *assumption* marks a value that no source gives; the sources are the seed files of the
project (`../shared/seeds/`, digested in the domain notes) and published studies.

Override any value on the command line with its key, e.g. `leadership.transformation_weight=0.8`.
"""


def _fmt(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return f"`{value}`" if value else '`""`'
    return str(value)


def _rows(node, prefix: str) -> list[str]:
    out = []
    for f in fields(node):
        default = _default(f)
        if is_dataclass(default):
            continue
        meta = f.metadata
        out.append(
            f"| `{prefix}{f.name}` | {_fmt(default)} | {allowed_text(meta)} | {meta['doc']} | {meta['source']} |"
        )
    return out


def render() -> str:
    lines = [HEADER]
    cfg = Config()
    lines.append("## Run and package\n")
    lines.append("| key | default | allowed | meaning | source |\n|---|---|---|---|---|")
    lines += _rows(cfg, "")
    for f in fields(cfg):
        section = _default(f)
        if not is_dataclass(section) or f.name == "archetypes":
            continue
        lines.append(f"\n## `{f.name}`: {f.metadata['doc']}\n")
        lines.append("| key | default | allowed | meaning | source |\n|---|---|---|---|---|")
        lines += _rows(section, f"{f.name}.")
    lines.append("\n## `archetypes`: the five employee types (seed 002)\n")
    lines.append("| key | default | allowed | meaning | source |\n|---|---|---|---|---|")
    lines += _rows(cfg.archetypes.shares, "archetypes.shares.")
    traits = cfg.archetypes.traits
    names = [f for f in fields(type(getattr(traits, ARCHETYPES[0])))]
    lines.append(
        "\nMean traits per archetype (`archetypes.traits.<archetype>.<trait>`); individuals are drawn from "
        "Beta distributions around these means (`params.trait_concentration`). The values are assumptions "
        "that order the archetypes as the qualitative evidence of seed 002 describes them (DOMAIN §3).\n"
    )
    lines.append("| trait | meaning | " + " | ".join(ARCHETYPES) + " |\n|---|---|" + "---|" * len(ARCHETYPES))
    for f in names:
        values = " | ".join(_fmt(getattr(getattr(traits, a), f.name)) for a in ARCHETYPES)
        lines.append(f"| `{f.name}` | {f.metadata['doc']} | {values} |")
    lines.append("\n## Outputs (monthly; per archetype and for `all`)\n")
    lines.append("| column | meaning |\n|---|---|")
    lines += [f"| `{k}` | {v} |" for k, v in OUTPUTS.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
