"""Figures of model results (matplotlib, no screen needed)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

ADOPTION_SERIES = {
    "tried_share": "tried",
    "using_share": "using to some or a large degree",
    "regular_share": "regular use",
}


def band(df: pd.DataFrame, column: str, level: float = 0.90) -> pd.DataFrame:
    """Mean and central ``level`` interval across replicates, per month."""
    g = df.groupby("month")[column]
    lo, hi = (1 - level) / 2, 1 - (1 - level) / 2
    return pd.DataFrame({"mean": g.mean(), "lo": g.quantile(lo), "hi": g.quantile(hi)})


def plot_adoption(df: pd.DataFrame, path: Path | str, *, title: str = "Adoption of generative AI") -> plt.Figure:
    """Shares of the organisation that tried, use and use regularly, with 90 % bands across replicates."""
    data = df[df["archetype"] == "all"]
    n_rep = data["replicate"].nunique()
    fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    for column, label in ADOPTION_SERIES.items():
        b = band(data, column)
        (line,) = ax.plot(b.index, b["mean"], label=label, lw=2)
        if n_rep > 1:
            ax.fill_between(b.index, b["lo"], b["hi"], color=line.get_color(), alpha=0.2, lw=0)
    ax.set_xlabel("month")
    ax.set_ylabel("share of employees")
    ax.set_ylim(0, 1)
    ax.set_xlim(0, data["month"].max())
    ax.grid(alpha=0.3)
    note = f"mean of {n_rep} replicates" + (", band: 90 % of replicates" if n_rep > 1 else "")
    ax.set_title(f"{title}\n{note}", fontsize=11)
    ax.legend(loc="upper left", frameon=False)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return fig
