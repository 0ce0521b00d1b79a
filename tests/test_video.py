"""Videos in German Sign Language: probed from their own headers, checked as content, shown
with captions, poster and a download link that says size and running time (BITV 2.0 § 4)."""

from __future__ import annotations

import contextlib
import io
import random
import struct
from datetime import date
from pathlib import Path

import pytest

from alliancegen import i18n
from alliancegen import pipeline
from alliancegen.config import Options
from alliancegen.errors import ContentError
from alliancegen.errors import Problem
from alliancegen.filters import file_size
from alliancegen.filters import iso_duration
from alliancegen.filters import running_time
from alliancegen.load import load_content
from alliancegen.video import Refused
from alliancegen.video import Video
from alliancegen.video import probe
from tests.conftest import MakeContent
from tests.conftest import described
from tests.conftest import picture
from tests.conftest import problems_of
from tests.videos import UNKNOWN_SIZE
from tests.videos import WEBVTT
from tests.videos import box
from tests.videos import element
from tests.videos import mp4
from tests.videos import webm

TODAY = date(2026, 11, 26)
ALLIANCE = "alliances/musterstadt"
PAGE = f"{ALLIANCE}/pages/gebaerdensprache.md"


def probed(data: bytes, name: str = "film.mp4") -> Video:
    return probe(io.BytesIO(data), len(data), name)


def refusal(data: bytes, name: str = "film.mp4") -> str:
    with pytest.raises(Refused) as caught:
        probed(data, name)
    return caught.value.message


# What the headers say


@pytest.mark.parametrize("version", [0, 1])
def test_an_mp4_says_its_running_time_size_frame_rate_and_codec(version: int) -> None:
    data = mp4(1280, 720, seconds=155, fps=25, version=version)
    assert probed(data) == Video("MP4", len(data), 155.0, 1280, 720, 25.0, "avc1")


def test_a_phone_video_turned_upright_is_as_high_as_its_track_is_wide() -> None:
    video = probed(mp4(1920, 1080, rotated=True))
    assert (video.width, video.height) == (1080, 1920)


def test_a_webm_says_its_running_time_size_frame_rate_and_codec() -> None:
    data = webm(640, 480, seconds=62.5, fps=30)
    assert probed(data, "film.webm") == Video("WebM", len(data), 62.5, 640, 480, 30.0, "V_VP9")


def test_a_webm_recorded_as_a_stream_has_no_running_time() -> None:
    video = probed(webm(live=True), "film.webm")
    assert video.duration is None and (video.width, video.height) == (640, 480)


# What is refused, with a message instead of a traceback


def test_a_file_in_another_format_than_its_name_says_is_refused_with_the_right_name() -> None:
    with pytest.raises(Refused) as caught:
        probed(webm(), "gebaerden.mp4")
    assert caught.value.message == (
        "'gebaerden.mp4' is in WebM format, but its name ends in '.mp4'"
    )
    assert caught.value.hint == "rename it to 'gebaerden.webm'"
    assert "in MP4 format" in refusal(mp4(), "film.webm")


@pytest.mark.parametrize("data", [b"", b"<html>", picture(), WEBVTT, bytes(100)])
def test_what_is_no_video_at_all_is_refused(data: bytes) -> None:
    assert refusal(data) == "'film.mp4' is not an MP4 or WebM video, or it is damaged"


def test_a_matroska_file_named_webm_is_refused() -> None:
    message = refusal(webm(doc_type=b"matroska"), "film.webm")
    assert message == "'film.webm' is a Matroska (MKV) video, which browsers do not play"


DAMAGED = "the video 'film.mp4' is damaged or incomplete (it ends too early)"


@pytest.mark.parametrize(("make", "name"), [(mp4, "film.mp4"), (webm, "film.webm")])
def test_every_truncation_is_refused_as_damaged_never_a_crash(make: object, name: str) -> None:
    data = make()  # type: ignore[operator]
    whole_boxes = len(data) - len(box(b"mdat", bytes(64)))  # an MP4 may end after its moov
    for end in (end for end in range(12, len(data)) if end != whole_boxes):
        message = refusal(data[:end], name)
        assert message.endswith("is damaged or incomplete (it ends too early)"), end


