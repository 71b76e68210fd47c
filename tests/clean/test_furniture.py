import datetime as dt

import pytest

from tidings.clean.furniture import Furniture
from tidings.errors import TidingsError


@pytest.fixture(scope="module")
def furniture():
    return Furniture.load()


@pytest.mark.parametrize("line", [
    "Leave a Reply",
    "Listen 2 min Comment on this story Comment Gift Article Share",
    "Share this article",
    "Advertisement",
    "Supported by",
    "Print | Email | Share",
    "Story continues below advertisement",
    "Sign up for the Morning Briefing newsletter",
    "Read more: Japan and Russia trade expulsions",
    "Related",
    "By Jane Doe and John Roe",
    "By JANE DOE | Reuters",
    "Photo: Kim Kyung-Hoon / Getty Images",
    "Yoshimasa Hayashi at a news conference in Tokyo (Reuters)",
    "Credit: Eugene Hoshiko/Associated Press",
    "Updated 3:41 PM",
    "Reporting by Jane Doe; Editing by John Roe",
])
def test_furniture_lines_recognised(furniture, line):
    assert furniture.classify(line).furniture


@pytest.mark.parametrize("line", [
    "Japan and Russia share a long maritime border, and officials declined to comment on the expulsion.",
    "Please share your comment on this story with the editors before Friday.",
    "By Tuesday, the diplomat had left the country.",
    "Related talks in Geneva broke down last month, according to diplomats.",
    "TOKYO — A Japanese diplomat detained in Vladivostok has been released.",
    "Updated figures from the ministry show exports fell in September.",
])
def test_furniture_story_prose_survives(furniture, line):
    assert not furniture.classify(line).furniture


def test_furniture_stamps_carry_their_date(furniture):
    published = furniture.classify("Published Sept. 26, 2022 at 3:41 p.m. EDT")
    assert published.day == dt.date(2022, 9, 26) and published.publication
    updated = furniture.classify("Updated 3:41 PM ET, Sept. 27, 2022")
    assert updated.day == dt.date(2022, 9, 27) and not updated.publication
    bar = furniture.classify("Leave a Reply date 2022-09-26 Listen 2 min Comment on this story Comment Share")
    assert bar.day == dt.date(2022, 9, 26) and bar.publication


def test_furniture_prose_test_rejects_tables(furniture):
    assert furniture.is_prose("Japan ordered a Russian diplomat to leave within six days.")
    assert not furniture.is_prose("2021 1,204 3.4% 2022 1,310 3.9% 2023 1,422 4.1%")
    assert not furniture.is_prose("WORLD POLITICS BUSINESS SPORTS OPINION")


def test_furniture_invalid_vocabulary_is_e106(tmp_path):
    bad = tmp_path / "furniture.toml"
    bad.write_text('max_words = 25\nphrases = ["share"]\nfiller = []\nstamps = []\n'
                   '[[lines]]\nkind = "x"\npattern = "([unclosed"\n'
                   '[prose]\nmin_words = 6\nmin_alpha_share = 0.6\nmin_lowercase = 3\ntitle_max_chars = 200\n')
    with pytest.raises(TidingsError) as caught:
        Furniture.load(bad)
    assert caught.value.code == "E106" and "furniture.toml" in str(caught.value)


@pytest.mark.parametrize("line, furniture_expected", [
    ("A protester carries a banner during a march in Yangon, Myanmar (AFP)", True),
    ("(Reuters)", True),
    ("Police officers outside the court (AP Photo/Gael Monfort)", True),
    ("Cameroon's government announced the deaths of four militants and arrests of four others. (Reuters)", False),
    ('He added: "It should be the choice of the two countries, not ours." (AFP)', False),
])
def test_furniture_agency_credit_only_on_captions(furniture, line, furniture_expected):
    assert furniture.classify(line).furniture is furniture_expected


def test_furniture_caption_date_is_not_a_page_date(furniture):
    verdict = furniture.classify("A protester during a march on August 8, 2014 in Yangon, Myanmar (AFP)")
    assert verdict.furniture and verdict.day is None
