import pytest

from assistant.quotes.speakers import SpeakerRegistry, fold_name, same_person


def test_fold_name_variants():
    assert fold_name("Dmitri Peskow") == fold_name("Dmitry Peskov")
    assert fold_name("Песков") == fold_name("Peskov")
    assert fold_name("Зеленский") == fold_name("Zelensky") == fold_name("Zelenskyy")
    assert fold_name("Bühler") == fold_name("Buhler")
    assert fold_name("President Donald Trump") == fold_name("Donald Trump")
    assert fold_name("Gen. Valery Gerasimov") == fold_name("Valery Gerassimov")


def test_same_person():
    pairs = [("Peskov", "Dmitri Peskow"), ("Dmitry Peskov", "Песков"),
             ("Gerasimov", "Gerassimov"), ("Zelensky", "Zelenskyy"),
             ("Zelensky", "Volodymyr Zelenskyy"), ("Зеленский", "Volodymyr Zelensky"),
             ("Syrsky", "Oleksandr Syrskyj"), ("Buhler", "Bühler"),
             ("Heinemann-Gruder", "Andreas Heinemann-Grüder"),
             ("Marco Rubio", "Secretary of State Marco Rubio"), ("D. Peskov", "Dmitry Peskov")]
    for a, b in pairs:
        assert same_person(a, b), (a, b)
    assert not same_person("Hillary Clinton", "Bill Clinton")
    assert not same_person("Peskov", "Lavrov")
    assert not same_person("", "Peskov") and not same_person(None, "Peskov")


def test_registry_merge_and_resolve():
    reg = SpeakerRegistry()
    reg.add("Peskov", "Kremlin spokesman")
    reg.add("Dmitri Peskow", "Spokesperson", count=2)
    reg.add("Hillary Clinton")
    reg.add("Bill Clinton")
    reg.add("Annalena Baerbock", "German Foreign Minister")
    names = {p.name for p in reg.people()}
    assert "Dmitri Peskow" in names
    assert {"Hillary Clinton", "Bill Clinton"} <= names
    assert len(reg.people()) == 4
    assert reg.people()[0].name == "Dmitri Peskow" and reg.people()[0].quote_count == 3
    assert reg.resolve("Dmitry Peskov")[0].name == "Dmitri Peskow"
    assert reg.resolve("песков")[0].name == "Dmitri Peskow"
    assert reg.resolve("Kremlin spokesperson")[0].name == "Dmitri Peskow"
    assert reg.resolve("What did Baerbock say?")[0].name == "Annalena Baerbock"
    assert [p.name for p in reg.resolve("Hillary Clinton")] == ["Hillary Clinton"]
    assert reg.resolve("Lavrov") == []
    assert reg.resolve("Peskov")[0].roles == {"Kremlin spokesman", "Spokesperson"}
    assert reg.resolve("Peskov")[0].aliases == {"Peskov", "Dmitri Peskow"}


@pytest.mark.parametrize("a, b, same", [
    ("Vermont Sen. Bernie Sanders", "Bernie Sanders", True),
    ("Democrat Hillary Clinton", "Rival Hillary Clinton", True),
    ("Hillary Rodham Clinton", "Hillary Clinton", True),
    ("Donald J. Trump", "D. Trump", True),
    ("Julie A. Diaz Martinez", "Diaz Martinez", True),
    ("Democrat Bill Clinton", "Democrat Hillary Clinton", False),
    ("Florida Gov. Jeb Bush", "George W. Bush", False),
    ("Ivana Trump", "Ivanka Trump", False),
    ("Mike Rendell", "Pennsylvania Gov. Ed Rendell", False),
])
def test_words_before_a_name_do_not_make_another_person(a, b, same):
    assert same_person(a, b) is same and same_person(b, a) is same
    registry = SpeakerRegistry()
    first, second = registry.add(a), registry.add(b)
    assert (first is second) is same
