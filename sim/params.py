"""Render the parameter table (``docs/parameters.md``) from the config schema.

Run ``python -m sim.params > docs/parameters.md`` after changing a default; a test checks that
the file is up to date.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass

from sim.config import ARCHETYPES, Config, Source, _default, allowed_text
from sim.outputs import OUTPUTS

HEADER = """# Parameter table

Every parameter of the model, its default, what is allowed, where the **value** comes from and, apart
from that, which document the lever or mechanism itself comes from. Generated from the config schema
(`sim/config.py`) by `python -m sim.params > docs/parameters.md`; do not edit by hand.

The column *value from* says **data** when the default is read off a figure (the document and the
figure are named), *assumption* when no source gives the number (with how it was chosen where that
can be said: some were set by hand, together; five were fitted by `python -m sim.calibrate` so that
the status quo meets the targets of `sim/calibration.py` as the mean of many organisations, and the
targets leave most of them free, see `docs/ODD.md` §10.1), and *setting* for run settings and
switches that are not part of the model.
The column *lever or mechanism from* names the document that motivates the lever or the mechanism;
it is no source for the number. The seed files are the original documents of the project
(`../shared/seeds/`, digested in the domain notes).

Override any value on the command line with its key, e.g. `leadership.transformation_weight=0.8` or
`params.attitude.threat_job=0.3`.
"""

COLUMNS = "| key | default | allowed | meaning | value from | lever or mechanism from |\n|---|---|---|---|---|---|"


def _fmt(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return f"`{value}`" if value else '`""`'
    return str(value)


def value_source(source: Source) -> str:
    """The *value from* cell: data in bold, assumptions and settings in words."""
    if source.kind == "data":
        return f"**data**: {source.text}"
    return str(source)


def _rows(node, prefix: str) -> list[str]:
    out = []
    for f in fields(node):
        default = getattr(node, f.name)
        if is_dataclass(default):
            continue
        meta = f.metadata
        out.append(
            f"| `{prefix}{f.name}` | {_fmt(default)} | {allowed_text(meta)} | {meta['doc']} | "
            f"{value_source(meta['value'])} | {meta['lever']} |"
        )
    return out


def counts(cfg: Config | None = None) -> dict[str, int]:
    """How many model parameters take their value from data, and how many are assumptions."""
    out = {"data": 0, "assumption": 0, "setting": 0}

    def walk(node) -> None:
        for f in fields(node):
            value = getattr(node, f.name)
            if is_dataclass(value):
                walk(value)
            else:
                out[f.metadata["value"].kind] += 1

    walk(cfg or Config())
    return out


def render() -> str:
    cfg = Config()
    n = counts(cfg)
    lines = [HEADER]
    lines.append(
        f"Of the {n['data'] + n['assumption']} model parameters, {n['data']} take their value from data and "
        f"{n['assumption']} are assumptions; {n['setting']} further keys are settings.\n"
    )
    lines.append("## Run and package\n")
    lines.append(COLUMNS)
    lines += _rows(cfg, "")
    for f in fields(cfg):
        section = _default(f)
        if not is_dataclass(section) or f.name in ("archetypes", "params"):
            continue
        lines.append(f"\n## `{f.name}`: {f.metadata['doc']}\n")
        lines.append(COLUMNS)
        lines += _rows(getattr(cfg, f.name), f"{f.name}.")
        for g in fields(section):  # a section inside the section (org.columns)
            inner = getattr(getattr(cfg, f.name), g.name)
            if is_dataclass(inner):
                lines.append(f"\n### `{f.name}.{g.name}`: {g.metadata['doc']}\n")
                lines.append(COLUMNS)
                lines += _rows(inner, f"{f.name}.{g.name}.")
    lines.append("\n## `params`: mechanism constants\n")
    lines.append("Rates and constants used by several parts of the week, then the coefficients of each part.\n")
    lines.append(COLUMNS)
    lines += _rows(cfg.params, "params.")
    for f in fields(cfg.params):
        group = getattr(cfg.params, f.name)
        if is_dataclass(group):
            lines.append(f"\n### `params.{f.name}`: {f.metadata['doc']}\n")
            lines.append(COLUMNS)
            lines += _rows(group, f"params.{f.name}.")
    lines.append("\n## `archetypes`: the five employee types (seed 002)\n")
    lines.append(COLUMNS)
    lines += _rows(cfg.archetypes.shares, "archetypes.shares.")
    traits = cfg.archetypes.traits
    names = list(fields(type(getattr(traits, ARCHETYPES[0]))))
    first = names[0].metadata
    lines.append(
        "\nMean traits per archetype (`archetypes.traits.<archetype>.<trait>`); individuals are drawn from "
        f"Beta distributions around these means (`params.trait_concentration`). Value from: {first['value']}. "
        f"Lever or mechanism from: {first['lever']}.\n"
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
