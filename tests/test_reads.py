"""What a page reads, however its templates read it: after an edit, a rebuild gives the bytes of
a clean build.

Most tests give the example site (Ilmenau only) a template of its own that reads the model, the
settings, the theme's labels or the build's day in some unusual way; each builds the site with
an ``Engine`` (as ``serve`` does), edits the content or the theme, builds again, and compares
every file of the preview folder with a clean build. Each test first checks that the edit
changes the page it is about in a clean build, so that it cannot pass by proving nothing.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path

import pytest

from alliancegen import config as config_module
from alliancegen import pipeline
from alliancegen import theme
from alliancegen.config import Options
from alliancegen.errors import ContentError
from alliancegen.pipeline import Engine
from alliancegen.pipeline import render
from tests.test_incremental import TODAY
from tests.test_incremental import clean_build
from tests.test_incremental import folder

Change = str | Callable[[str], str] | None
"""New text for a file, a function of its old text, or None to delete it."""
Changes = dict[str, Change]
"""Changes by path below a folder (the content folder, or the theme's)."""

ILMENAU = "alliances/ilmenau/alliance.md"
PEOPLE = "alliances/ilmenau/people.yaml"
PARTNERS = "alliances/ilmenau/partners.yaml"
EVENT = "alliances/ilmenau/events/aktionstag-2017.md"
JOIN = "templates/alliance/join.html"
HOME = "templates/home.html"
PAGE = "templates/page.html"
JOIN_PAGE = "ilmenau/mitmachen/index.html"
HOME_PAGE = "index.html"
FREE_PAGE = "initiative/index.html"
"""The site's own page 'initiative', rendered by page.html, which shows no labels."""


def replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, f"{old!r} is not in the file"
        return text.replace(old, new, 1)

    return change


def append(addition: str) -> Callable[[str], str]:
    return lambda text: text + addition


def extending(template: str, addition: str, preamble: str = "") -> str:
    """A site's template that shows the theme's page (``super()``) with ``addition`` below its
    main part."""
    return (
        f'{{% extends "theme/{template}" %}}\n{preamble}'
        f"{{% block main %}}{{{{ super() }}}}\n<aside>{addition}</aside>\n{{% endblock %}}\n"
    )


def join_page(addition: str, preamble: str = "") -> Changes:
    """The join page of every alliance shows ``addition``."""
    return {JOIN: extending("alliance/join.html", addition, preamble)}


def home_page(addition: str) -> Changes:
    return {HOME: extending("home.html", addition)}


def free_page(addition: str, preamble: str = "") -> Changes:
    """The site's own pages show ``addition``."""
    return {PAGE: extending("page.html", addition, preamble)}


def apply(root: Path, changes: Changes) -> list[Path]:
    """Make ``changes`` below ``root``; the paths touched."""
    touched = []
    for name, change in changes.items():
        path = root / name
        if change is None:
            path.unlink()
        else:
            text = change(path.read_text(encoding="utf-8")) if callable(change) else change
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        touched.append(path)
    return touched


class EditShowsNothing(Exception):
    """The edit leaves the page a test is about as it was: the test would prove nothing."""


@dataclass(frozen=True)
class Rebuilt:
    """The preview before an edit, after the engine's rebuild, and a clean build after it."""

    before: dict[str, bytes]
    incremental: dict[str, bytes]
    clean: dict[str, bytes] | None

    def matches_a_clean_build(self, page: str) -> None:
        """Check that the edit changed ``page`` in a clean build, then that the rebuild gave
        every file as the clean build did."""
        if self.clean is None:
            raise EditShowsNothing("the edited content has problems")
        if self.clean.get(page) == self.before.get(page):
            raise EditShowsNothing(f"{page} is the same before and after the edit")
        files = self.clean.keys() | self.incremental.keys()
        stale = sorted(f for f in files if self.clean.get(f) != self.incremental.get(f))
        assert not stale, f"not as a clean build makes them: {stale}"


COMPILED = theme.CompiledTemplates()
"""Compiled templates for every engine of these tests. A jinja2 bytecode cache gives code only
for the very source it was compiled from, so sharing it changes no page; each test builds
twice from scratch, and compiling the theme's templates would be most of its time."""


@pytest.fixture(autouse=True)
def compiled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "CompiledTemplates", lambda: COMPILED)


