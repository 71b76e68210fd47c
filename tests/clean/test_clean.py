import datetime as dt

import pytest

from tidings.clean import article_id, clean_document
from tidings.errors import InputError
from tidings.records import RawDocument, SourceMeta
from tidings.sources import read_inputs
from tidings.sources.manifest import Manifest

PARA1 = "Japan ordered a Russian diplomat to leave the country on Tuesday, the foreign ministry said."
PARA2 = "The move followed the expulsion of a Japanese consul from Vladivostok last week, officials added."


def raw(content, fmt="text", **meta):
    return RawDocument(origin="t.txt", format=fmt, content=content, meta=SourceMeta(**meta), path="t.txt")


def test_clean_seeds_title_furniture_dates_and_dateline(shared_dir, settings):
    seeds = shared_dir / "seeds"
    manifest = Manifest.load(seeds / "manifest.csv")
    docs = list(read_inputs([str(seeds / "000_f0095009c7e169ce.txt"), str(seeds / "002_b310ecd79e962dce.txt")],
                            settings, manifest))
    first, second = (clean_document(d, settings) for d in docs)
    title = "Japan expels a Russian diplomat, a retaliatory move as relations deteriorate."
    assert first.title == title
    assert title not in first.text  # both copies: one is the title, the other furniture
    assert "Leave a Reply" not in first.text
    assert (first.published, first.published_basis) == (dt.date(2022, 10, 4), "manifest")
    assert first.outlet == "nytimes.com"
    assert first.text.startswith("Japan has ordered a Russian diplomat to leave the country")
    assert (second.published, second.published_basis) == (dt.date(2022, 9, 26), "text")
    assert second.dateline == "TOKYO"
    assert second.text.startswith("TOKYO — A Japanese diplomat")  # the dateline stays in the text
    for furniture in ("Listen 2 min", "Gift Article", "Comment on this story", "2022-09-26"):
        assert furniture not in second.text
    assert second.title is None


def test_clean_removes_furniture_and_keeps_paragraphs(settings):
    content = ("Japan expels Russian diplomat\n\nBy Jane Doe and John Roe\nUpdated 3:41 PM\n\n"
               "Advertisement\n\n" + PARA1 + "\n\nPhoto: Kim Kyung-Hoon / Getty Images\n\n" + PARA2 +
               "\n\nSign up for our Asia newsletter\n\nRead more: Tokyo and Moscow at odds\n\nShare this article\n")
    article = clean_document(raw(content), settings)
    assert article.title == "Japan expels Russian diplomat"
    assert article.text == PARA1 + "\n\n" + PARA2


def test_clean_story_sentence_with_furniture_words_survives(settings):
    prose = "The two countries share a border, and the ministry would not comment on the story further."
    article = clean_document(raw(f"{PARA1}\n\n{prose}\n\nShare\n\nComment"), settings, )
    assert prose in article.text
    assert not article.text.endswith(("Share", "Comment"))


def test_clean_normalises_whitespace_inside_lines_only(settings):
    article = clean_document(raw(f"Headline\n\n{PARA1.replace(' ', '   ', 3)}\t\n\n\n\n{PARA2}\r\n"), settings)
    assert article.text == PARA1 + "\n\n" + PARA2


def test_clean_hard_wrapped_paragraph_is_joined_and_fragment_kept(settings):
    content = ("Headline here\n\nJapan said on Tuesday that it had expelled\nmore than 2,000\n"
               "barrels of confusion, officials said in a statement.\n\n" + PARA2)
    article = clean_document(raw(content), settings)
    assert "expelled more than 2,000 barrels" in article.text


def test_clean_one_paragraph_per_line_text(settings):
    content = "Japan expels diplomat\n" + PARA1 + "\nShare\n" + PARA2
    article = clean_document(raw(content, fmt="html", title="Japan expels diplomat"), settings)
    assert article.text == PARA1 + "\n\n" + PARA2 and article.title == "Japan expels diplomat"


def test_clean_published_from_text_beats_option_not_metadata(settings):
    content = f"Published Sept. 26, 2022\n\n{PARA1}\n\n{PARA2}"
    from_text = clean_document(raw(content, published=dt.date(2020, 1, 1), published_basis="option"), settings)
    assert (from_text.published, from_text.published_basis) == (dt.date(2022, 9, 26), "text")
    kept = clean_document(raw(content, published=dt.date(2022, 9, 25), published_basis="metadata"), settings)
    assert (kept.published, kept.published_basis) == (dt.date(2022, 9, 25), "metadata")
    option = clean_document(raw(f"{PARA1}\n\n{PARA2}", published=dt.date(2020, 1, 1), published_basis="option"),
                            settings)
    assert (option.published, option.published_basis) == (dt.date(2020, 1, 1), "option")


def test_clean_no_date_is_never_invented(settings):
    article = clean_document(raw(f"{PARA1} It happened on 2022-09-20.\n\n{PARA2}"), settings)
    assert article.published is None and article.published_basis == "none"


def test_clean_updated_stamp_used_only_without_publication_stamp(settings):
    both = "Updated Sept. 28, 2022\nPublished Sept. 26, 2022\n\n" + PARA1 + "\n\n" + PARA2
    assert clean_document(raw(both), settings).published == dt.date(2022, 9, 26)
    updated_only = "Updated Sept. 28, 2022\n\n" + PARA1 + "\n\n" + PARA2
    assert clean_document(raw(updated_only), settings).published == dt.date(2022, 9, 28)


def test_clean_short_text_is_e006(settings):
    with pytest.raises(InputError) as caught:
        clean_document(raw("Headline\n\nToo short a story."), settings)
    assert caught.value.code == "E006" and "characters" in caught.value.message


def test_clean_table_of_numbers_is_e006(settings):
    table = "\n".join(f"{year} {year * 3 % 1000} {year % 97}.{year % 10}% {year * 7 % 5000}" for year in range(2000, 2020))
    with pytest.raises(InputError) as caught:
        clean_document(raw(table), settings)
    assert caught.value.code == "E006"


def test_clean_ids_language_and_format(settings):
    article = clean_document(raw(f"{PARA1}\n\n{PARA2}", fmt="record"), settings)
    again = clean_document(raw(f"  {PARA1}\n\n\n{PARA2}  \n", fmt="record"), settings)
    assert article.id == again.id == article_id(article.text)  # re-ingesting is idempotent
    assert article.language == settings.default_language and article.format == "record"
    assert article.ingested is not None and article.ingested.tzinfo is not None
    given = clean_document(raw(f"{PARA1}\n\n{PARA2}", id="rec-7", language="ja"), settings)
    assert given.id == "rec-7" and given.language == "ja"


def test_clean_article_id_ignores_case_and_spacing_but_not_words():
    assert article_id("Japan  expels\na diplomat") == article_id("japan expels a diplomat")
    assert article_id("Japan expels a diplomat") != article_id("Russia expels a diplomat")
    assert len(article_id("x")) == 16
