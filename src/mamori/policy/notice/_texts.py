"""The notice's fixed wording: what each enum value of the policy means, in English source text.

Every string here is a gettext msgid (marked with `N_` so that `pybabel extract` finds it) and is
translated at render time through the catalogues in locale/. The law's wording (legal exceptions,
deadlines, provision records) is written out in full so that a reader needs no article numbers.
"""

from __future__ import annotations

__all__ = [
    "CATEGORY_MEANINGS",
    "DEADLINES",
    "LEGAL_EXCEPTIONS",
    "MEANINGS",
    "N_",
    "RECORD_ITEMS_CONSENT",
    "RECORD_ITEMS_OPT_OUT",
    "SECTION_TITLES",
]


def N_(message: str) -> str:  # noqa: N802 - the name gettext tools look for
    """Mark a string for extraction; it is translated later, where the locale is known."""
    return message


SECTION_TITLES: dict[str, str] = {
    "organization": N_("Who we are"),
    "contact": N_("How to contact us"),
    "subjects": N_("Whose data we hold"),
    "items": N_("What data we hold"),
    "collection": N_("Where and when we collect it"),
    "purposes": N_("Why we use it"),
    "cookies": N_("Cookies and information-gathering modules"),
    "provision": N_("Provision to third parties"),
    "statistics": N_("Statistics and research"),
    "anonymously_processed": N_("Anonymously processed information"),
    "outsourcing": N_("Entrustment of handling"),
    "joint_use": N_("Joint use"),
    "sources": N_("Data received from third parties"),
    "storage": N_("Where the data are stored"),
    "rights": N_("Your rights and how to use them"),
    "security": N_("How we protect the data"),
    "exclusions": N_("What this policy does not cover"),
    "changes": N_("Changes to this policy"),
}

