"""Decap CMS's local proxy protocol as ``serve`` answers it: every action on a copy of the
example content, and every path the editor may not use refused."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from pathlib import Path
from typing import Any

import pytest

from alliancegen import i18n
from alliancegen import proxy
from alliancegen.proxy import answer
from tests.conftest import MakeContent
from tests.conftest import site_of

EVENT = "alliances/ilmenau/events/aktionstag-2017.md"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)
NEW_EVENT = """\
---
title: Familientag im Park
kind: family_day
start: 2026-06-14 11:00
---
Spiele, Musik und Kuchen für alle.
"""


def call(root: Path, action: str, **params: Any) -> tuple[int, Any]:
    """Ask as the editor asks; the status and the decoded answer."""
    body = json.dumps({"branch": "main", "action": action, "params": {"branch": "main", **params}})
    status, answered = answer(root, body.encode())
    return status, json.loads(answered)


def persist(root: Path, path: str, raw: str, **more: Any) -> tuple[int, Any]:
    """Save one entry as the editor does."""
    options = {"commitMessage": "Update", "useWorkflow": False, "status": "", **more}
    data_file = {"slug": Path(path).stem, "path": path, "raw": raw}
    if "newPath" in options:
        data_file["newPath"] = options.pop("newPath")
    return call(root, "persistEntry", dataFiles=[data_file], assets=[], options=options)


def asset(path: str, content: bytes) -> dict[str, str]:
    return {"path": path, "content": base64.b64encode(content).decode(), "encoding": "base64"}


def upload(root: Path, path: str, content: bytes) -> tuple[int, Any]:
    return call(root, "persistMedia", asset=asset(path, content), options={"commitMessage": "Up"})


def test_info_names_the_content_folder(example_copy: Path) -> None:
    assert call(example_copy, "info") == (
        200,
        {"repo": "content", "publish_modes": ["simple"], "type": "local_fs"},
    )


def test_entries_by_folder_lists_content_files_with_their_text_and_hash(
    example_copy: Path,
) -> None:
    events = example_copy / "alliances/ilmenau/events"
    (events / "notes.txt").write_text("not content\n")
    (events / ".draft.md").write_text("---\ntitle: hidden\n---\n")
    (events / "linked.md").symlink_to(events / "aktionstag-2017.md")
    status, entries = call(
        example_copy, "entriesByFolder", folder="alliances/ilmenau/events", extension="md", depth=1
    )
    assert status == 200
    raw = (example_copy / EVENT).read_bytes()
    assert entries == [
        {"data": raw.decode(), "file": {"path": EVENT, "id": hashlib.sha256(raw).hexdigest()}}
    ]


def test_entries_by_folder_finds_the_alliances_two_levels_down(example_copy: Path) -> None:
    status, entries = call(
        example_copy, "entriesByFolder", folder="alliances", extension="md", depth=2
    )
    assert status == 200
    found = [entry["file"]["path"] for entry in entries]
    assert found == sorted(
        p.relative_to(example_copy).as_posix() for p in example_copy.glob("alliances/*/*.md")
    )
    for name in ("herzogenrath", "ilmenau", "iserlohn"):
        assert f"alliances/{name}/alliance.md" in found


def test_a_folder_that_is_not_there_lists_nothing(example_copy: Path) -> None:
    status, entries = call(
        example_copy, "entriesByFolder", folder="alliances/iserlohn/news", extension="md", depth=1
    )
    assert (status, entries) == (200, [])


def test_entries_by_files_keeps_labels_and_reports_missing_files(example_copy: Path) -> None:
    files = [{"path": "site.yaml", "label": "Settings"}, {"path": "alliances/iserlohn/people.yaml"}]
    (example_copy / "alliances/iserlohn/people.yaml").unlink(missing_ok=True)
    status, entries = call(example_copy, "entriesByFiles", files=files)
    assert status == 200
    assert entries[0]["file"]["label"] == "Settings"
    assert entries[0]["data"] == (example_copy / "site.yaml").read_text()
    assert entries[1] == {
        "data": None,
        "file": {"path": "alliances/iserlohn/people.yaml", "id": None},
    }


def test_an_empty_file_is_an_entry_with_an_id(example_copy: Path) -> None:
    (example_copy / "alliances/iserlohn/people.yaml").write_text("")
    status, entry = call(example_copy, "getEntry", path="alliances/iserlohn/people.yaml")
    assert status == 200
    assert entry["data"] == ""
    assert entry["file"]["id"] == hashlib.sha256(b"").hexdigest()


def test_an_entry_saved_as_read_is_the_same_file(example_copy: Path) -> None:
    before = (example_copy / EVENT).read_bytes()
    status, entry = call(example_copy, "getEntry", path=EVENT)
    assert status == 200
    assert persist(example_copy, EVENT, entry["data"]) == (200, {"message": "entry persisted"})
    assert (example_copy / EVENT).read_bytes() == before


def test_a_new_entry_creates_its_folder_and_passes_check(example_copy: Path) -> None:
    path = "alliances/herzogenrath/news/neues-familienbuero.md"
    raw = "---\ntitle: Neues Familienbüro\ndate: 2026-03-01\n---\nAb März geöffnet.\n"
    assert persist(example_copy, path, raw, newEntry=True)[0] == 200
    assert persist(example_copy, "alliances/ilmenau/events/familientag.md", NEW_EVENT)[0] == 200
    assert (example_copy / path).read_text() == raw
    site = site_of(example_copy)
    ilmenau = next(alliance for alliance in site.alliances if alliance.slug == "ilmenau")
    assert "familientag" in [event.slug for event in ilmenau.events]


def test_a_new_entry_may_not_replace_a_file(example_copy: Path) -> None:
    before = (example_copy / EVENT).read_text()
    status, answered = persist(example_copy, EVENT, NEW_EVENT, newEntry=True)
    assert status == 403
    assert answered["error"].startswith(f"{example_copy / EVENT}:1:1: a file of this name exists")
    assert (example_copy / EVENT).read_text() == before


def test_an_entry_moved_to_a_new_path_leaves_the_old_one(example_copy: Path) -> None:
    moved = "alliances/ilmenau/events/aktionstag-mai-2017.md"
    raw = (example_copy / EVENT).read_text()
    assert persist(example_copy, EVENT, raw, newPath=moved)[0] == 200
    assert not (example_copy / EVENT).exists()
    assert (example_copy / moved).read_text() == raw


def test_an_entry_is_not_moved_onto_another(example_copy: Path) -> None:
    other = "alliances/ilmenau/events/anderes.md"
    (example_copy / other).write_text(NEW_EVENT)
    raw = (example_copy / EVENT).read_text()
    assert persist(example_copy, EVENT, raw, newPath=other)[0] == 403
    assert (example_copy / other).read_text() == NEW_EVENT
    assert (example_copy / EVENT).read_text() == raw


def test_text_that_fails_check_is_refused_with_the_located_problems(example_copy: Path) -> None:
    before = (example_copy / EVENT).read_text()
    raw = "---\ntitle: Aktionstag 2017\nstart: im Mai\ncolour: blue\n---\nText\n"
    status, answered = persist(example_copy, EVENT, raw)
    assert status == 422
    lines = answered["error"].split("\n")
    assert lines[0].startswith(f"{example_copy / EVENT}:3:8: 'im Mai' is not a date")
    assert lines[1] == f"{example_copy / EVENT}:4:1: unknown field 'colour'"
    assert lines[2].startswith("    hint: the fields here are: slug, draft, title")
    assert lines[-1] == "2 problems in 1 file"
    assert (example_copy / EVENT).read_text() == before


def test_a_translation_is_checked_over_its_original(example_copy: Path) -> None:
    path = "alliances/ilmenau/events/aktionstag-2017.tr.md"
    assert persist(example_copy, path, "---\ntitle: Eylem günü\n---\nMetin\n")[0] == 200
    assert (example_copy / path).read_text() == "---\ntitle: Eylem günü\n---\nMetin\n"
    status, answered = persist(example_copy, path, "---\nstart: Mayısta\n---\n")
    assert status == 422
    assert answered["error"].startswith(f"{example_copy / path}:2:8: 'Mayısta' is not a date")
    site = (example_copy / "site.yaml").read_text()  # it translates its title
    retitled = site.replace("title: Local Alliances", "title: The Local Alliances")
    assert retitled != site
    assert persist(example_copy, "site.yaml", retitled)[0] == 200


def test_yaml_that_cannot_be_read_is_refused_and_nothing_is_created(example_copy: Path) -> None:
    path = "alliances/iserlohn/people.yaml"
    (example_copy / path).unlink(missing_ok=True)
    status, answered = persist(example_copy, path, "- name: Anna\n  role: [chair\n")
    assert status == 422
    assert "this is not valid YAML" in answered["error"]
    assert not (example_copy / path).exists()


def test_two_entries_with_one_slug_in_a_list_are_refused(example_copy: Path) -> None:
    path = "alliances/ilmenau/goals.yaml"
    raw = "- title: Mehr Zeit\n- title: Mehr Zeit\n"
    status, answered = persist(example_copy, path, raw)
    assert status == 422
    assert answered["error"].startswith(
        f"{example_copy / path}:2:10: the slug 'mehr-zeit' is taken already by the entry on line 1"
    )


def test_a_list_file_passes_as_it_is(example_copy: Path) -> None:
    """The editor reads and writes YAML lists itself (admin.js's format): the protocol
    carries their text, and a list is checked as check reads the file."""
    path = "alliances/ilmenau/partners.yaml"
    text = (example_copy / path).read_text()
    status, entry = call(example_copy, "getEntry", path=path)
    assert (status, entry["data"]) == (200, text)
    assert persist(example_copy, path, entry["data"])[0] == 200
    assert (example_copy / path).read_text() == text
    comments = "".join(line for line in text.splitlines(keepends=True)[:2])
    as_written = "- name: Jugendamt\n  category: municipality\n"
    assert persist(example_copy, path, as_written)[0] == 200
    assert (example_copy / path).read_text() == comments + as_written
    status, answered = persist(example_copy, path, "partners:\n  - name: Jugendamt\n")
    assert status == 422
    assert (example_copy / path).read_text() == comments + as_written


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (example_copy / EVENT).read_bytes()

    def broken(self: Path, target: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", broken)
    status, answered = persist(example_copy, EVENT, NEW_EVENT)
    assert status == 500
    assert answered == {"error": "cannot read or write the file: no space left on device"}
    assert (example_copy / EVENT).read_bytes() == before
    assert sorted(p.name for p in (example_copy / "alliances/ilmenau/events").iterdir()) == [
        "aktionstag-2017.md"
    ]


def test_the_comment_lines_a_file_starts_with_are_kept(example_copy: Path) -> None:
    site = example_copy / "site.yaml"
    comments = [line for line in site.read_text().split("\n")[:3] if line.startswith("#")]
    site.write_text("\n".join([*comments, "title: Alt", "language: de", ""]))
    assert persist(example_copy, "site.yaml", "title: Neuer Titel\nlanguage: de\n")[0] == 200
    assert site.read_text() == "\n".join([*comments, "title: Neuer Titel", "language: de", ""])
    raw = "---\ntitle: Aktionstag\nstart: 2017\n---\nText\n"
    (example_copy / EVENT).write_text("---\n# Written from the article.\ntitle: Alt\n---\n")
    assert persist(example_copy, EVENT, raw)[0] == 200
    assert (example_copy / EVENT).read_text() == (
        "---\n# Written from the article.\ntitle: Aktionstag\nstart: 2017\n---\nText\n"
    )


def test_an_uploaded_image_is_stored_listed_and_read(example_copy: Path) -> None:
    status, stored = upload(example_copy, "alliances/ilmenau/media/logo.png", PNG)
    assert status == 200
    expected = {
        "id": hashlib.sha256(PNG).hexdigest(),
        "content": base64.b64encode(PNG).decode(),
        "encoding": "base64",
        "path": "alliances/ilmenau/media/logo.png",
        "name": "logo.png",
    }
    assert stored == expected
    assert (example_copy / "alliances/ilmenau/media/logo.png").read_bytes() == PNG
    (example_copy / "alliances/ilmenau/media/notes.html").write_text("<p>")
    listed = call(example_copy, "getMedia", mediaFolder="alliances/ilmenau/media")
    assert listed == (200, [expected])
    assert call(example_copy, "getMediaFile", path="alliances/ilmenau/media/logo.png") == (
        200,
        expected,
    )


def test_an_entry_saved_with_its_image(example_copy: Path) -> None:
    image = asset("media/familientag.png", PNG)
    data_file = {"slug": "familientag", "path": "pages/familientag.md", "raw": NEW_EVENT}
    data_file["raw"] = "---\ntitle: Familientag\n---\nText\n"
    options = {"commitMessage": "Create", "useWorkflow": False, "status": "", "newEntry": True}
    status, _answered = call(
        example_copy, "persistEntry", dataFiles=[data_file], assets=[image], options=options
    )
    assert status == 200
    assert (example_copy / "media/familientag.png").read_bytes() == PNG
    assert (example_copy / "pages/familientag.md").is_file()


def test_media_the_site_would_not_publish_is_refused(example_copy: Path) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    status, answered = upload(example_copy, "media/bild.svg", svg)
    assert status == 422
    assert answered["error"].startswith(f"{example_copy / 'media/bild.svg'}:1:")
    assert "<script>" in answered["error"]
    assert upload(example_copy, "media/seite.html", b"<p>")[0] == 403
    assert upload(example_copy, "media/bild.php.png", PNG)[0] == 403
    assert not (example_copy / "media").exists()


def test_an_upload_does_not_replace_another_file_of_its_name(example_copy: Path) -> None:
    assert upload(example_copy, "media/logo.png", PNG)[0] == 200
    assert upload(example_copy, "media/logo.png", PNG)[0] == 200  # the same file again
    status, answered = upload(example_copy, "media/LOGO.png", PNG + b"changed")
    assert status == 403
    assert "another file of this name" in answered["error"]


def test_large_uploads_and_requests_are_refused(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(proxy, "MAX_MEDIA", 30)
    status, answered = upload(example_copy, "media/gross.png", PNG)
    assert status == 413
    assert "the file is larger than 0 MB" in answered["error"]
    monkeypatch.setattr(proxy, "MAX_BODY", 10)
    assert answer(example_copy, b'{"action": "info", "params": {}}')[0] == 413


def test_delete_files_removes_entries_and_media(example_copy: Path) -> None:
    upload(example_copy, "media/logo.png", PNG)
    status, answered = call(
        example_copy,
        "deleteFiles",
        paths=[EVENT, "media/logo.png"],
        options={"commitMessage": "Delete"},
    )
    assert status == 200
    assert not (example_copy / EVENT).exists()
    assert not (example_copy / "media/logo.png").exists()


def test_what_the_protocol_does_not_know_is_refused(example_copy: Path) -> None:
    assert call(example_copy, "unpublishedEntries")[0] == 422
    assert call(example_copy, "getDeployPreview", collection="events", slug="x") == (200, None)
    assert answer(example_copy, b"not json")[0] == 422
    assert answer(example_copy, b"[1, 2]")[0] == 422
    assert answer(example_copy, b"[" * 100_000)[0] == 422
    assert call(example_copy, "getEntry")[0] == 422
    assert call(example_copy, "entriesByFolder", folder="pages", extension="md")[0] == 422


REFUSED = [
    "../site.yaml",
    "../../etc/passwd",
    "pages/../../outside.md",
    "alliances/ilmenau/../../../outside.md",
    "/etc/passwd",
    "C:/Windows/win.ini",
    "pages\\..\\..\\outside.md",
    "site.yaml\x00.png",
    "pages/\nx.md",
    "%2e%2e/site.yaml",
    "pages/%2E%2E%2Foutside.md",
    "pages/%252e%252e/outside.md",
    "pages/..%c0%af..%c0%afoutside.md",
    "\u2025/site.yaml",
    "\uff0e\uff0e/site.yaml",
    " ../site.yaml",
    "pages/x.md/",
    "site.yaml/.",
    "site.yaml/x.md",
    "alliances/ilmenau/partners.yaml/alliance.md",
    "pages/x.md\r",
    "alliances/ilmenau/events/../../../../etc/passwd",
    "./site.yaml",
    "pages//x.md",
    "pages/",
    ".git/config",
    "alliances/ilmenau/.git/config",
    "pages/entwurf.md~",
    "alliancegen/proxy.py",
    "build/index.html",
    "templates/base.html",
    "static/site.css",
    "pages/notes.txt",
    "alliances/ilmenau/events/sub/x.md",
    "alliances/site.yaml",
    "media/seite.html",
    "media/script.js",
    "alliances/ilmenau/media/bild.php.jpg",
    "x" * 1001 + ".md",
]


@pytest.mark.parametrize("path", REFUSED)
def test_paths_that_are_not_content_are_refused_by_every_action(
    example_copy: Path, path: str
) -> None:
    outside = example_copy.parent / "outside.md"
    answers = [
        call(example_copy, "getEntry", path=path),
        call(example_copy, "entriesByFiles", files=[{"path": path}]),
        persist(example_copy, path, NEW_EVENT),
        persist(example_copy, EVENT, (example_copy / EVENT).read_text(), newPath=path),
        call(example_copy, "deleteFiles", paths=[path], options={"commitMessage": "x"}),
        upload(example_copy, path, PNG),
        call(example_copy, "getMediaFile", path=path),
    ]
    for status, answered in answers:
        assert status in (403, 422), (path, answered)
        assert answered["error"]
    assert not outside.exists()
    assert (example_copy / "site.yaml").is_file()
    assert (example_copy / EVENT).is_file()


@pytest.mark.parametrize(
    "folder", ["..", "../content", "/tmp", "alliances/../..", ".git", "alliances\\ilmenau"]
)
def test_folders_outside_the_content_are_not_listed(example_copy: Path, folder: str) -> None:
    assert call(example_copy, "entriesByFolder", folder=folder, extension="md", depth=3)[0] in (
        403,
        422,
    )
    assert call(example_copy, "getMedia", mediaFolder=folder)[0] in (403, 422)


def test_a_folder_that_is_not_a_media_folder_is_not_listed_as_media(example_copy: Path) -> None:
    status, answered = call(example_copy, "getMedia", mediaFolder="alliances/ilmenau/events")
    assert status == 403
    assert "not a media folder" in answered["error"]


def test_links_are_not_followed(example_copy: Path) -> None:
    outside = example_copy.parent / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: secret\n---\n")
    events = example_copy / "alliances/ilmenau/events"
    (events / "secret.md").symlink_to(outside / "secret.md")
    (example_copy / "alliances/elsewhere").symlink_to(outside, target_is_directory=True)
    for path in (
        "alliances/ilmenau/events/secret.md",
        "alliances/elsewhere/alliance.md",
        "alliances/elsewhere/events/x.md",
    ):
        assert call(example_copy, "getEntry", path=path)[0] == 403
        status, answered = persist(example_copy, path, NEW_EVENT)
        assert status == 403
        assert "link" in answered["error"]
    assert call(example_copy, "deleteFiles", paths=["alliances/ilmenau/events/secret.md"])[0] in (
        403,
        422,
    )
    assert sorted(p.name for p in outside.iterdir()) == ["secret.md"]
    assert (outside / "secret.md").read_text() == "---\ntitle: secret\n---\n"
    listed = call(example_copy, "entriesByFolder", folder="alliances", extension="md", depth=2)
    assert "alliances/elsewhere/alliance.md" not in [e["file"]["path"] for e in listed[1]]


def test_a_link_in_place_of_the_content_folder_is_fine(example_copy: Path) -> None:
    linked = example_copy.parent / "linked"
    linked.symlink_to(example_copy, target_is_directory=True)
    assert call(linked, "getEntry", path="site.yaml")[0] == 200
    assert persist(linked, "alliances/ilmenau/events/familientag.md", NEW_EVENT)[0] == 200


def test_a_folder_of_thousands_of_entries_is_listed_quickly(make_content: MakeContent) -> None:
    root = make_content({})
    events = root / "alliances/musterstadt/events"
    events.mkdir(parents=True)
    for number in range(3000):
        (events / f"treffen-{number}.md").write_text(NEW_EVENT)
    started = time.perf_counter()
    status, entries = call(
        root, "entriesByFolder", folder="alliances/musterstadt/events", extension="md", depth=1
    )
    assert status == 200
    assert len(entries) == 3000
    assert time.perf_counter() - started < 5


def test_refusals_in_german(example_copy: Path) -> None:
    i18n.use("de")
    assert call(example_copy, "getEntry", path="../site.yaml")[1]["error"] == (
        f"{example_copy / '../site.yaml'}:1:1: der Pfad führt aus dem Inhaltsordner hinaus ('..')"
        "\n    Tipp: nennen Sie eine Datei im Inhaltsordner"
    )
    status, answered = persist(example_copy, EVENT, "---\ntitle: A\nstart: 2017\ncolour: x\n---\n")
    assert status == 422
    assert answered["error"].endswith("1 Problem in 1 Datei")
    assert "unbekanntes Feld 'colour'" in answered["error"]


def test_a_file_that_cannot_be_read_is_not_overwritten(example_copy: Path) -> None:
    """The editor shows a file it cannot read as empty: saving it would lose what is there."""
    path = "alliances/ilmenau/partners.yaml"
    broken = "- name: Stadtverwaltung\n  category: [municipality\n"
    (example_copy / path).write_text(broken, encoding="utf-8")
    status, answered = persist(example_copy, path, "- name: Jugendamt\n  category: clubs\n")
    assert status == 409
    assert "this is not valid YAML" in answered["error"]
    assert (example_copy / path).read_text(encoding="utf-8") == broken