def test_a_box_that_claims_more_bytes_than_the_file_has_is_damaged() -> None:
    huge = struct.pack(">I4sQ", 1, b"mdat", 2**64 - 1)
    assert refusal(box(b"ftyp", b"isom", bytes(8)) + huge) == DAMAGED
    claims = struct.pack(">I4s", 2**32 - 1, b"moov")
    assert refusal(box(b"ftyp", b"isom", bytes(8)) + claims) == DAMAGED


def test_an_element_that_claims_more_bytes_than_the_file_has_is_damaged() -> None:
    header = element(0x1A45DFA3, element(0x4282, b"webm"))
    segment = element(0x18538067, size=b"\x01\x7f\xff\xff\xff\xff\xff\xfe")
    message = refusal(header + segment, "film.webm")
    assert message.endswith("is damaged or incomplete (it ends too early)")


def test_a_value_claiming_a_huge_size_is_never_read_into_memory() -> None:
    header = element(0x1A45DFA3, element(0x4282, b"webm"))
    info = element(0x1549A966, element(0x2AD7B1, bytes(100_000)))
    message = refusal(header + element(0x18538067, info), "film.webm")
    assert message.endswith("is damaged or incomplete (it ends too early)")


def test_millions_of_empty_boxes_are_refused_quickly() -> None:
    many = struct.pack(">I4s", 8, b"free") * 200_000
    assert refusal(box(b"ftyp", b"isom", bytes(8)) + many) == DAMAGED


def test_a_movie_without_its_index_is_damaged() -> None:
    assert refusal(box(b"ftyp", b"isom", bytes(8)) + box(b"mdat", bytes(32))) == DAMAGED


def test_sound_alone_is_refused() -> None:
    sound = mp4().replace(b"vide", b"soun")
    assert refusal(sound) == "'film.mp4' holds no picture, only sound or data"


def test_an_unknown_size_marks_a_live_segment_only() -> None:
    assert probed(webm(live=True), "film.webm").fps == 25.0
    header = element(0x1A45DFA3, element(0x4282, b"webm"))
    assert refusal(header + element(0x18538067, size=UNKNOWN_SIZE), "film.webm") == (
        "'film.webm' holds no picture, only sound or data"
    )


