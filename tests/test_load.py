"""The loader reads files as written, remembers where every value stands, and never raises."""

from __future__ import annotations

from pathlib import Path
from pathlib import PurePosixPath

import pytest
import yaml

from alliancegen import i18n
from alliancegen.errors import Location
from alliancegen.load import MAX_VALUES
from alliancegen.load import Content
from alliancegen.load import load_content
from alliancegen.load import read_document


def read_yaml(tmp_path: Path, text: str | bytes, name: str = "site.yaml"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return read_document(path, "site", None)


def only_problem(tmp_path: Path, text: str | bytes, name: str = "site.yaml") -> str:
    document, problems = read_yaml(tmp_path, text, name)
    assert len(problems) == 1, problems
    problem = problems[0]
    return f"{problem.location.line}:{problem.location.column}: {problem.message}"


def test_scalars_stay_text_as_written(tmp_path: Path) -> None:
    text = "a: no\nb: 03677 600347\nc: 0367760\nd: 01:30\ne: 1e3\nf: 2019-02-30\ng: yes\n"
    document, problems = read_yaml(tmp_path, text)
    assert problems == []
    assert document.data == {
        "a": "no",
        "b": "03677 600347",
        "c": "0367760",
        "d": "01:30",
        "e": "1e3",
        "f": "2019-02-30",
        "g": "yes",
    }


def test_only_empty_tilde_and_null_are_none(tmp_path: Path) -> None:
    document, _ = read_yaml(tmp_path, "a:\nb: ~\nc: null\nd: 'null'\n")
    assert document.data == {"a": None, "b": None, "c": None, "d": "null"}


def test_remembers_where_keys_and_values_stand(tmp_path: Path) -> None:
    document, _ = read_yaml(tmp_path, "name: Ilmenau\nlinks:\n  - title: Start\n    url: x\n")
    path = tmp_path / "site.yaml"
    assert document.positions.of_key(("name",)) == Location(path, 1, 1)
    assert document.positions.of_value(("name",)) == Location(path, 1, 7)
    assert document.positions.of_value(("links", 0, "url")) == Location(path, 4, 10)
    assert document.positions.of_value(("links", 0, "unknown")) == Location(path, 3, 5)


def test_front_matter_positions_count_from_the_top_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "news.md"
    path.write_text("---\ntitle: Hallo\ndate: 2019\n---\nText\n", encoding="utf-8")
    document, problems = read_document(path, "news", "ilmenau")
    assert problems == []
    assert document is not None
    assert document.positions.of_value(("date",)) == Location(path, 3, 7)
    assert document.body == "Text\n"
    assert document.body_line == 5


def test_duplicate_key_is_a_problem_and_the_first_value_wins(tmp_path: Path) -> None:
    document, problems = read_yaml(tmp_path, "title: A\nlanguage: de\ntitle: B\n")
    assert [str(problem.location.line) + ": " + problem.message for problem in problems] == [
        "3: 'title' is written twice here (first on line 1)"
    ]
    assert document.data == {"title": "A", "language": "de"}


def test_tab_indentation_is_explained(tmp_path: Path) -> None:
    assert only_problem(tmp_path, "links:\n\t- x\n") == (
        "2:1: a tab character: YAML indents with spaces only"
    )


def test_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    assert only_problem(tmp_path, "title: Ein Titel: mit Doppelpunkt\n").startswith(
        "1:17: this is not valid YAML: mapping values are not allowed"
    )


def test_syntax_error_in_front_matter_counts_from_the_top(tmp_path: Path) -> None:
    text = "---\ntitle: ok\nsummary: a: b\n---\n"
    assert only_problem(tmp_path, text, "page.md").startswith(
        "3:11: this is not valid YAML: mapping values are not allowed"
    )


QUOTED = "put the value in quotes: "


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("title: Familientag: Spiel und Spaß\n", {"title": "Familientag: Spiel und Spaß"}),
        ("links:\n  - title: Spiel: Spaß\n", [{"title": "Spiel: Spaß"}]),
        ("- Spiel: Spaß: für alle\n", [{"Spiel": "Spaß: für alle"}]),
        ('title: Das "Sommerfest": ein Tag\n', {"title": 'Das "Sommerfest": ein Tag'}),
        ('title: "Sommerfest": ein Tag\n', {"title": '"Sommerfest": ein Tag'}),
        ("title: 'Sommerfest': ein Tag\n", {"title": "'Sommerfest': ein Tag"}),
        ('title: Sag "Hallo": it\'s fun\n', {"title": 'Sag "Hallo": it\'s fun'}),
        ("title: Ordner C:\\Daten: alles\n", {"title": "Ordner C:\\Daten: alles"}),
        ("title: Achtung: neu # bis Mai\n", {"title": "Achtung: neu"}),
        ('"ti: tel": Spiel: Spaß\n', {"ti: tel": "Spiel: Spaß"}),
    ],
)
def test_a_colon_in_a_value_is_answered_with_the_line_in_quotes(
    tmp_path: Path, text: str, meant: object
) -> None:
    document, [problem] = read_yaml(tmp_path, text)
    assert problem.message.startswith("this is not valid YAML: mapping values are not allowed")
    assert problem.hint.startswith(QUOTED)
    assert yaml.safe_load(problem.hint.removeprefix(QUOTED)) == meant


def test_a_colon_in_a_line_of_another_shape_gets_the_general_hint(tmp_path: Path) -> None:
    document, [problem] = read_yaml(tmp_path, "title: Fest\n  mit: Spaß\n")
    assert problem.hint == "put text that contains ': ' in quotes, or indent the lines below a key"