@pytest.fixture
def themes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the installed themes that a test may edit while an engine runs."""
    copy = Path(shutil.copytree(theme.themes_folder(), tmp_path / "themes"))
    monkeypatch.setattr(theme, "themes_folder", lambda: copy)
    monkeypatch.setattr(pipeline, "themes_folder", lambda: copy)
    return copy


@pytest.fixture
def content(example_copy: Path) -> Path:
    """The example with one alliance, Ilmenau (people, partners, an event, news, an offer):
    it builds in half the time of all three."""
    for other in ("herzogenrath", "iserlohn"):
        shutil.rmtree(example_copy / "alliances" / other)
    return example_copy


def rebuilt(content: Path, site: Changes, edit: Changes, themes: Path | None = None) -> Rebuilt:
    """Give the site ``site`` (its own templates, more content), build, make ``edit`` (in the
    default theme's folder when ``themes`` is given), build again."""
    apply(content, site)
    output = content.parent / "preview"
    engine = Engine(Options(content, output, today=TODAY))
    engine.rebuild()
    engine.update_index()
    before = folder(output)
    touched = apply(themes / "default" if themes else content, edit)
    engine.rebuild(touched)
    engine.update_index()  # what serve does in the background after a rebuild
    return Rebuilt(before, folder(output), clean_build(content))


# A whole entity, read implicitly: str, iteration, comparison, serialisation


def test_a_page_that_prints_a_whole_entity_is_rendered_again_when_any_of_its_fields_changes(
    content: Path,
) -> None:
    site = join_page("{{ alliance }}")
    edit = {ILMENAU: replace("summary: ", "summary: Neu – ")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


def test_a_page_that_prints_the_first_of_a_list_is_rendered_again_when_that_entity_changes(
    content: Path,
) -> None:
    site = join_page("{% if alliance.events %}{{ alliance.events | first }}{% endif %}")
    edit = {EVENT: replace("title: ", "title: Neu ")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


def test_a_page_that_iterates_over_an_entitys_fields_sees_a_changed_person_of_it(
    content: Path,
) -> None:
    site = join_page("{% for name, value in alliance %}<p>{{ name }}: {{ value }}</p>{% endfor %}")
    edit = {PEOPLE: replace("role: Koordinatorin", "role: Leiterin")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


def test_a_page_that_compares_entities_is_rendered_again_when_the_comparison_changes(
    content: Path,
) -> None:
    site = join_page(
        "{% for p in alliance.partners %}{% if p == alliance.partners | last %}"
        "<p>Zuletzt: {{ p.name }}</p>{% endif %}{% endfor %}"
    )
    edit = {PARTNERS: append("- name: Neuer Partner\n  category: clubs\n")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


def test_a_page_that_prints_the_site_object_sees_a_changed_alliance(content: Path) -> None:
    site = home_page("<pre>{{ site }}</pre>")
    edit = {ILMENAU: replace("town: Ilmenau", "town: Ilmenau (Thüringen)")}
    rebuilt(content, site, edit).matches_a_clean_build(HOME_PAGE)


def test_a_page_that_dumps_an_entity_is_rendered_again_when_a_nested_record_changes(
    content: Path,
) -> None:
    site = join_page(
        "<pre>{{ alliance.model_dump(warnings=False) }}</pre>"
        "<script>{{ alliance.model_dump_json(warnings=False) }}</script>"
    )
    edit = {ILMENAU: replace("period: November", "period: Dezember")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


def test_a_page_that_shows_which_fields_an_alliance_sets_sees_a_default_written_out(
    content: Path,
) -> None:
    site = join_page("<p>{{ alliance.model_fields_set | sort | join(', ') }}</p>")
    edit = {ILMENAU: replace("---\n", "---\nstatus: null\n")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


def test_a_page_that_dumps_only_the_fields_written_sees_a_default_written_out(
    content: Path,
) -> None:
    site = {
        **join_page(
            "{% for p in alliance.partners %}"
            "<p>{{ p.model_dump(exclude_unset=True, warnings=False) }}</p>{% endfor %}"
        ),
        PARTNERS: append("- name: Letzter Partner\n  category: clubs\n"),
    }
    edit = {PARTNERS: append("  membership: member\n")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


# Attributes read through filters, tests and Python calls


def test_a_page_that_maps_an_attribute_over_all_alliances_sees_a_renamed_one(
    content: Path,
) -> None:
    site = home_page("<p>{{ site.alliances | map(attribute='name') | join(' · ') }}</p>")
    edit = {ILMENAU: replace("name: ", "name: Neues ")}
    rebuilt(content, site, edit).matches_a_clean_build(HOME_PAGE)


def test_a_page_that_reads_an_attribute_by_the_attr_filter_sees_it_change(
    content: Path,
) -> None:
    site = join_page("<p>{{ alliance | attr('town') }}</p>")
    edit = {ILMENAU: replace("town: Ilmenau", "town: Ilmenau (Thüringen)")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


def test_a_page_that_subscripts_entities_and_labels_sees_them_change(
    content: Path,
) -> None:
    site = join_page("<p>{{ alliance['town'] }}, {{ labels['category']['clubs'] }}</p>")
    edit = {ILMENAU: replace("town: Ilmenau", "town: Ilmenau (Thüringen)")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


def test_a_page_that_counts_with_selectattr_sees_an_event_change_its_kind(
    content: Path,
) -> None:
    site = join_page(
        "<p>{{ alliance.events | selectattr('kind', 'equalto', 'meeting') | list | length }}"
        " Treffen</p>"
    )
    edit = {EVENT: replace("kind: action_day", "kind: meeting")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


def test_a_page_that_calls_a_method_of_an_entity_sees_what_the_method_read(
    content: Path,
) -> None:
    site = join_page(
        "{% if alliance.people %}<p>{{ alliance.person(alliance.people[-1].slug).role }}</p>"
        "{% endif %}"
    )
    edit = {PEOPLE: append("- name: Neue Person\n  role: Schriftführerin\n")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


def test_a_page_that_prints_plain_values_as_json_sees_them_change(content: Path) -> None:
    site = join_page(
        "<script>{{ dict(town=alliance.town, people=alliance.people | length) | tojson }}</script>"
    )
    edit = {ILMENAU: replace("town: Ilmenau", "town: Ilmenau (Thüringen)")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


def test_a_page_that_reads_the_route_context_sees_its_alliance_change(content: Path) -> None:
    site = join_page("<p>{{ route.context.alliance.town }}</p>")
    edit = {ILMENAU: replace("town: Ilmenau", "town: Ilmenau (Thüringen)")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


def test_a_page_that_asks_has_page_for_a_computed_url_sees_the_page_come(
    content: Path,
) -> None:
    site = join_page("<p>Projekte: {{ has_page(alliance.slug ~ '/projekte/') }}</p>")
    edit = {"alliances/ilmenau/projects/neu.md": "---\ntitle: Neu\nstatus: running\n---\n"}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


def test_a_page_that_lists_the_sites_media_sees_a_new_file(content: Path) -> None:
    site = home_page("<p>{{ site.media | map('string') | sort | join(', ') }}</p>")
    edit = {"alliances/ilmenau/media/neu.pdf": "%PDF"}
    rebuilt(content, site, edit).matches_a_clean_build(HOME_PAGE)


def test_a_page_that_prints_the_settings_object_sees_a_changed_setting(
    content: Path,
) -> None:
    site = home_page("<pre>{{ settings }}</pre>")
    edit = {"site.yaml": replace("description: ", "description: Neu – ")}
    rebuilt(content, site, edit).matches_a_clean_build(HOME_PAGE)


def test_a_page_that_dumps_the_settings_as_written_sees_a_default_written_out(
    content: Path,
) -> None:
    site = home_page("<pre>{{ settings.model_dump(exclude_unset=True, warnings=False) }}</pre>")
    edit = {"site.yaml": append("theme: default\n")}
    rebuilt(content, site, edit).matches_a_clean_build(HOME_PAGE)


# Jinja's own machinery: blocks, macros, imports, loops, namespaces


def test_a_page_whose_description_renders_its_main_block_is_rendered_again_with_it(
    content: Path,
) -> None:
    site = {
        JOIN: '{% extends "theme/alliance/join.html" %}\n'
        "{% block description %}{{ self.main() | striptags | wordcount }} Wörter"
        "{% endblock %}\n"
    }
    edit = {PEOPLE: replace("role: Koordinatorin", "role: Koordinatorin des Bündnisses")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


def test_a_page_that_calls_a_macro_with_a_caller_sees_what_the_caller_read(
    content: Path,
) -> None:
    site = join_page(
        "{% macro box() %}<div>{{ caller(alliance) }}</div>{% endmacro %}"
        "{% call(a) box() %}{{ a.town }}{% endcall %}"
    )
    edit = {ILMENAU: replace("town: Ilmenau", "town: Ilmenau (Thüringen)")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


def test_a_page_that_imports_a_file_with_context_sees_what_its_top_level_set(
    content: Path,
) -> None:
    site = {
        **join_page("<p>{{ x.town }}</p>", '{% import "partials/x.html" as x with context %}\n'),
        "templates/partials/x.html": "{% set town = alliance.town %}",
    }
    edit = {ILMENAU: replace("town: Ilmenau", "town: Ilmenau (Thüringen)")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


def test_a_page_that_imports_a_file_reading_the_site_at_its_top_sees_it_change(
    content: Path,
) -> None:
    site = {
        **join_page("<p>{{ x.towns }}</p>", '{% import "partials/x.html" as x %}\n'),
        "templates/partials/x.html": "{% set towns = site.alliances | map(attribute='town') "
        "| join(', ') %}",
    }
    edit = {ILMENAU: replace("town: Ilmenau", "town: Ilmenau (Thüringen)")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


def test_a_page_that_counts_in_a_namespace_sees_the_count_change(content: Path) -> None:
    site = join_page(
        "{% set ns = namespace(n=0) %}{% for p in alliance.people %}{% if p.role %}"
        "{% set ns.n = ns.n + 1 %}{% endif %}{% endfor %}<p>{{ ns.n }} mit Rolle</p>"
    )
    edit = {PEOPLE: replace("  role: Koordinatorin\n", "")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


def test_a_page_that_cycles_through_fields_in_a_loop_sees_them_change(content: Path) -> None:
    site = join_page("{% for p in alliance.people %}{{ loop.cycle(p.name, p.role) }};{% endfor %}")
    edit = {PEOPLE: replace("role: Koordinatorin", "role: Leiterin")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


LABEL = "labels.category.clubs"
"""A label that the site's own pages do not show unless a test makes them."""

GLOBAL_READS = {
    "a macro's body": ("{{ m() }}", f"{{% macro m() %}}{{{{ {LABEL} }}}}{{% endmacro %}}\n"),
    "a call block": (
        f"{{% macro m() %}}{{{{ caller() }}}}{{% endmacro %}}"
        f"{{% call m() %}}{{{{ {LABEL} }}}}{{% endcall %}}",
        "",
    ),
    "a top-level set, shown in a block": ("{{ v }}", f"{{% set v = {LABEL} %}}\n"),
    "a recursive loop": (
        f"{{% for i in [[1]] recursive %}}{{{{ loop(i) if i is iterable else {LABEL} }}}}"
        "{% endfor %}",
        "",
    ),
    "the second of two templates to include": (
        '{% include ["partials/none.html", "partials/label.html"] %}',
        "",
    ),
}


@pytest.mark.parametrize("where", GLOBAL_READS)
def test_a_page_that_shows_a_label_only_in_some_corner_of_jinja_sees_the_label_change(
    content: Path, themes: Path, where: str
) -> None:
    addition, preamble = GLOBAL_READS[where]
    site = {**free_page(addition, preamble), "templates/partials/label.html": f"{{{{ {LABEL} }}}}"}
    edit = {"theme.yaml": replace("Vereine und Initiativen", "Vereine")}
    rebuilt(content, site, edit, themes).matches_a_clean_build(FREE_PAGE)


# The theme, edited while the engine runs


def test_a_page_that_sorts_labels_sees_a_changed_label(content: Path, themes: Path) -> None:
    site = join_page("{% for key, label in labels.category | dictsort %}{{ label }};{% endfor %}")
    edit = {"theme.yaml": replace("Vereine und Initiativen", "Vereine")}
    rebuilt(content, site, edit, themes).matches_a_clean_build(JOIN_PAGE)


def test_reordered_labels_in_the_theme_reorder_the_lists_that_follow_them(
    content: Path, themes: Path
) -> None:
    first = "    municipality: Stadt und Verwaltung\n"
    second = "    employment: Agentur für Arbeit und Jobcenter\n"
    edit = {"theme.yaml": replace(first + second, second + first)}
    rebuilt(content, {}, edit, themes).matches_a_clean_build("ilmenau/partner/index.html")


def test_an_edited_stylesheet_of_the_theme_is_linked_under_its_new_name(
    content: Path, themes: Path
) -> None:
    edit = {"static/css/site.css": append("\nbody { margin: 0 }\n")}
    result = rebuilt(content, {}, edit, themes)
    result.matches_a_clean_build(HOME_PAGE)
    assert result.incremental.keys() != result.before.keys()


def test_an_edited_partial_of_the_theme_is_shown_on_every_page_even_behind_an_override(
    content: Path, themes: Path
) -> None:
    site = {"templates/partials/footer.html": '{% include "theme/partials/footer.html" %}'}
    edit = {"templates/partials/footer.html": append("<!-- geändert -->\n")}
    rebuilt(content, site, edit, themes).matches_a_clean_build(FREE_PAGE)


# The day


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[date]:
    """The day the builds count as today when no day is given; a test may move it on."""
    days = [TODAY]

    class Clock(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Clock:  # type: ignore[override]
            day = days[-1]
            return cls(day.year, day.month, day.day, 12, tzinfo=tz)  # type: ignore[arg-type]

    monkeypatch.setattr(config_module, "datetime", Clock)
    return days


def test_a_page_that_shows_today_and_what_is_upcoming_is_rendered_again_the_next_day(
    content: Path, clock: list[date]
) -> None:
    apply(
        content,
        {
            "alliances/ilmenau/events/bald.md": "---\ntitle: Bald\nstart: 2026-11-27 10:00\n---\n",
            **home_page(
                "<p>{{ today }}, {{ config.today }}: {% for a in site.alliances %}"
                "{% for owner, e in upcoming_of(a) %}{{ e.title }};{% endfor %}{% endfor %}</p>"
            ),
        },
    )
    output = content.parent / "preview"
    engine = Engine(Options(content, output))
    engine.rebuild()
    engine.update_index()
    before = folder(output)
    clock.append(TODAY + timedelta(days=2))
    engine.rebuild([])
    engine.update_index()
    outputs, _ = render(Options(content, content.parent / "unused"))
    clean = {file.path.as_posix(): file.content for file in outputs}
    Rebuilt(before, folder(output), clean).matches_a_clean_build(HOME_PAGE)


# Content that gives entities the same key


def test_of_two_people_whose_names_give_no_slug_the_first_is_shown_as_edited(
    content: Path,
) -> None:
    site = {PEOPLE: append("- name: Олена\n  role: Dolmetscherin\n- name: Тарас\n  role: Lotse\n")}
    edit = {PEOPLE: replace("role: Dolmetscherin", "role: Beraterin")}
    rebuilt(content, site, edit).matches_a_clean_build(JOIN_PAGE)


# Ways around the record: private and special attributes, and changing the model in place

AROUND_THE_RECORD = {
    "a global by a computed name, through the template's context": free_page(
        "{{ self._TemplateReference__context['labels'].category.clubs }}"
    ),
    "the site's fields through __getstate__": home_page(
        "{{ site.__getstate__()['media'] | map('string') | sort | join(', ') }}"
    ),
    "a list of the model, changed in place": join_page(
        "{% set ignored = alliance.vision.append('Neu') %}{{ alliance.vision | length }}"
    ),
    "the labels, changed in place": free_page(
        "{% set ignored = labels.category.update(clubs='Vereine') %}{{ labels.category.clubs }}"
    ),
}


@pytest.mark.parametrize("way", AROUND_THE_RECORD)
def test_a_template_that_reaches_around_the_record_is_refused_at_its_line(
    content: Path, way: str
) -> None:
    touched = apply(content, AROUND_THE_RECORD[way])
    with pytest.raises(ContentError) as refused:
        render(Options(content, content.parent / "unused", today=TODAY))
    assert [problem.location.path.name for problem in refused.value.problems] == [touched[0].name]
