"""The seed paper's numbers, typed in from the paper (Tables 2-4, Figure 1), for the tests to check against.

They are deliberately not read from ``data/``: a test compares the app with the paper, not with itself.
"""

from __future__ import annotations

CITIES = ("shu", "ayagoz", "shalkar")
"""The towns in the order of the paper's table columns."""

SCRI_INDICATORS = (
    "digital_infrastructure",
    "physical_infrastructure",
    "institutional_readiness",
    "economic_potential",
    "social_inclusion_education",
    "environmental_sustainability",
    "public_private_partnership",
)
SCRI_INDICATOR_NAMES = (
    "Digital Infrastructure",
    "Physical Infrastructure",
    "Institutional Readiness",
    "Economic Potential",
    "Social Inclusion and Education",
    "Environmental Sustainability",
    "Public/Private Partnership",
)
"""Table 2's rows, as the paper names them."""

TABLE_2 = {  # SCRI: 15, 11 and 12 of 35
    "shu": [2, 2, 2, 3, 3, 1, 2],
    "ayagoz": [1, 2, 2, 2, 2, 1, 1],
    "shalkar": [2, 2, 2, 2, 2, 1, 1],
}
TABLE_3 = {  # Stakeholder Insights: 22, 14 and 14 of 40
    "shu": [3, 3, 3, 2, 2, 3, 3, 3],
    "ayagoz": [2, 2, 2, 1, 1, 2, 2, 2],
    "shalkar": [2, 2, 2, 1, 1, 2, 2, 2],
}
TABLE_4 = {  # Governance Challenges: 24, 16 and 16 of 40
    "shu": [3] * 8,
    "ayagoz": [2] * 8,
    "shalkar": [2] * 8,
}
TABLES = {"scri": TABLE_2, "stakeholders": TABLE_3, "governance": TABLE_4}
"""Each instrument's scores per town, in the paper's indicator order (all on the 1-5 scale)."""

PRINTED = {
    "scri": {
        "max": 35,
        "totals": {"shu": 15, "ayagoz": 11, "shalkar": 12},
        "ranks": {"shu": 1, "shalkar": 2, "ayagoz": 3},
        "printed": {"shu": 43, "ayagoz": 31, "shalkar": 34},
    },
    "stakeholders": {
        "max": 40,
        "totals": {"shu": 22, "ayagoz": 14, "shalkar": 14},
        "ranks": {"shu": 1, "ayagoz": 2, "shalkar": 2},
        "printed": {"shu": 55, "ayagoz": 35, "shalkar": 35},
    },
    "governance": {
        "max": 40,
        "totals": {"shu": 24, "ayagoz": 16, "shalkar": 16},
        "ranks": {"shu": 1, "ayagoz": 2, "shalkar": 2},
        "printed": {"shu": 60, "ayagoz": 40, "shalkar": 40},
    },
}
"""Totals, maxima, ranks and whole percents as the paper's text and tables print them."""

PAPER_PERCENT = {
    instrument: {city: sum(scores) / (5 * len(scores)) * 100 for city, scores in table.items()}
    for instrument, table in TABLES.items()
}
"""Each town's readiness in percent at full precision: its total over the instrument's maximum."""

FIGURE_1 = {
    "local_government": 9,
    "planners_architects": 5,
    "ict_professionals": 4,
    "civil_society": 23,  # the text prints 22; the total of 53 and the figure's share imply 23
    "researchers": 12,
}
FIGURE_1_SHARES = (16.98, 9.43, 7.55, 43.40, 22.64)
"""The shares Figure 1 prints, in percent, in the groups' order."""
