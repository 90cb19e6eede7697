"""Organisations: the form's values and the API's JSON bodies, read into domain objects."""

from __future__ import annotations

from dataclasses import replace

from balise.domain.organisations.model import Contact, Organisation
from balise.domain.shared.errors import ValidationError
from balise.domain.shared.i18n import N_, LocalizedText, Message
from balise.web.organisations.schemas import OrganisationCreate, OrganisationUpdate
from balise.web.organisations.views import organisation_view

# Fields an organisation cannot be without: null is not a value for them in a PATCH.
REQUIRED = ("slug", "name", "kind", "size_class", "sector", "contact")


def values_of(organisation: Organisation) -> dict[str, str]:
    """What the form's inputs show for a saved organisation."""
    view = organisation_view(organisation)
    values = {f"name_{lang}": text for lang, text in view["name"].items()}
    values.update(
        slug=organisation.slug,
        kind=organisation.kind.value,
        level=organisation.government_level.value,
        size_class=organisation.size_class.value,
        sector=organisation.sector.value,
        enterprise_number=view["enterprise_number"] or "",
        **{f"contact_{key}": value for key, value in view["contact"].items()},
    )
    return values


def organisation_from_body(body: OrganisationCreate) -> Organisation:
    """A new organisation from the API's JSON body."""
    return Organisation(
        slug=body.slug,
        name=LocalizedText.from_mapping(body.name.model_dump()),
        kind=body.kind,
        level=body.level,
        size_class=body.size_class,
        sector=body.sector,
        enterprise_number=body.enterprise_number,
        contact=Contact(**body.contact.model_dump()),
    )


def merged(current: Organisation, body: OrganisationUpdate) -> Organisation:
    """The organisation with a PATCH applied: `name` and `contact` are merged, a language given
    as null is removed (JSON Merge Patch, RFC 7396); null for a required field is refused."""
    given = body.model_dump(exclude_unset=True)
    nulls = sorted(key for key in REQUIRED if key in given and given[key] is None)
    if nulls:
        raise ValidationError({key: Message(N_("This value is not valid.")) for key in nulls})
    return replace(
        current,
        slug=given.get("slug", current.slug),
        name=LocalizedText.from_mapping({**current.name.as_dict(), **given["name"]})
        if "name" in given
        else current.name,
        kind=body.kind or current.kind,
        level=body.level or (current.level if body.kind is None else None),
        size_class=body.size_class or current.size_class,
        sector=body.sector or current.sector,
        enterprise_number=given.get("enterprise_number", current.enterprise_number),
        contact=replace(current.contact, **given["contact"])
        if "contact" in given
        else current.contact,
    )


def body_field_errors(error: ValidationError) -> ValidationError:
    """The same errors, naming fields as the JSON body does (`contact.email`)."""
    return ValidationError(
        {
            f"contact.{name.removeprefix('contact_')}" if name.startswith("contact_") else name: (
                message
            )
            for name, message in error.errors.items()
        }
    )
