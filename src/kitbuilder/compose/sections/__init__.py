"""One module per section type: what the section shows, in blocks.

Each module registers its composer in :data:`kitbuilder.compose.context.COMPOSERS`
under its section type (and names the label of its default heading, if it has
one); importing this package registers them all. A new section type is one module
here, one entry in the layout's section types, and its mapping in each renderer.
"""

from kitbuilder.compose.sections import (  # noqa: F401  (they register their composers)
    about, agenda, cover, director_qa, event_details, facilitator_notes, facts, feedback, film_details,
    notes_page, page_break, questions, quote, sign_in_sheet, summary, text, themes, title_block,
    ways_to_influence, welcome,
)
