"""`balise panel survey`: a panel's before/after questionnaire results, as the public page has them.

Registered on the `panel` sub-app by `cli/main.py`; the container and SciPy are imported inside
the command, so that `balise --help` stays quick.
"""

from __future__ import annotations

from balise.cli.common import Format, FormatOption, PanelSlug, print_json, print_table


def survey(
    slug: PanelSlug,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """A closed questionnaire's results: per item, means before and after, n, change and its CI."""
    from balise.cli.common import open_container
    from balise.cli.panels import reported_errors
    from balise.domain.accounts.model import Actor
    from balise.services.panels_survey import published_survey
    from balise.web.panels.survey_views import survey_document

    with reported_errors(), open_container() as container, container.uow() as uow:
        document = survey_document(published_survey(uow, actor=Actor(), slug=slug))
    if output_format is Format.JSON:
        print_json(document)
        return

    def figure(value: float | None) -> str:
        return "" if value is None else f"{value:.2f}"

    print_table(
        ["item", "n", "before", "after", "change", "95% CI"],
        [
            [
                item["code"],
                str(item["n"]),
                *(
                    ["withheld", "", "", ""]
                    if item["withheld"]
                    else [
                        figure(item["before_mean"]),
                        figure(item["after_mean"]),
                        figure(item["difference"]),
                        f"{figure(item['ci_low'])} to {figure(item['ci_high'])}",
                    ]
                ),
            ]
            for item in document["items"]
        ],
    )