def test_a_yaml_problem_is_explained_in_german(tmp_path: Path) -> None:
    i18n.use("de")
    document, [problem] = read_yaml(tmp_path, "title: Familientag: Spiel und Spaß\n")
    assert str(problem).split(": ", 1)[1] == (
        "das ist kein gültiges YAML: hier darf kein ': ' stehen\n"
        '    Tipp: setzen Sie den Wert in Anführungszeichen: title: "Familientag: Spiel und Spaß"'
    )
    assert only_problem(tmp_path, "links: [a, b\n") == (
        "2:1: das ist kein gültiges YAML: hier wird ',' oder ']' erwartet"
    )


def test_an_unreadable_file_is_explained_in_german(tmp_path: Path) -> None:
    i18n.use("de")
    document, [problem] = read_yaml(tmp_path, b"title: ok\nname: Gr\xfc\xdfe\n")
    assert problem.message == "die Datei ist kein UTF-8-Text: das Byte 0xfc ist nicht lesbar"
    assert problem.hint == "speichern Sie die Datei mit der Kodierung UTF-8"


def test_a_misplaced_file_is_explained_in_the_language_of_the_moment(make_content) -> None:  # type: ignore[no-untyped-def]
    root = make_content({"site.yaml": "title: T\n", "notizen.txt": "x"})
    [english] = load_content(root).problems
    i18n.use("de")
    [german] = load_content(root).problems
    assert english.message == "unexpected file: alliancegen does not know what it holds"
    assert german.message == "unerwartete Datei: alliancegen weiß nicht, was sie enthält"


def test_non_utf8_byte_is_located(tmp_path: Path) -> None:
    assert only_problem(tmp_path, b"title: ok\nname: Gr\xfc\xdfe\n") == (
        "2:9: the file is not UTF-8 text: byte 0xfc cannot be read"
    )


def test_byte_order_mark_and_windows_line_endings_are_fine(tmp_path: Path) -> None:
    document, problems = read_yaml(tmp_path, b"\xef\xbb\xbftitle: A\r\nname: B\r\n")
    assert problems == []
    assert document.data == {"title": "A", "name": "B"}
    assert document.positions.of_value(("name",)).line == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: x\n", "1:1: a Markdown file must start with front matter"),
        ("---\ntitle: x\nText\n", "1:1: the front matter that starts here is never closed"),
    ],
    ids=["missing", "unclosed"],
)
def test_front_matter_must_be_there_and_closed(tmp_path: Path, text: str, message: str) -> None:
    assert only_problem(tmp_path, text, "page.md").startswith(message)


def test_yaml_tags_are_refused(tmp_path: Path) -> None:
    assert only_problem(tmp_path, "title: !!python/object:os.system x\n") == (
        "1:8: the YAML tag 'tag:yaml.org,2002:python/object:os.system' is not supported"
    )


def test_alias_bomb_stops_with_a_problem(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]
    message = only_problem(tmp_path, "\n".join(lines) + "\n")
    assert f"the file holds more than {MAX_VALUES} values" in message


def test_files_are_sorted_into_kinds_by_where_they_lie(make_content) -> None:  # type: ignore[no-untyped-def]
    root = make_content(
        {
            "alliances/musterstadt/partners.yaml": "[]\n",
            "alliances/musterstadt/news/hallo.md": "---\ntitle: x\n---\n",
            "alliances/musterstadt/media/logo.png": b"\x89PNG",
            "pages/impressum.md": "---\ntitle: x\n---\n",
            "templates/base.html": "<html>",
            ".git/config": "x",
            "alliances/musterstadt/news/.hallo.md.swp": b"\0",
        }
    )
    content = load_content(root)
    assert content.problems == ()
    kinds = {(d.path.relative_to(root).as_posix(), d.kind, d.alliance) for d in content.documents}
    assert kinds == {
        ("site.yaml", "site", None),
        ("alliances/musterstadt/alliance.md", "alliance", "musterstadt"),
        ("alliances/musterstadt/partners.yaml", "partners", "musterstadt"),
        ("alliances/musterstadt/news/hallo.md", "news", "musterstadt"),
        ("pages/impressum.md", "pages", None),
    }
    assert content.files == {PurePosixPath("alliances/musterstadt/media/logo.png")}


@pytest.mark.parametrize(
    ("name", "message", "hint"),
    [
        (
            "alliances/musterstadt/partner.yaml",
            "unexpected file: alliancegen does not know what it holds",
            "did you mean 'partners.yaml'?",
        ),
        (
            "alliances/musterstadt/news/hallo.txt",
            "unexpected file in news/: only Markdown files (.md) belong here",
            "",
        ),
        (
            "alliances/notes.md",
            "unexpected file: each alliance has a folder of its own in alliances/",
            "move it into alliances/<name>/, e.g. alliances/ilmenau/alliance.md",
        ),
        ("site.yml", "unexpected file: alliancegen does not know what it holds", "did you mean"),
    ],
)
def test_unexpected_file_says_where_it_should_go(
    make_content,
    name: str,
    message: str,
    hint: str,  # type: ignore[no-untyped-def]
) -> None:
    content: Content = load_content(make_content({name: "x: 1\n"}))
    [problem] = content.problems
    assert problem.location.path.name == Path(name).name
    assert problem.message == message
    assert problem.hint.startswith(hint)


def test_unreadable_documents_are_named_for_the_model(make_content) -> None:  # type: ignore[no-untyped-def]
    content = load_content(make_content({"alliances/musterstadt/people.yaml": "- a: [\n"}))
    assert content.unread == {("musterstadt", "people")}
    assert len(content.problems) == 1
