"""The Speakers tab: everyone quoted, searchable by any spelling; a click asks about them."""
from assistant import Assistant, same_person
from assistant.errors import AssistantError

COLUMNS = ["Name", "Also written", "Role", "Quotes"]


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
    return [[p.name, ", ".join(sorted(p.aliases - {p.name})), ", ".join(sorted(p.roles)),
             p.quote_count] for p in people]


def build_speakers_tab(assistant: Assistant, question, tabs, chat_tab):
    """The tab; returns the click event so the chat can answer the question it fills in."""
    import gradio as gr

    # No postponed annotations in this module: Gradio reads `gr.SelectData` off the
    # signature to pass the click event.
    def pick(table, event: gr.SelectData):
        row = event.index[0] if isinstance(event.index, (list, tuple)) else event.index
        name = table.iloc[row, 0] if hasattr(table, "iloc") else table[row][0]
        return f"What did {name} say?", gr.update(selected=chat_tab)

    with gr.Tab("Speakers") as tab:
        search = gr.Textbox(label="Search people (any spelling)", placeholder="peskov",
                            elem_id="speaker-search")
        table = gr.Dataframe(headers=COLUMNS, value=lambda: speaker_rows(assistant),
                             interactive=False, elem_id="speakers", wrap=True)
        gr.Markdown("Click a name to ask what they said.")
        search.change(lambda q: speaker_rows(assistant, q), [search], [table], api_name="speakers")
        # Articles may have come or gone since the page loaded (here or in another session).
        tab.select(lambda q: speaker_rows(assistant, q), [search], [table], api_name=False)
        return table.select(pick, [table], [question, tabs])
