from tidings.corpus.disputes import content_words, cross_disputes, same_matter
from tidings.records import Actor, Claim

TASS = Actor("Tass", "RUS", "Tass", "MED")
JAPAN = Actor("Japanese officials", "JPN", None, "GOV")


def _claim(cid, article, speaker, content, stance="assert", disputed_by=()):
    return Claim(cid, article, content, 0, len(content), speaker, "said", stance, disputed_by)


RUSSIAN = _claim("a:c1", "a", TASS, "the consul had attempted to pay for classified information about Russia's ties")
DENIAL = _claim("b:c2", "b", JAPAN, "the consul paid for classified information on Russia's ties", "deny")


def test_disputes_across_articles_of_one_story():
    updated = cross_disputes([RUSSIAN, DENIAL], {"a": "s1", "b": "s1"})
    assert updated == {"a:c1": ("b:c2",)}


def test_disputes_keep_existing_ids_and_need_the_same_story_and_another_country():
    had = RUSSIAN.replace(disputed_by=("a:c9",))
    assert cross_disputes([had, DENIAL], {"a": "s1", "b": "s1"}) == {"a:c1": ("a:c9", "b:c2")}
    assert cross_disputes([RUSSIAN, DENIAL], {"a": "s1", "b": "s2"}) == {}
    russian_denial = DENIAL.replace(speaker=Actor("Kremlin", "RUS"))
    assert cross_disputes([RUSSIAN, russian_denial], {"a": "s1", "b": "s1"}) == {}
    assert cross_disputes([RUSSIAN, DENIAL], {"a": "s1", "b": "s1"}) == cross_disputes(
        [RUSSIAN, DENIAL, _claim("b:c3", "b", JAPAN, "the weather was fine in Tokyo", "deny")], {"a": "s1", "b": "s1"})


def test_disputes_same_matter_needs_shared_content_words():
    assert same_matter(RUSSIAN, DENIAL)
    assert not same_matter(RUSSIAN, _claim("x", "b", JAPAN, "relations have deteriorated this year", "deny"))
    words = content_words(DENIAL.content)
    assert {"information", "consul"} <= words and "the" not in words and "for" not in words
    assert content_words("attempted allegations") == content_words("attempt allegation")