MEANINGS: dict[str, dict[str, str]] = {
    "source": {
        "person": N_("Given by you"),
        "automatic": N_("Collected automatically when you use the service"),
        "external_service": N_("Received from an external service"),
        "staff": N_("Recorded by our staff"),
        "derived": N_("Worked out from other data we hold"),
    },
    "visibility": {
        "private": N_("Only you and the staff in charge"),
        "profile": N_("Shown on your profile to other members"),
        "public": N_("Public"),
    },
    "legal_basis": {
        "consent": N_("Your consent"),
        "contract": N_("Needed to perform our contract with you"),
        "legal_obligation": N_("Needed to meet a legal obligation"),
        "legitimate_interest": N_("Our legitimate interests"),
        "vital_interest": N_("To protect someone's life or health"),
        "public_interest": N_("A task carried out in the public interest"),
    },
    "provision_basis": {
        "consent": N_("Only with your prior consent"),
        "opt_out": N_("Unless you ask us to stop (opt-out)"),
        "sale": N_("Sale of the data"),
        "lending": N_("Lending of the data"),
    },
    "tracker_category": {
        "essential": N_("Strictly necessary: the service cannot work without it"),
        "functional": N_("Functional: not strictly necessary"),
        "analytics": N_("Analytics: not strictly necessary"),
        "advertising": N_("Advertising: not strictly necessary"),
    },
    "transfer_basis": {
        "domestic": N_("The data stay in the country: no transfer abroad"),
        "adequacy": N_("The destination country is recognised as protecting data adequately"),
        "standard_contractual_clauses": N_("Standard contractual clauses with the recipient"),
        "binding_corporate_rules": N_("Binding corporate rules of the recipient's group"),
        "consent": N_("Your consent to the transfer"),
        "equivalent_system": N_(
            "The recipient maintains a system of protection equivalent to that of Japanese law"
        ),
        "derogation": N_("An exception the law allows for a specific situation"),
    },
    "foreign_route": {
        "consent": N_("Your consent, asked after telling you about the country and the recipient"),
        "equivalent_system": N_(
            "The recipient maintains a system of protection equivalent to that of Japanese law"
        ),
        "adequacy": N_("The country is recognised as protecting data to an equivalent level"),
    },
    "request_kind": {
        "disclosure": N_("Disclosure of the personal data we hold about you"),
        "provision_records": N_("Disclosure of the records of provision to third parties"),
        "purpose_notification": N_("Notification of the purposes of use"),
        "correction": N_("Correction, addition or deletion of inaccurate data"),
        "deletion": N_("Deletion of your data"),
        "suspension": N_("Suspension of use"),
        "stop_provision": N_("Stopping provision to third parties"),
        "portability": N_("A copy of your data in a machine-readable format"),
        "objection": N_("Objection to a use of your data"),
    },
    "channel": {
        "online": N_("Online"),
        "email": N_("E-mail"),
        "post": N_("Post"),
        "in_person": N_("In person"),
        "phone": N_("Telephone"),
    },
    "verification": {
        "session": N_("Signing in to your account"),
        "email_code": N_("A code sent to your registered e-mail address"),
        "document": N_("A copy of an identity document, such as a driving licence"),
        "in_person": N_("Showing an identity document in person"),
        "postal": N_("A reply sent by post to your registered address"),
    },
    "refusal_ground": {
        "not_obliged_by_law": N_("The law does not oblige us to do what is asked."),
        "repeated_without_reason": N_(
            "The same request is made repeatedly without a justifiable reason."
        ),
        "excessive_technical_work": N_("Doing it would need excessive technical work."),
        "serious_business_hindrance": N_(
            "Doing it would seriously hinder the proper conduct of our business."
        ),
        "harm_to_person_or_others": N_(
            "Doing it could harm the life, body, property or other rights and interests "
            "of you or of others."
        ),
        "violates_other_laws": N_("Doing it would break another law."),
        "manifestly_unfounded_or_excessive": N_(
            "The request is manifestly unfounded or excessive."
        ),
    },
    "fee_charged": {
        "on_application": N_("Paid when you apply, whatever the outcome"),
        "on_fulfilment": N_("Paid when we answer"),
    },
    "security_kind": {
        "basic_policy": N_("Basic policy"),
        "handling_rules": N_("Rules for handling personal data"),
        "organizational": N_("Organizational measures"),
        "human": N_("Human measures"),
        "physical": N_("Physical measures"),
        "technical": N_("Technical measures"),
        "foreign_environment": N_("Understanding the legal environment abroad"),
    },
    "jurisdiction": {
        "JP": N_("Japan: Act on the Protection of Personal Information"),
        "EU": N_("European Union: General Data Protection Regulation"),
    },
    "contact": {
        "requests": N_("Requests about your data"),
        "complaints": N_("Complaints"),
        "inquiries": N_("Inquiries"),
    },
}

LEGAL_EXCEPTIONS: dict[str, str] = {
    "by_law": N_("When the provision is based on laws and regulations."),
    "court_order": N_(
        "When a court orders it, or it is requested under a warrant or under the Provider "
        "Liability Limitation Act."
    ),
    "police_inquiry": N_(
        "When the police or another investigating authority make a formal inquiry under the law."
    ),
    "protect_life_body_property": N_(
        "When it is necessary to protect a person's life, body or property and it is difficult "
        "to obtain your consent."
    ),
    "public_health_children": N_(
        "When it is especially necessary to improve public health or to promote the sound "
        "growth of children and it is difficult to obtain your consent."
    ),
    "cooperate_public_bodies": N_(
        "When it is necessary to cooperate with a national or local government body, or with "
        "someone it has entrusted, in carrying out duties set by laws and regulations, and "
        "asking for your consent could hinder those duties."
    ),
    "protect_rights_terms_violation": N_(
        "When there is reasonable doubt that the terms of use have been violated, it is "
        "necessary to protect the rights, property or services of us or of others, and it is "
        "difficult to obtain your consent."
    ),
}

