"""An author–year bibliography list that matches the author–year citations.

The text cites as "Zweibel (2020)" / "(Kulsrud and Pearce, 1969)" (the
referencing style ``crbook_author_year``: sphinxcontrib-bibtex's ``author_year``
with round brackets).  pybtex's stock list
styles label the entries [1], [2], … or [Zwe20].  This registers the formatting
style ``crbook_author_year``: the ``plain`` entries (sorted by author, year,
title), each labelled with the same author–year text as its parenthetical
citation, and names written "Last Lineage, F. M." ("Gallagher III, J. S.").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sphinxcontrib.bibtex.plugin
from pybtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.names import BaseNameStyle, name_part
from pybtex.style.template import join


def _last_names(person) -> str:
    return " ".join(person.prelast_names + person.last_names).replace("{", "").replace("}", "")


class AuthorYearLabelStyle(BaseLabelStyle):
    """Labels as the parenthetical citation reads: "Zweibel, 2020", "Wiener et al., 2019"."""

    def format_labels(self, sorted_entries):
        labels = list(self._labels(sorted_entries))
        # two works with one label (same authors and year) become 2017a, 2017b
        seen: dict[str, int] = {}
        for label in labels:
            if labels.count(label) == 1:
                yield label
            else:
                seen[label] = seen.get(label, 0) + 1
                yield label + "abcdefghijklmnopqrstuvwxyz"[seen[label] - 1]

    def _labels(self, sorted_entries):
        for entry in sorted_entries:
            persons = entry.persons.get("author") or entry.persons.get("editor") or []
            names = [_last_names(p) for p in persons]
            if "others" in names:  # BibTeX's "and others"
                names = names[: names.index("others")] + ["", ""]
            if not names:
                who = entry.fields.get("key", entry.key)
            elif len(names) == 1:
                who = names[0]
            elif len(names) == 2:
                who = f"{names[0]} and {names[1]}"
            else:
                who = f"{names[0]} et al."
            who = who.replace(" and ,", "").strip()
            yield f"{who}, {entry.fields.get('year', 'n.d.')}"


class LastFirstNameStyle(BaseNameStyle):
    """"Last Lineage, F. M." — the lineage (Jr., III) stays with the surname."""

    def format(self, person, abbr=False):
        return join[
            name_part(tie=True)[person.rich_prelast_names],
            name_part[person.rich_last_names],
            name_part(before=" ")[person.rich_lineage_names],
            name_part(before=", ", abbr=True)[person.rich_first_names + person.rich_middle_names],
        ]


def _round_brackets() -> BracketStyle:
    return BracketStyle(left="(", right=")")


@dataclass
class RoundAuthorYearReferenceStyle(AuthorYearReferenceStyle):
    """Citations in the text as "Zweibel (2020)" and "(Zweibel, 2020)", not with [ ]."""

    bracket_parenthetical: BracketStyle = field(default_factory=_round_brackets)
    bracket_textual: BracketStyle = field(default_factory=_round_brackets)
    bracket_author: BracketStyle = field(default_factory=_round_brackets)
    bracket_label: BracketStyle = field(default_factory=_round_brackets)
    bracket_year: BracketStyle = field(default_factory=_round_brackets)


class AuthorYearStyle(PlainStyle):
    default_label_style = "crbook_author_year"
    default_name_style = "crbook_last_first"


def setup(app):
    register_plugin("pybtex.style.labels", "crbook_author_year", AuthorYearLabelStyle)
    register_plugin("pybtex.style.names", "crbook_last_first", LastFirstNameStyle)
    register_plugin("pybtex.style.formatting", "crbook_author_year", AuthorYearStyle)
    sphinxcontrib.bibtex.plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing", "crbook_author_year", RoundAuthorYearReferenceStyle)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
