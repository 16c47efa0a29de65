"""Render artifacts/regions_2022.png: the regions split in 2018-2022, with towns of known region.

Run after scripts/build_geodata.py: python scripts/render_regions.py
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import matplotlib
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
OUTPUT = REPO_ROOT / "artifacts" / "regions_2022.png"
CHANGED = {
    "KZ-62": "#e377c2",
    "KZ-35": "#9ecae1",
    "KZ-33": "#fdae6b",
    "KZ-19": "#a1d99b",
    "KZ-10": "#e7e36b",
    "KZ-63": "#bcbddc",
}


def render(path: Path = OUTPUT) -> None:
    """Draw every unit, the changed ones coloured and named, and the GeoNames towns as dots."""
    regions = gpd.read_file(DATA_DIR / "kz_regions.geojson")
    towns = pd.read_csv(DATA_DIR / "kz_towns.csv", keep_default_na=False)
    figure, axes = plt.subplots(figsize=(14, 8))
    regions.plot(
        ax=axes,
        color=[CHANGED.get(iso, "#eeeeee") for iso in regions["iso"]],
        edgecolor="#333333",
        linewidth=0.6,
    )
    for row in regions[regions["iso"].isin(CHANGED)].itertuples():
        point = row.geometry.representative_point()
        axes.annotate(row.name_en, (point.x, point.y), fontsize=10, ha="center", weight="bold")
    changed_towns = towns[towns["region_iso"].isin(CHANGED)]
    axes.scatter(changed_towns["longitude"], changed_towns["latitude"], s=6, color="black", zorder=3)
    axes.set_xlim(64, 87.5)
    axes.set_ylim(42, 52)
    axes.set_title("Regions split in 2022 (GeoNames towns of the changed regions as dots)")
    path.parent.mkdir(exist_ok=True)
    figure.savefig(path, dpi=100, bbox_inches="tight")


if __name__ == "__main__":
    render()
