"""The reproduction scoreboard and the compact reproduction table, generated at build time.

Two directives, both computed when the book is built from
``crlib.reproduction.reproduce()`` (which reads ``crlib/data/paper_values.csv``),
so no number on either page is typed:

``{crbook-reproduction-table}``
    The reproduction report's table: one row per printed result — quantity,
    equation, paper, book, unit, verdict — each row carrying the label ``rec-<name>``
    (``_`` → ``-``), followed by one collapsed note per row (label
    ``why-<name>``, a MyST target, so that the PDF resolves it too) with the
    rule that decided the verdict and, where the book does not reproduce the
    print, the explanation.

``{crbook-scoreboard}``
    The landing page's scoreboard: how many printed results, and how many are
    reproduced, approximately reproduced and not reproduced, each result linked
    to its row of the reproduction table; then one figure, the book's value over
    the paper's for every result (``:figure:`` option).

The directives write MyST and parse it in place, so the links, labels and math
work in the HTML and the PDF alike.  Only presentation lives here (symbols,
units, significant figures); the comparison itself is crlib's.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

REPORT_DOC = "notebooks/06b-reproduction-report"
CHAPTER_OF_SECTION = {
    3: "notebooks/03-pressure-anisotropy-instability",
    5: "notebooks/05-self-confinement",
    6: "notebooks/06-bottleneck-example",
}

# the quantity as the book writes it (conventions page); a record without an
# entry falls back to crlib's ASCII symbol, shown as code
SYMBOL_TEX = {
    "spectral_factor": r"\mathcal{E}",
    "threshold_zeta": r"\zeta_{\rm th}",
    "threshold_anisotropy": r"(\Delta P_c/P_c)_{\rm th}",
    "alfven_speed_s5": r"v_A",
    "drift_excess": r"v_D/v_A - 1",
    "cooling_balance_heating": r"n_H\Gamma_0",
    "alfven_ratio": r"v_A/c",
    "tau_B": r"\tau_B",
    "pc_fraction": r"P_c/(P_g + P_m)",
    "heating_bound": r"H_{pa}",
    "heating_fraction": r"H_{pa}/n_H\Gamma_0",
    "mean_free_path_eq42": r"\lambda",
    "scattering_frequency_nlld": r"\nu",
    "mean_free_path_nlld": r"\lambda",
}
# what the paper's qualifier says, in front of its number
QUALIFIER = {
    "": "", "=": "", "corresponding to": "",
    "~": r"$\sim$ ", "about": "about ", "less than": "$<$ ", ">": "$>$ ",
    "slightly more than": "slightly above ",
}
# verdict: (key for counts and labels, words on the page)
VERDICT = {
    "reproduced": ("reproduced", "reproduced"),
    "approximate-agrees": ("approx", "approximately reproduced"),
    "not-reproduced (documented)": ("not", "not reproduced"),
    "NOT reproduced": ("failed", "not reproduced, unexplained"),
}
VERDICT_ORDER = ["reproduced", "approximate-agrees", "not-reproduced (documented)", "NOT reproduced"]
SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def slug(name: str) -> str:
    return name.lower().replace("_", "-")


def symbol(record) -> str:
    tex = SYMBOL_TEX.get(record.name)
    return f"${tex}$" if tex else f"`{record.symbol}`"


def unit_text(unit: str) -> str:
    """'erg cm^-3 s^-1' -> 'erg cm⁻³ s⁻¹'; 'v_A/c' -> '$v_A/c$'; '1' -> ''."""
    if unit in ("", "1"):
        return ""
    if "_" in unit:
        return f"${unit}$"
    return re.sub(r"\^(-?\d+)", lambda m: m.group(1).translate(SUPERSCRIPT), unit)


def number(value: float, sig: int) -> str:
    """`value` to `sig` significant figures, as MyST: $3.7 \\times 10^{12}$ or 0.013."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    exponent = math.floor(math.log10(abs(value)))
    if -3 <= exponent <= 3:
        decimals = max(sig - 1 - exponent, 0)
        return f"{round(value, decimals):.{decimals}f}"
    mantissa = f"{value / 10**exponent:.{sig - 1}f}"
    if mantissa.startswith("10"):  # rounding carried into the next decade
        exponent += 1
        mantissa = f"{value / 10**exponent:.{sig - 1}f}"
    return f"${mantissa} \\times 10^{{{exponent}}}$"