RECORD_ITEMS_CONSENT: tuple[str, ...] = (
    N_("that you gave your prior consent;"),
    N_("the name of the third party and other facts that identify it;"),
    N_("your name and other facts that identify you;"),
    N_("the items of personal data provided."),
)
RECORD_ITEMS_OPT_OUT: tuple[str, ...] = (
    N_("the date of provision;"),
    N_("the name of the third party and other facts that identify it;"),
    N_("your name and other facts that identify you;"),
    N_("the items of personal data provided."),
)

DEADLINES: dict[str, str] = {
    "JP": N_(
        "We answer without delay. If we have not answered two weeks after your request "
        "reached us, you may take the matter to court."
    ),
    "EU": N_(
        "We answer within one month of receiving your request. Where necessary, given the "
        "complexity and number of requests, this may be extended by two further months; we "
        "then tell you so, with the reasons, within the first month. You may also lodge a "
        "complaint with a supervisory authority."
    ),
}

# Plain-language meanings of data categories: fideslang's keys and the longest prefix wins, so
# a finer category (or one of Mamori's extension keys) reads as its nearest described parent.
CATEGORY_MEANINGS: dict[str, str] = {
    "system": N_("Technical data about our systems"),
    "user": N_("Information about you"),
    "user.account": N_("Your account"),
    "user.account.username": N_("Your user name"),
    "user.authorization": N_("Your sign-in credentials"),
    "user.behavior": N_("What you do on the service"),
    "user.behavior.browsing_history": N_("Pages you visit and what you do on them"),
    "user.behavior.purchase_history": N_("What you buy"),
    "user.behavior.search_history": N_("What you search for"),
    "user.biometric": N_("Biometric data, such as a fingerprint or voice"),
    "user.childrens": N_("Data about children"),
    "user.contact": N_("How to reach you"),
    "user.contact.address": N_("Your postal address"),
    "user.contact.address.postal_code": N_("Your postal code"),
    "user.contact.email": N_("Your e-mail address"),
    "user.contact.phone_number": N_("Your telephone number"),
    "user.contact.organization": N_("The organization you belong to"),
    "user.contact.url": N_("Your website"),
    "user.content": N_("What you write, post or upload"),
    "user.content.self_image": N_("Photos or videos of you"),
    "user.demographic": N_("Facts about you, such as age, gender or language"),
    "user.demographic.date_of_birth": N_("When you were born"),
    "user.demographic.gender": N_("Your gender"),
    "user.demographic.profile": N_("Your profile, such as your interests and preferences"),
    "user.demographic.political_opinion": N_("Your political opinions"),
    "user.demographic.race_ethnicity": N_("Your race or ethnic origin"),
    "user.demographic.religious_belief": N_("Your religion or beliefs"),
    "user.demographic.sexual_orientation": N_("Your sexual orientation"),
    "user.device": N_("Information about your device"),
    "user.device.cookie": N_("A small file your browser keeps for the site (cookie)"),
    "user.device.cookie_id": N_("An identifier kept in your browser (cookie)"),
    "user.device.device_id": N_("An identifier of your device"),
    "user.device.ip_address": N_("Your device's network address (IP address)"),
    "user.financial": N_("Financial details, such as a bank account or card"),
    "user.government_id": N_("An official identity number or document"),
    "user.health_and_medical": N_("Health and medical data"),
    "user.criminal_history": N_("Criminal record"),
    "user.job_title": N_("Your job title"),
    "user.location": N_("Where you are"),
    "user.name": N_("Your name"),
    "user.payment": N_("How you pay"),
    "user.privacy_preferences": N_("Your privacy choices"),
    "user.sensor": N_("Readings from your device's sensors"),
    "user.social": N_("Information from social networks and other external services"),
    "user.telemetry": N_("Measurements of how the service runs on your device"),
    "user.unique_id": N_("An identifier we give you"),
    "user.user_sensor": N_("Readings from your device's sensors"),
    "user.workplace": N_("Where you work"),
}
