"""The aozora notice states what each of the seed's promises says (SEED-PROMISES.md, AZ-*).

Each test reads the notice in French and English, as HTML and as Markdown, as a person would:
the visible text of one section, and the tables cell by cell (seed_notice.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from seed_notice import Notice, read_notice, seed

from mamori.policy import Policy
from mamori.policy.model import text_in

# Columns of the items table.
ITEM, WHAT, SOURCE, REQUIRED, WHO, KEPT = range(6)

# Fixed wording the notice must use, per language (from the catalogues).
WORDS: dict[str, dict[str, Any]] = {
    "fr": {
        "register": "Nom du registre",
        "profile": "Affichée sur votre profil aux autres membres",
        "private": "Vous seul et le personnel chargé",
        "required": "Obligatoire",
        "optional": "Facultative",
        "person": "Fournie par vous",
        "automatic": "Collectée automatiquement lorsque vous utilisez le service",
        "hash": "Personne : nous n'en conservons qu'un hachage salé à sens unique",
        "research": "Chaque enregistrement partage les valeurs de ses quasi-identifiants avec au "
        "moins 5 personnes, et les chercheurs ne peuvent rien publier qui identifie une personne.",
        "community": "Le fondateur d'une communauté, et les administrateurs qu'il désigne, peuvent "
        "utiliser les données des membres de leur propre communauté, et seulement pour ces "
        "finalités :",
        "inside_eea": "Les données restent dans l'Union européenne et l'Espace économique "
        "européen : aucun transfert hors de ceux-ci",
        "in_the_country": "dans le pays",
        "scc": "Clauses contractuelles types avec le destinataire",
        "measures": ["Mesures physiques", "Mesures techniques"],
        "requests": [
            "La communication des finalités d'utilisation",
            "La communication des données personnelles que nous détenons sur vous",
            "La rectification, le complément ou l'effacement de données inexactes",
        ],
        "reciprocity": "Si vous ne communiquez pas une donnée ou si vous la masquez, vous ne "
        "voyez pas non plus cette donnée sur le profil des autres membres.",
        "identity": ["Forme juridique", "Capital social", "Adresse"],
        "director": "Directeur de la publication",
        "hosting": "Hébergement",
        "processor": ["Forme juridique", "Capital social", "Pays", "Lieu du traitement"],
    },
    "en": {
        "register": "Name of the register",
        "profile": "Shown on your profile to other members",
        "private": "Only you and the staff in charge",
        "required": "Required",
        "optional": "Optional",
        "person": "Given by you",
        "automatic": "Collected automatically when you use the service",
        "hash": "No one: we keep only a salted one-way hash of it",
        "research": "Each record shares the values of its quasi-identifiers with at least 5 "
        "people, and the researchers may not publish anything that identifies a person.",
        "community": "The founder of a community, and the administrators it appoints, may use "
        "the data of the members of their own community, and only for these purposes:",
        "inside_eea": "The data stay within the EU and the EEA: no transfer outside them",
        "in_the_country": "in the country",
        "scc": "Standard contractual clauses with the recipient",
        "measures": ["Physical measures", "Technical measures"],
        "requests": [
            "Notification of the purposes of use",
            "Disclosure of the personal data we hold about you",
            "Correction, addition or deletion of inaccurate data",
        ],
        "reciprocity": "If you withhold or hide an item, you do not see that item on other "
        "members' profiles either.",
        "identity": ["Legal form", "Share capital", "Address"],
        "director": "Publication director",
        "hosting": "Hosting",
        "processor": ["Legal form", "Share capital", "Country", "Where the data are handled"],
    },
}


@pytest.fixture(scope="module")
def policy() -> Policy:
    return seed("aozora")


@pytest.fixture(
    scope="module", params=[("fr", "html"), ("fr", "md"), ("en", "html"), ("en", "md")], ids=str
)
def notice(request: pytest.FixtureRequest) -> Notice:
    locale, format = request.param
    return read_notice("aozora", locale, format)


def t(notice: Notice, text: Mapping[str, str] | None) -> str:
    assert text is not None
    return text_in(text, notice.locale)


def item(policy: Policy, notice: Notice, key: str) -> str:
    return t(notice, policy.items[key].label)


def test_aozora_az1_the_register_is_named_with_its_purposes(policy: Policy, notice: Notice) -> None:
    register = t(notice, policy.organization.register_name)
    assert register == "Registre des utilisateur des services d'Aozora"  # the seed's own words
    notice.said(WORDS[notice.locale]["register"], register, section="organization")
    for key in ("service_provision", "service_communication", "user_messaging"):
        purpose = policy.purposes[key]
        notice.said(t(notice, purpose.label), t(notice, purpose.description), section="purposes")


def test_aozora_az1_user_to_user_messaging_uses_exactly_the_profile_items(
    policy: Policy, notice: Notice
) -> None:
    row = notice.table("purposes").marks(t(notice, policy.purposes["user_messaging"].label))
    profile = [key for key, value in policy.items.items() if value.visibility == "profile"]
    assert row == {item(policy, notice, key): "●" for key in profile}


def test_aozora_az2_profile_items_are_shown_to_members_and_all_but_the_name_are_optional(
    policy: Policy, notice: Notice
) -> None:
    words = WORDS[notice.locale]
    items = notice.table("items")
    shown = [cells[ITEM].split("\n")[0] for cells in items.rows if cells[WHO] == words["profile"]]
    profile = ["name", "phone", "street_address", "description", "offers_requests"]
    assert shown == [item(policy, notice, key) for key in [*profile, "feedback_badges"]]
    for key in profile:
        required = words["required"] if key == "name" else words["optional"]
        assert items.row(item(policy, notice, key))[REQUIRED] == required, key
    assert items.row(item(policy, notice, "email"))[WHO] == words["private"]


def test_aozora_az3_the_hosting_company_is_named_as_processor_with_its_location(
    policy: Policy, notice: Notice
) -> None:
    host = policy.entrustees["hosting_company"]
    notice.said(
        t(notice, policy.outsourcing),
        t(notice, host.name),
        t(notice, host.task),
        t(notice, host.location),
        "2, rue Kellermann, 59100 Roubaix, France",
        *WORDS[notice.locale]["processor"],
        section="outsourcing",
    )
    # The seed does not name the host: the legal facts of its footer identify it.
    notice.said(
        "SAS",
        "10 059 500 €",
        "Lille Métropole 424 761 419 00045",
        "6202A",
        "FR 22 424 761 419",
        section="outsourcing",
    )
    notice.said(t(notice, policy.organization.hosting_notice), section="organization")


def test_aozora_az3_the_hosting_notice_is_headed_once(notice: Notice) -> None:
    assert notice.section("organization").count(WORDS[notice.locale]["hosting"]) == 1


def test_aozora_az4_every_item_is_listed_and_the_password_is_kept_only_as_a_hash(
    policy: Policy, notice: Notice
) -> None:
    items = notice.table("items")
    assert items.labels == [item(policy, notice, key) for key in policy.items]
    assert items.row(item(policy, notice, "password"))[WHO] == WORDS[notice.locale]["hash"]
    logins = items.row(item(policy, notice, "login_count"))
    assert logins[SOURCE] == WORDS[notice.locale]["automatic"]


def test_aozora_az5_each_item_shows_its_source_and_when_it_is_given(
    policy: Policy, notice: Notice
) -> None:
    items = notice.table("items")
    for key, value in policy.items.items():
        source = WORDS[notice.locale]["automatic" if value.source == "automatic" else "person"]
        assert items.row(item(policy, notice, key))[SOURCE] == source, key
    for point in ("registration", "later_use"):
        collection = policy.collection_points[point]
        notice.said(
            t(notice, collection.label),
            ", ".join(item(policy, notice, key) for key in collection.items),
            section="collection",
        )


def test_aozora_az6_research_hand_over_under_its_terms(policy: Policy, notice: Notice) -> None:
    research = policy.research["research_handover"]
    notice.said(
        t(notice, research.label),
        WORDS[notice.locale]["research"],
        t(notice, research.recipient_description),
        t(notice, research.terms),
        ", ".join(item(policy, notice, key) for key in research.items),
        section="statistics",
    )


def test_aozora_az7_community_data_go_only_to_its_founder_and_administrators(
    policy: Policy, notice: Notice
) -> None:
    community = policy.communities
    assert community is not None
    notice.said(
        t(notice, community.description),
        WORDS[notice.locale]["community"],
        t(notice, policy.purposes["community_administration"].label),
        section="subjects",
    )


def test_aozora_az8_storage_inside_and_outside_the_eu_with_the_transfer_basis(
    policy: Policy, notice: Notice
) -> None:
    inside, outside = policy.storage
    notice.said(
        t(notice, inside.description),
        WORDS[notice.locale]["inside_eea"],
        t(notice, outside.description),
        WORDS[notice.locale]["scc"],
        t(notice, outside.transfer_note),
        section="storage",
    )
    notice.not_said(WORDS[notice.locale]["in_the_country"], section="storage")


def test_aozora_az9_protection_principles(policy: Policy, notice: Notice) -> None:
    notice.said(*WORDS[notice.locale]["measures"], section="security")
    for measure in policy.security_measures:
        notice.said(t(notice, measure.description), section="security")


def test_aozora_az10_rights_of_information_access_and_correction(
    policy: Policy, notice: Notice
) -> None:
    notice.said(*WORDS[notice.locale]["requests"], section="rights")
    notice.said(t(notice, policy.rights.note), section="rights")


def test_aozora_az10_reciprocity(policy: Policy, notice: Notice) -> None:
    notice.said(
        t(notice, policy.reciprocity), WORDS[notice.locale]["reciprocity"], section="rights"
    )


def test_aozora_az11_company_identity(notice: Notice) -> None:
    notice.said(
        *WORDS[notice.locale]["identity"],
        WORDS[notice.locale]["director"],
        "Aozora",
        "Société par Actions Simplifiée",
        "2000€",
        "RCS",
        "Bobigny 839 823 986",
        "10 rue Gabrielle Josserand, 93500 PANTIN, France",
        "Olivier Roelants",
        section="organization",
    )


def test_aozora_az11_the_director_is_not_titled_twice(notice: Notice) -> None:
    assert notice.section("organization").count(WORDS[notice.locale]["director"]) == 1
