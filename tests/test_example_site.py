"""Every fact of the seed pages reaches the built example site, on the page it belongs to."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest

from alliancegen.config import Options
from alliancegen.pipeline import build
from tests.conftest import EXAMPLE_CONTENT


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("example") / "build"
    build(Options(EXAMPLE_CONTENT, output, today=date(2026, 11, 26)))
    return output


def visible_text(page: Path) -> str:
    """The page's text as a reader sees it: tags removed, entities decoded, spaces joined."""
    source = page.read_text(encoding="utf-8")
    body = source[source.index("<body") :]
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return re.sub(r"\s+", " ", text)


SEED_FACTS = {
    "ilmenau/": [
        "Lokales Bündnis für Familien in Ilmenau",
        "Thüringen",
        "17. November 2008",
        "Dr. Daniel Schultheiß",
        "Katrin Hoh",
        "Christine Körner",
        "Bündnis des Monats November",
        "Generationen vor der Alten Försterei",
        "Foto: Peter Hollek",
        "zweimal wöchentlich lange Sprechstunden",
        "Familie ist dort, wo Menschen verschiedener Generationen dauerhaft Verantwortung",
        "Vertreter der Gruppe der Senioren sowie der Behinderten",
    ],
    "ilmenau/mitmachen/": [
        "Neue Mitstreitende sind herzlich willkommen",
        "Gleichstellungsbeauftragte",
        "03677 600347",
        "gba@ilmenau.de",
        "Koordinatorin",
        "03677 893023",
        "mgh-ilmenau@gmx.de",
        "Wir sind für die Bürger da und nicht die Bürger für uns.",
    ],
    "ilmenau/partner/": [
        "Stadtverwaltung Ilmenau",
        "Frauen- und Familienzentrum Ilmenau",
        "Mehrgenerationenhaus",
        "Jobcenter des Ilm-Kreises",
        "Landratsamt Ilmenau",
        "Ilmenauer Wohnungs- und Gebäudegesellschaft mbH (IWG)",
        "Wohnungsbaugenossenschaft Ilmenau e. G. (WBG)",
        "Verein für Sport und erlebnisorientierte integrative Sozialarbeit e. V. (VSS)",
        "Integrationsfachamt",
        "Kooperationspartner",
        "QuIZ – Quartiersinitiative Zukunft Ilmenau",
        "AWO Thüringen",
        "(Th.INKA)",
    ],
    "ilmenau/ziele/": [
        "Vereinbarkeit von Beruf und Familie",
        "aktive Vaterschaft",
        "zusammenzuführen, sie bekannter zu machen, zu vernetzen und auszubauen",
        "elf neue Ortsteile",
    ],
    "ilmenau/termine/aktionstag-2017/": [
        "Aktionstag 2017",
        "„Mehr Familie – In die Zukunft, fertig los“",
        "Alte Försterei, Ilmenau",
        "15. Mai 2017",
    ],
    "ilmenau/aktuelles/ilmenau-mehr-zeit-fuer-die-familie/": [
        "Ilmenau – Mehr Zeit für die Familie",
        "als „Bündnis des Monats“ ausgezeichnet",
        "Diese Treffen sind nicht zum Kaffeetrinken, sondern bedeuten aktives Arbeiten",
        "30 Jahre Kinderrechte",
        "Regionaltreffen in Thüringen",
        "10.000 neue Einwohner",
        "Pressemitteilung zum Bündnis des Monats",
    ],
    "ilmenau/angebote/begruessungspaket/": ["100 Euro", "Wegweiser des Ilm-Kreises"],
    "herzogenrath/": [
        "Lokales Bündnis für Familie Herzogenrath",
        "Nordrhein-Westfalen",
        "Anfang Januar 2004",
        "Deutschlandweit gibt es mittlerweile 600 lokale Bündnisse.",
        "Trotz leerer Kassen",
        "http://www.familie-herzogenrath.de",
    ],
    "herzogenrath/ziele/": [
        "Die Lebenssituation der Familien in Herzogenrath verbessern",
        "Die Herausforderungen des demographischen Wandels meistern und die Chancen nutzen",
        "Vernetzung intensivieren",
        "Partizipation von Familien ermöglichen",
    ],
    "herzogenrath/mitmachen/": [
        "mit Spenden",
        "Gründungsvereinbarung unterzeichnen",
        "Birgit Kuballa",
        "Nur eine familienfreundliche Stadt ist eine zukunftsfähige Stadt!",
    ],
    "herzogenrath/projekte/kommunale-zeitpolitik/": [
        "Kommunale Zeitpolitik für Familie Herzogenrath",
        "Modellprojekt",
        "Pilotvorhaben kommunale Zeitpolitik für Familien in der Praxis",
        "typische Zeitkonflikte von Familien",
    ],
    "herzogenrath/termine/": ["Familientag 2017"],
    "herzogenrath/partner/": [
        "Stadtverwaltung Herzogenrath",
        "Rathausplatz 1, 52134 Herzogenrath",
    ],
    "iserlohn/": [
        "Iserlohner Bündnis für Familie",
        "Juli 2004",
        "15. Juli 2004",
        "Südwestfälische Industrie- und Handelskammer zu Hagen",
        "Flexibilisierung der Arbeitszeit",
    ],
    "iserlohn/partner/": [
        "Südwestfälische Industrie- und Handelskammer zu Hagen (SIHK)",
        "Agentur für Arbeit Iserlohn",
        "Stadt Iserlohn",
        "Kreis Junger Unternehmer (KJU)",
        "Kreishandwerkerschaft im Märkischen Kreis",
        "Arbeitgeberverband Ruhr-Lenne e. V.",
        "Ev. Kirchengemeinden",
        "Kath. Kirchengemeinden",
        "Wohlfahrtsverbände",
        "Beratungsstelle für Eltern, Kinder und Jugendliche",
        "Trägerverein „Regenbogen-Kinderbetreuung KJU“ e. V. Iserlohn Oestrich",
    ],
    "iserlohn/ziele/": [
        "Servicestellen für Familien",
        "Stärkung der Elternkompetenz",
        "Familie und Wohnumfeld",
        "Schule und Bildung",
        "familienunterstützende mobile Dienste",
        "Verbesserung der Nachmittags-Kinderbetreuung",
    ],
    "iserlohn/projekte/nachmittagsbetreuung/": [
        "Modellprojekt zur Nachmittagsbetreuung von Kindern",
    ],
    "initiative/": [
        "rund 300 Standorten",
        "2004 vom Bundesministerium für Familie, Senioren, Frauen und Jugend (BMFSFJ)",
        "Servicebüro",
        "jedes Jahr am 15. Mai, dem Internationalen Tag der Familie",
    ],
    "handlungsfelder/": [
        "Vereinbarkeit von Beruf und Familie und familienfreundliche Arbeitsbedingungen",
        "Kinderbetreuung",
        "Beratungsangebote",
        "Kommunale Familienzeitpolitik",
        "Wahrnehmung von Erziehungsverantwortung",
        "Familienfreundliches Lebensumfeld",
        "Freiwilligenarbeit und generationsübergreifende Zusammenarbeit",
        "Gesundheit und Pflege",
    ],
}


@pytest.mark.parametrize(("url", "facts"), SEED_FACTS.items(), ids=SEED_FACTS.keys())
def test_seed_facts_are_on_their_page(example_site: Path, url: str, facts: list[str]) -> None:
    text = visible_text(example_site / url / "index.html")
    missing = [fact for fact in facts if fact not in text]
    assert missing == []


def test_finder_lists_alliances_by_state(example_site: Path) -> None:
    text = visible_text(example_site / "buendnisse/index.html")
    assert "Thüringen Lokales Bündnis für Familien in Ilmenau (Ilmenau)" in text
    assert text.index("Nordrhein-Westfalen") < text.index("Thüringen")


def test_national_field_page_gathers_the_alliances_fields(example_site: Path) -> None:
    text = visible_text(example_site / "handlungsfelder/gesundheit-und-pflege/index.html")
    assert "Gesundheit Iserlohner Bündnis für Familie" in text
    assert "Pflege von Angehörigen" in text