def paper_text(record) -> str:
    return QUALIFIER.get(record.qualifier, record.qualifier + " ") + number(
        record.paper_value, int(record.sig_digits))


def book_text(record) -> str:
    return number(record.computed_value, max(3, int(record.sig_digits) + 1))


def equation_text(record) -> str:
    return f"({record.equation})" if record.equation else "§" + str(record.section)


def chapter_doc(record) -> str:
    chapter = getattr(record, "chapter", None)
    return f"notebooks/{chapter}" if chapter else CHAPTER_OF_SECTION[record.section]


def _records(env):
    from crlib import reproduction

    # the page depends on the data file and on the code that compares it
    root = Path(env.app.confdir)
    for path in [root / "crlib" / "data" / "paper_values.csv", *sorted((root / "crlib").glob("*.py"))]:
        if path.exists():
            env.note_dependency(str(path))
    return reproduction.reproduce()


class _MystDirective(SphinxDirective):
    def parse(self, lines: list[str]) -> list[nodes.Node]:
        container = nodes.container()
        self.state.nested_parse(StringList(lines, source=self.env.docname), self.content_offset,
                                container)
        return container.children


def reproduction_table_myst(records) -> list[str]:
    """The reproduction report's table and its verdict notes, as MyST lines."""
    lines = [
        ":::{list-table}", ":header-rows: 1", ":class: reproduction-table",
        ":widths: 18 13 21 17 14 17", "",
        "* - quantity", "  - Eq.", "  - paper", "  - book", "  - unit", "  - verdict",
    ]
    for r in records:
        words = VERDICT.get(r.status, (None, r.status))[1]
        lines += [
            f"* - (rec-{slug(r.name)})=",
            "",
            f"    {symbol(r)}",
            f"  - {equation_text(r)}",
            f"  - {paper_text(r)}",
            f"  - {book_text(r)}",
            f"  - {unit_text(r.unit) or '—'}",
            f"  - [{words}](why-{slug(r.name)})",
        ]
    lines += [":::", ""]
    for r in records:
        words = VERDICT.get(r.status, (None, r.status))[1]
        # a MyST target, not the box's :name:, carries the label: Sphinx's
        # LaTeX writer turns a target into a \label (a :name: on a box gets
        # none), and the HTML makes it the box's id
        lines += [
            f"(why-{slug(r.name)})=",
            f"::::{{admonition}} {symbol(r)} {equation_text(r)}: {words}",
            ":class: dropdown",
            "",
            f"Paper {paper_text(r)}, book {book_text(r)}"
            + (f" (unit: {unit_text(r.unit)});" if unit_text(r.unit) else " (dimensionless);") +
            f" relative difference {r.relative_difference:+.3f}.",
            f"Rule: {r.criterion}.",
            f"Computed in {{doc}}`/{chapter_doc(r)}`.",
        ]
        if r.explanation:
            lines += ["", r.explanation]
        lines += ["::::", ""]
    return lines


class ReproductionTable(_MystDirective):
    """The compact table of the reproduction report, with a collapsed note per row."""

    has_content = False

    def run(self):
        parsed = self.parse(reproduction_table_myst(_records(self.env)))
        for root in parsed:
            for entry in root.findall(nodes.entry):
                inline_row_label(entry)
        return parsed


def inline_row_label(entry: nodes.entry) -> None:
    """Move a cell's opening target into its paragraph.

    As a block of its own, the target is the first item of the LaTeX cell,
    which then sets the symbol a line below the row's other cells; inside the
    paragraph it is an inline anchor (HTML: a span with the id).
    """
    if (len(entry) >= 2 and isinstance(entry[0], nodes.target)
            and isinstance(entry[1], nodes.paragraph)):
        target = entry[0]
        entry.remove(target)
        entry[0].insert(0, target)


