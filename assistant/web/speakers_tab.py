"""The Speakers tab: everyone quoted, searchable by any spelling; a click on a row opens
that person's page (the Speaker tab)."""
from assistant import Assistant, same_person
from assistant.errors import AssistantError

COLUMNS = ["Name", "Also written", "Role", "Quotes", "Kind"]
# What the Kind column says of a source: a person, or an organisation or group
# ("Home Office", "Senior Tories"), which is listed after the people.
PERSON, GROUP = "person", "organisation or group"


def speaker_names(assistant: Assistant) -> list[str]:
    """Everyone quoted, by name, for a list to pick from (empty when there is no index yet)."""
    try:
        return [p.name for p in assistant.speakers()]
    except AssistantError:
        return []


def speaker_rows(assistant: Assistant, query: str = "") -> list[list]:
    """Everyone quoted as table rows (see COLUMNS), or those `query` finds; none when the
    index cannot be read."""
    try:
        people = assistant.speakers()
    except AssistantError:
        return []
    query = " ".join(query.split())
    if query:
        # Name folding: "peskov" finds Peskow; a part of a name or a role finds too.
        lowered = query.lower()
        people = [
            p for p in people
            if any(same_person(query, a) for a in p.aliases | {p.name})
            or any(lowered in a.lower() for a in p.aliases | {p.name} | p.roles)
        ]
    people = sorted(people, key=lambda p: p.is_group)  # stable: most quoted first in each
    return [[p.name, ", ".join(sorted(p.aliases - {p.name})), ", ".join(sorted(p.roles)),
             p.quote_count, GROUP if p.is_group else PERSON] for p in people]


def clicked_name(table, index) -> str | None:
    """The name in the row of the clicked cell (`index` is [row, column] or the row), read
    from the table as shown, so a filtered list gives the person clicked."""
    row = index[0] if isinstance(index, (list, tuple)) else index
    try:
        name = table.iloc[row, 0] if hasattr(table, "iloc") else table[row][0]
    except (IndexError, KeyError, TypeError):
        return None
    return str(name) if name else None


def build_speakers_tab(assistant: Assistant):
    """The tab; returns the table, whose clicks `open_speaker_page` wires to the Speaker tab
    (built after this one, since tabs are laid out in order)."""
    import gradio as gr

    with gr.Tab("Speakers") as tab:
        search = gr.Textbox(label="Search people (any spelling)", placeholder="peskov",
                            elem_id="speaker-search")
        table = gr.Dataframe(headers=COLUMNS, value=lambda: speaker_rows(assistant),
                             interactive=False, elem_id="speakers", wrap=True)
        gr.Markdown("Click a name to open their page.")
        search.change(lambda q: speaker_rows(assistant, q), [search], [table], api_name="speakers")
        # Articles may have come or gone since the page loaded (here or in another session).
        tab.select(lambda q: speaker_rows(assistant, q), [search], [table], api_name=False)
    return table


def open_speaker_page(table, page, tabs):
    """A click on a row of `table` opens that person's page (`speaker_page.SpeakerPage`):
    chosen in its list, its topic cleared, its tab shown and the page drawn."""
    import gradio as gr

    # No postponed annotations in this module: Gradio reads `gr.SelectData` off the
    # signature to pass the click event.
    def pick(shown, event: gr.SelectData):
        name = clicked_name(shown, event.index)
        if not name:
            return gr.skip(), gr.skip(), gr.skip()
        return page.chosen(name), "", gr.update(selected=page.tab_id)

    return page.draw_after(table.select(pick, [table], [page.name, page.topic, tabs],
                                        api_name=False))