@pytest.mark.parametrize("seed", range(20))
def test_damaged_bytes_give_a_video_or_a_refusal_never_an_exception(seed: int) -> None:
    rng = random.Random(seed)
    name, data = rng.choice([("film.mp4", bytearray(mp4())), ("film.webm", bytearray(webm()))])
    for _ in range(rng.randint(1, 8)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    with contextlib.suppress(Refused):
        probed(bytes(data), name)


# As content: located problems


def page(video: str, alliance: bool = True) -> dict[str, str | bytes]:
    """A page with a sign-language video written as ``video`` (YAML lines below
    'sign_language:'), with its files in place."""
    folder = ALLIANCE if alliance else ""
    prefix = f"{folder}/" if folder else ""
    return {
        "site.yaml": "title: Testseite\nbase_url: https://example.org/\n",
        f"{prefix}pages/gebaerdensprache.md": (
            "---\ntitle: Gebärdensprache\nsign_language:\n" + video + "---\nText.\n"
        ),
        f"{prefix}media/dgs.mp4": mp4(seconds=155) + box(b"free", bytes(12_400_000)),
        f"{prefix}media/dgs.jpg": picture(size=(64, 48)),
        f"{prefix}media/dgs.vtt": WEBVTT,
    }


VIDEO = (
    "  title: Diese Seite in Gebärdensprache\n"
    "  file: media/dgs.mp4\n"
    "  poster: media/dgs.jpg\n"
    "  captions: media/dgs.vtt\n"
)


def test_wrong_kinds_of_files_and_a_web_address_are_problems_at_their_fields(
    make_content: MakeContent,
) -> None:
    video = (
        "  title: Gebärdensprache\n"
        "  file: https://www.youtube.com/watch?v=x\n"
        "  poster: media/dgs.vtt\n"
        "  captions: media/dgs.srt\n"
    )
    root = make_content(page(video))
    assert described(problems_of(root), root) == [
        f"{PAGE}:5:9: 'https://www.youtube.com/watch?v=x' is an address on the web; a "
        "sign-language video is published from the site itself: put the file into media/ and "
        "write its path, e.g. media/gebaerdensprache.mp4",
        f"{PAGE}:6:11: 'media/dgs.vtt' is not an image: use a photo or picture "
        "(.jpg, .jpeg, .png, .gif, .webp, .avif)",
        f"{PAGE}:7:13: 'media/dgs.srt' is not a captions file: use WebVTT (.vtt)",
    ]


def test_a_video_of_another_kind_is_a_problem_at_its_field(make_content: MakeContent) -> None:
    root = make_content(page(VIDEO.replace("dgs.mp4", "dgs.mov")))
    assert described(problems_of(root), root) == [
        f"{PAGE}:5:9: 'media/dgs.mov' is not a video browsers play: use an MP4 (H.264) or "
        "WebM file (.mp4, .webm)"
    ]


def test_every_missing_file_is_a_problem_at_its_field(make_content: MakeContent) -> None:
    files = page(VIDEO.replace("dgs.", "fehlt."))
    root = make_content(files)
    assert described(problems_of(root), root) == [
        f"{PAGE}:{line}:{column}: there is no file 'media/fehlt.{ext}' in {ALLIANCE}/"
        for line, column, ext in ((5, 9, "mp4"), (6, 11, "jpg"), (7, 13, "vtt"))
    ]


def test_a_missing_field_says_what_to_write(make_content: MakeContent) -> None:
    root = make_content(page(VIDEO.replace("  captions: media/dgs.vtt\n", "")))
    [problem] = problems_of(root)
    assert problem.message == "missing required field 'captions'"
    assert problem.hint.startswith("add 'captions: …' (German captions of what is signed")


def test_files_that_are_not_what_their_names_say_are_problems_of_the_files(
    make_content: MakeContent,
) -> None:
    files = page(VIDEO)
    files[f"{ALLIANCE}/media/dgs.mp4"] = webm()
    files[f"{ALLIANCE}/media/dgs.vtt"] = b"1\n00:00:00,000 --> 00:00:02,000\nHallo\n"
    root = make_content(files)
    assert described(load_content(root).problems, root) == [
        f"{ALLIANCE}/media/dgs.mp4:1:1: 'dgs.mp4' is in WebM format, but its name ends in '.mp4'",
        f"{ALLIANCE}/media/dgs.vtt:1:1: 'dgs.vtt' is not a WebVTT file: its first line must be "
        "'WEBVTT'",
    ]


def test_captions_may_start_with_a_byte_order_mark(make_content: MakeContent) -> None:
    bom = "\ufeffWEBVTT - Gebärdensprache\n".encode()
    root = make_content({"media/a.vtt": bom, "media/b.vtt": b"WEBVTT"})
    assert load_content(root).problems == ()


def test_a_poster_that_is_no_image_is_a_problem_at_its_field(
    make_content: MakeContent, tmp_path: Path
) -> None:
    files = page(VIDEO)
    files[f"{ALLIANCE}/media/dgs.jpg"] = b"<html>"
    root = make_content(files)
    with pytest.raises(ContentError) as caught:
        pipeline.build(Options(root, tmp_path / "build", today=TODAY))
    assert described(caught.value.problems, root) == [
        f"{PAGE}:6:11: 'dgs.jpg' is not an image that browsers show, or it is damaged"
    ]


def test_problems_are_said_in_german(make_content: MakeContent) -> None:
    i18n.use("de")
    video = VIDEO.replace("media/dgs.mp4", "https://example.org/dgs.mp4")
    root = make_content(page(video.replace("dgs.vtt", "dgs.txt")))
    first, second = problems_of(root)
    assert first.message.startswith("'https://example.org/dgs.mp4' ist eine Adresse im Web")
    assert second.message == (
        "'media/dgs.txt' ist keine Untertiteldatei: Verwenden Sie WebVTT (.vtt)"
    )
    assert refusal(mp4()[:100]) == (
        "das Video 'film.mp4' ist beschädigt oder unvollständig (es endet zu früh)"
    )


# On the page


def video_warnings(root: Path, output: Path) -> list[Problem]:
    """Build ``root``; the warnings about its videos (not those about the site's imprint)."""
    found = pipeline.build(Options(root, output, today=TODAY)).warnings
    return [warning for warning in found if warning.location.path.suffix == ".md"]


@pytest.mark.parametrize("alliance", [True, False])
def test_a_page_shows_the_video_with_poster_captions_and_a_download_link(
    make_content: MakeContent, tmp_path: Path, alliance: bool
) -> None:
    root = make_content(page(VIDEO + "  transcript: Hier steht, *was* gesagt wird.\n", alliance))
    output = tmp_path / "build"
    assert video_warnings(root, output) == []
    prefix = "musterstadt/" if alliance else ""
    html = (output / prefix / "gebaerdensprache" / "index.html").read_text(encoding="utf-8")
    assert "Deutsche Gebärdensprache (DGS)</p>" in html
    assert f'<video controls preload="none" poster="/{prefix}media/dgs-64w-' in html
    assert 'width="640" height="480">' in html
    assert f'<source src="/{prefix}media/dgs.mp4" type="video/mp4">' in html
    assert (
        f'<track kind="captions" src="/{prefix}media/dgs.vtt" srclang="de" label="Deutsch" default>'
    ) in html
    assert '<span class="caption">Diese Seite in Gebärdensprache</span>' in html
    assert (
        f'<a href="/{prefix}media/dgs.mp4" download>Video herunterladen (MP4, 12,4\xa0MB, '
        '<time datetime="PT2M35S">2:35&nbsp;Min.</time>)</a>'
    ) in html
    transcript = "<p>Hier steht, <em>was</em> gesagt wird.</p>"
    assert f"<summary>Text zum Video</summary>\n      {transcript}" in html
    source = root / (ALLIANCE if alliance else "") / "media"
    for name in ("dgs.mp4", "dgs.vtt"):
        assert (output / prefix / "media" / name).read_bytes() == (source / name).read_bytes()
    assert (output / prefix / "media" / "dgs.jpg").exists()  # processed as every photo


def test_a_webm_is_offered_as_webm(make_content: MakeContent, tmp_path: Path) -> None:
    files = {**page(VIDEO.replace("dgs.mp4", "dgs.webm"), alliance=False)}
    files["media/dgs.webm"] = webm(seconds=4000.0)
    root = make_content(files)
    output = tmp_path / "build"
    video_warnings(root, output)
    html = (output / "gebaerdensprache" / "index.html").read_text(encoding="utf-8")
    assert '<source src="/media/dgs.webm" type="video/webm">' in html
    assert '<time datetime="PT66M40S">1:06:40&nbsp;Std.</time>' in html


def test_what_bitv_asks_of_a_sign_language_video_is_warned_about(
    make_content: MakeContent, tmp_path: Path
) -> None:
    files = page(VIDEO)
    files[f"{ALLIANCE}/media/dgs.mp4"] = mp4(160, 120, fps=15, codec=b"hvc1")
    root = make_content(files)
    found = video_warnings(root, tmp_path / "b")
    warnings = [(described((warning,), root)[0], warning.hint) for warning in found]
    assert warnings == [
        (
            f"{PAGE}:2:1: the sign-language video 'media/dgs.mp4' is 160 × 120 pixels; "
            "BITV 2.0 asks for at least 320 × 240",
            "export it again larger, e.g. 1280 × 720 pixels",
        ),
        (
            f"{PAGE}:2:1: the sign-language video 'media/dgs.mp4' has 15 frames per second; "
            "BITV 2.0 asks for at least 25",
            "export it again with 25 frames per second or more",
        ),
        (
            f"{PAGE}:2:1: the sign-language video 'media/dgs.mp4' is coded as 'hvc1', which "
            "not every browser plays",
            "export it again as MP4 with H.264, e.g. with HandBrake's preset 'Fast 720p30'",
        ),
    ]


def test_a_live_recording_is_warned_about_for_its_missing_running_time(
    make_content: MakeContent, tmp_path: Path
) -> None:
    i18n.use("de")
    files = page(VIDEO.replace("dgs.mp4", "dgs.webm"))
    files[f"{ALLIANCE}/media/dgs.webm"] = webm(live=True)
    root = make_content(files)
    [warning] = video_warnings(root, tmp_path / "b")
    assert warning.message == (
        "das Gebärdensprachvideo 'media/dgs.webm' sagt nicht, wie lange es läuft; "
        "das muss die Seite aber angeben"
    )


# How sizes and times are written


def test_sizes_and_running_times_are_written_as_germans_read_them() -> None:
    assert file_size(12_400_000) == "12,4\xa0MB"
    assert file_size(1_234_000_000) == "1,2\xa0GB"
    assert file_size(850_400) == "850\xa0kB"
    assert file_size(12) == "1\xa0kB"
    assert file_size(12_400_000, "en") == "12.4\xa0MB"
    assert running_time(155.4) == "2:35"
    assert running_time(59.6) == "1:00"
    assert running_time(3725) == "1:02:05"
    assert iso_duration(155.4) == "PT2M35S"