class Scoreboard(_MystDirective):
    """Counts by verdict, each result linked to its row; then the ratio figure."""

    has_content = False
    option_spec = {"figure": directives.flag}

    def run(self):
        records = _records(self.env)
        by_status = {s: [r for r in records if r.status == s] for s in VERDICT_ORDER}
        unknown = [r for r in records if r.status not in VERDICT]
        if unknown:
            raise self.error(f"unknown reproduction status {unknown[0].status!r}")
        lines = [
            ":::{list-table}", ":header-rows: 1", ":class: scoreboard", ":widths: 30 10 60", "",
            "* - verdict", "  - results", "  - which (each links to its row of the report)",
            f"* - **printed results compared**", f"  - **{len(records)}**",
            f"  - {{doc}}`the reproduction report </{REPORT_DOC}>`",
        ]
        for status in VERDICT_ORDER:
            group = by_status[status]
            if status == "NOT reproduced" and not group:
                continue
            links = ", ".join(
                f"[{symbol(r)} {equation_text(r)}](#rec-{slug(r.name)})" for r in group
            ) or "none"
            lines += [f"* - {VERDICT[status][1]}", f"  - {len(group)}", f"  - {links}"]
        lines += [":::", ""]
        if "figure" in self.options:
            uri = _write_ratio_figure(self.env, records)
            ratios = [r.computed_value / r.paper_value for r in records]
            near = sum(0.5 <= x <= 2.0 for x in ratios)
            far = "; ".join(f"{r.symbol} (Eq. {r.equation or '-'}) at {x:.3g}"
                            for r, x in zip(records, ratios) if not 0.5 <= x <= 2.0)
            lines += [
                f":::{{figure}} {uri}",
                f":alt: Dot chart, one row per printed result of the paper, of the book's value "
                f"divided by the paper's on a logarithmic axis. {near} of {len(records)} dots lie "
                f"within a factor of 2 of the line at 1" + (f"; outside it: {far}." if far else "."),
                "",
                "The book's value over the paper's for every printed result, coloured by "
                "verdict; the grey band is a factor of 2 either side of agreement. Circles: "
                "reproduced; squares: approximately reproduced; triangles: not reproduced.",
                ":::",
            ]
        return self.parse(lines)


def _write_ratio_figure(env, records) -> str:
    """Draw the figure into the build's scratch directory; return its path for {figure}."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    style = {
        "reproduced": ("o", "#0072B2"),
        "approximate-agrees": ("s", "#E69F00"),
        "not-reproduced (documented)": ("^", "#D55E00"),
        "NOT reproduced": ("X", "#000000"),
    }
    fig, ax = plt.subplots(figsize=(6.4, 0.32 * len(records) + 1.0))
    ax.axvspan(0.5, 2.0, color="0.9", zorder=0)
    ax.axvline(1.0, color="0.4", lw=0.8, zorder=1)
    for i, r in enumerate(records):
        marker, colour = style[r.status]
        ax.plot(r.computed_value / r.paper_value, i, marker=marker, color=colour, ms=7, zorder=3,
                ls="none")
    labels = [f"${SYMBOL_TEX.get(r.name, r.symbol)}$  " + equation_text(r) for r in records]
    ax.set_yticks(range(len(records)), labels)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ratios = [r.computed_value / r.paper_value for r in records]
    ax.set_xlim(min(0.4, min(ratios) / 1.5), max(3.0, max(ratios) * 1.5))
    from matplotlib.ticker import FixedLocator, NullLocator

    ticks = [t for t in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100) if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xticklabels([f"{t:g}" for t in ticks])
    ax.set_xlabel("book / paper")
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    fig.tight_layout()
    out = Path(env.app.srcdir) / "_build" / "generated"
    out.mkdir(parents=True, exist_ok=True)
    # vector for both editions: Sphinx picks the SVG for HTML and the PDF for LaTeX
    fig.savefig(out / "scoreboard.svg")
    fig.savefig(out / "scoreboard.pdf")
    plt.close(fig)
    return "/_build/generated/scoreboard.*"


def setup(app):
    app.add_directive("crbook-reproduction-table", ReproductionTable)
    app.add_directive("crbook-scoreboard", Scoreboard)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
