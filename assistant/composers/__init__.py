"""One composer per intent: which spans answer, and how they are framed.

Each composer gets the question, the ranked spans and the plan's lookups (a `Ctx`), says its framing through the
AnswerBuilder and returns the answer's status: `answered`, or `no_figure` when the plan covers the topic but not the
figure, owner or date asked for (the measure is quoted and the answer says what it lacks). Every quote passes the
builder's citation check.

The modules, each importing only those above it:
- base: the measured constants, the lookups and context every composer gets, the hand-over by name;
- paragraphs: a passage's paragraph, its lead, its caption, and the section a question names;
- figure_fit: whether a span states the kind of figure asked (a sum, a share, a count in 家 or 个);
- items: the items a sentence lists and the counts a question or a sentence writes;
- quoting: spans quoted beside the best one (equally close, the subject, the rest of the topic, the context);
- sections: which section a measure sits under, the plan's title, a general answer;
- figures: targets and figures (`targets`), premises corrected;
- owners: who leads a measure, yes/no on an owner, what a unit leads;
- dates: by when (`deadline`);
- quotes: a measure's original wording (`quote`);
- lists: which items (`listing`), every figure of a kind, a section's parts.
"""
from __future__ import annotations

from .base import Ctx, Lookups
from .dates import deadline
from .figure_fit import figures_fit, same_measure, unit_fits
from .figures import CLOSING_NOTE, targets
from .lists import all_figures, listing, parts
from .owners import listed_with, owner, reverse, reverse_in_prose, reverse_mentioned, yes_no
from .paragraphs import stated_year
from .quotes import quote
from .sections import general, section, title, unnamed_unit

__all__ = ["CLOSING_NOTE", "Ctx", "Lookups", "all_figures", "deadline", "figures_fit", "general", "listed_with",
           "listing", "owner", "parts", "quote", "reverse", "reverse_in_prose", "reverse_mentioned", "same_measure",
           "section", "stated_year", "targets", "title", "unit_fits", "unnamed_unit", "yes_no"]
