"""Portal search and the register's API under load, against the same server's cheapest endpoint.

    uv run python benchmarks/register.py
    uv run python benchmarks/register.py --backends sqlite --sizes 1000,10000 --seconds 5

For each database (SQLite, PostgreSQL) the script migrates an empty database, creates sixty
organisations through the services, then grows the register to each size in turn (1,000, 10,000,
100,000 published records by default). Records are synthetic but shaped like real ones: names
and summaries in Dutch and French (some German and English), built from about forty public
services, ten kinds of use and twelve groups of people, so that a typical word matches a few per
cent of the register. They are loaded through the fast path the benchmark alone may use: rows
made by the domain (the record, its frozen version, its portal entry with the public document and
the Snowball stems) and inserted in batches, instead of one publication at a time.

At each size the real app is served by uvicorn on loopback, one worker, rate limits raised out of
the way, and a closed-loop load generator (asyncio, raw HTTP/1.1 keep-alive, `--connections`
concurrent connections) requests, for `--seconds` each after a warm-up:

- `/healthz`, the cheapest endpoint: the ceiling;
- `/systems?q=…`, the portal's search page (HTML), cycling through several hundred different
  searches (the services, groups and uses the records are made of, in four languages, alone and
  in pairs);
- `/api/v1/systems?q=…`, the API's search, same words;
- `/api/v1/systems`, the API's first page by name.

It prints, per endpoint, throughput, p50 and p95 latency and the throughput as a share of the
ceiling, and checks the targets: search p95 ≤ 50 ms and search throughput ≥ 25 % of the ceiling.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa

from balise.adapters.db import tables as t
from balise.adapters.db.engine import make_engine
from balise.adapters.db.register_repositories import SystemRepository
from balise.adapters.db.stemming import stemmed
from balise.bootstrap import Container
from balise.config import Settings
from balise.domain.accounts.model import Actor, Role, User
from balise.domain.organisations.model import (
    Level,
    Organisation,
    OrganisationKind,
    Sector,
    SizeClass,
)
from balise.domain.register.model import RecordVersion, State, SystemRecord, slugify
from balise.domain.register.portal import portal_entry
from balise.domain.register.standard import STANDARD_VERSION
from balise.domain.shared.i18n import LANGUAGES, Language, LocalizedText
from balise.services import organisations

ROOT = Actor(user=User(email="bench@balise.test", display_name="Bench", role=Role.ADMIN, id=0))
BATCH = 2_000

# Each: the Dutch, French, German and English words.
SERVICES = [
    ("kinderbijslag", "allocations familiales", "Kindergeld", "child benefit"),
    ("studietoelage", "allocation d'études", "Studienbeihilfe", "study grant"),
    ("toelage voor kinderopvang", "allocation de garde", "Betreuungszuschuss", "childcare grant"),
    ("huurtoelage", "allocation de loyer", "Mietzuschuss", "rent allowance"),
    ("werkloosheidsuitkering", "allocation de chômage", "Arbeitslosengeld", "jobseeker benefit"),
    ("parkeervergunning", "permis de stationnement", "Parkausweis", "parking permit"),
    ("bouwvergunning", "permis de bâtir", "Baugenehmigung", "building permit"),
    ("belastingaangifte", "déclaration d'impôt", "Steuererklärung", "tax return"),
    ("afvalinzameling", "collecte des déchets", "Abfallsammlung", "waste collection"),
    ("verkeersboete", "amende de circulation", "Verkehrsbußgeld", "traffic fine"),
    ("sociale woning", "logement social", "Sozialwohnung", "social housing"),
    ("leefloon", "revenu d'intégration", "Eingliederungseinkommen", "integration income"),
    ("ziekteverzekering", "assurance maladie", "Krankenversicherung", "health insurance"),
    ("vacature", "offre d'emploi", "Stellenangebot", "job vacancy"),
    ("schoolinschrijving", "inscription scolaire", "Schulanmeldung", "school enrolment"),
    ("energiepremie", "prime énergie", "Energieprämie", "energy grant"),
    ("renovatiepremie", "prime à la rénovation", "Renovierungsprämie", "renovation grant"),
    ("fraudeopsporing", "détection de fraude", "Betrugserkennung", "fraud detection"),
    ("kredietaanvraag", "demande de crédit", "Kreditantrag", "credit application"),
    ("patiëntendossier", "dossier patient", "Patientenakte", "patient record"),
    ("wachtlijst", "liste d'attente", "Warteliste", "waiting list"),
    ("huisvuilbelasting", "taxe sur les déchets", "Müllgebühr", "waste tax"),
    ("rijbewijs", "permis de conduire", "Führerschein", "driving licence"),
    ("identiteitskaart", "carte d'identité", "Personalausweis", "identity card"),
    ("verblijfsvergunning", "titre de séjour", "Aufenthaltstitel", "residence permit"),
    ("asielaanvraag", "demande d'asile", "Asylantrag", "asylum application"),
    ("pensioen", "pension", "Rente", "pension"),
    ("zorgbudget", "budget de soins", "Pflegebudget", "care budget"),
    ("mantelzorgpremie", "prime d'aidant proche", "Pflegeprämie", "carer grant"),
    ("hospitalisatie", "hospitalisation", "Krankenhausaufenthalt", "hospital stay"),
    ("spoedopname", "admission aux urgences", "Notaufnahme", "emergency admission"),
    ("bibliotheekpas", "carte de bibliothèque", "Bibliotheksausweis", "library card"),
    ("sportsubsidie", "subside sportif", "Sportförderung", "sports subsidy"),
    ("cameratoezicht", "vidéosurveillance", "Videoüberwachung", "video surveillance"),
    ("nummerplaatherkenning", "lecture de plaques", "Kennzeichenerkennung", "plate recognition"),
    ("klantendienst", "service clientèle", "Kundendienst", "customer service"),
    ("verzekeringsclaim", "déclaration de sinistre", "Versicherungsfall", "insurance claim"),
    ("kredietscore", "score de crédit", "Kreditwürdigkeit", "credit score"),
    ("sollicitatie", "candidature", "Bewerbung", "job application"),
    ("examenrooster", "horaire d'examens", "Prüfungsplan", "exam timetable"),
]
USES = [
    ("Toekenning van", "Attribution de", "Vergabe von", "Granting"),
    ("Controle van", "Contrôle de", "Prüfung von", "Checking"),
    ("Rangschikking van aanvragen voor", "Classement des demandes de", "Reihung für", "Ranking"),
    ("Chatbot over", "Assistant conversationnel pour", "Chatbot zu", "Chatbot for"),
    ("Voorspelling van de vraag naar", "Prévision de la demande de", "Prognose zu", "Forecasting"),
    ("Vertaling van brieven over", "Traduction des courriers sur", "Übersetzung zu", "Translating"),
    ("Risicoscore voor", "Score de risque pour", "Risikobewertung für", "Risk scoring of"),
    ("Planning van", "Planification de", "Planung von", "Planning"),
    ("Samenvatting van dossiers over", "Résumé des dossiers de", "Zusammenfassung zu", "Summaries"),
    ("Sortering van post over", "Tri du courrier sur", "Postsortierung zu", "Sorting mail on"),
]
GROUPS = [
    ("inwoners", "habitants", "Einwohner", "residents"),
    ("studenten", "étudiants", "Studierende", "students"),
    ("gezinnen", "familles", "Familien", "families"),
    ("werkzoekenden", "demandeurs d'emploi", "Arbeitsuchende", "jobseekers"),
    ("ondernemingen", "entreprises", "Unternehmen", "businesses"),
    ("patiënten", "patients", "Patienten", "patients"),
    ("huurders", "locataires", "Mieter", "tenants"),
    ("ouderen", "personnes âgées", "ältere Menschen", "older people"),
    ("jongeren", "jeunes", "Jugendliche", "young people"),
    ("klanten", "clients", "Kunden", "customers"),
    ("verzoekers", "demandeurs", "Antragsteller", "applicants"),
    ("bestuurders", "conducteurs", "Fahrer", "drivers"),
]
FILLER = {
    "nl": [
        "Een medewerker bekijkt elk voorstel voordat er iets beslist wordt.",
        "Het model werd getraind op gegevens van de voorbije vijf jaar.",
        "De resultaten worden elk kwartaal gecontroleerd op vertekening.",
        "Burgers kunnen altijd om uitleg vragen bij de dienst.",
    ],
    "fr": [
        "Un agent examine chaque proposition avant toute décision.",
        "Le modèle a été entraîné sur les données des cinq dernières années.",
        "Les résultats sont contrôlés chaque trimestre pour détecter les biais.",
        "Les citoyens peuvent toujours demander une explication au service.",
    ],
    "de": [
        "Eine Mitarbeiterin prüft jeden Vorschlag vor einer Entscheidung.",
        "Das Modell wurde mit Daten der letzten fünf Jahre trainiert.",
    ],
    "en": [
        "An officer reviews every proposal before anything is decided.",
        "The model was trained on data from the past five years.",
    ],
}
ORDER = {"nl": 0, "fr": 1, "de": 2, "en": 3}


def organisations_for(count: int) -> list[Organisation]:
    levels = list(Level)
    sectors = list(Sector)
    made = []
    for number in range(count):
        level = levels[number % len(levels)]
        kind = OrganisationKind.COMPANY if level is Level.PRIVATE else OrganisationKind.PUBLIC_BODY
        made.append(
            Organisation(
                slug=f"organisation-{number}",
                name=LocalizedText(nl=f"Organisatie {number}", fr=f"Organisation {number}"),
                kind=kind,
                level=level,
                size_class=SizeClass.LARGE,
                sector=sectors[number % len(sectors)],
            )
        )
    return made


def synthetic_values(rng: random.Random) -> tuple[dict[str, Any], Language]:
    service, use, group = rng.choice(SERVICES), rng.choice(USES), rng.choice(GROUPS)
    default = rng.choices(["nl", "fr", "de"], weights=[55, 40, 5])[0]
    languages = {default, "fr" if default == "nl" else "nl"} if rng.random() < 0.6 else {default}
    if rng.random() < 0.2:
        languages.add("en")
    if rng.random() < 0.1:
        languages.add("de")
    names, summaries, purposes, affected = {}, {}, {}, {}
    for code in sorted(languages, key=ORDER.get):
        at = ORDER[code]
        names[code] = f"{use[at]} {service[at]}"
        summaries[code] = f"{use[at]} {service[at]} ({group[at]}). {rng.choice(FILLER[code])}"
        purposes[code] = " ".join(rng.sample(FILLER[code], 2))
        affected[code] = group[at]
    revision = date(2026, 1, 1) + timedelta(days=rng.randrange(-400, 800))
    values = {
        "name": names,
        "description_short": summaries,
        "intended_purpose": purposes,
        "affected_groups": affected,
        "decision_type": rng.choice(["decision_support", "information_only", "fully_automated"]),
        "lifecycle_status": rng.choice(["in_use", "in_use", "pilot", "development", "retired"]),
        "risk_category": rng.choice(["not_assessed", "high_risk", "minimal", "transparency_only"]),
        "contact_email": "ai@example.be",
        "contact_name": "Internal Contact",
        "human_intervention": {code: rng.choice(FILLER[code]) for code in names},
        "oversight_mode": "in_the_loop",
        "objection_procedure": {code: rng.choice(FILLER[code]) for code in names},
        "explanation_channel": "https://example.be/uitleg",
        "tags": [service[0].split()[0], group[0]],
        "revision_date": revision.isoformat(),
    }
    return values, Language(default)


def load_records(
    container: Container,
    organisations: list[Organisation],
    *,
    first_id: int,
    count: int,
    rng: random.Random,
) -> None:
    """The fast path: rows the domain makes, inserted in batches."""
    now = datetime.now(UTC)
    sqlite = container.engine.dialect.name == "sqlite"
    fts = sa.text(
        "INSERT INTO portal_search_fts (rowid, fr, nl, de, en) VALUES (:rowid, :fr, :nl, :de, :en)"
    )
    vectors = sa.text(
        "INSERT INTO portal_search_fts (system_id, fr, nl, de, en) VALUES (:id, "
        "to_tsvector('french', :fr), to_tsvector('dutch', :nl), "
        "to_tsvector('german', :de), to_tsvector('english', :en))"
    )
    for start in range(first_id, first_id + count, BATCH):
        systems, versions, portal, search, stems = [], [], [], [], []
        for system_id in range(start, min(start + BATCH, first_id + count)):
            organisation = organisations[system_id % len(organisations)]
            assert organisation.id is not None
            values, default = synthetic_values(rng)
            name = values["name"][default.value]
            record = SystemRecord(
                slug=f"{slugify(name)[:60]}-{system_id}",
                organisation_id=organisation.id,
                default_language=default,
                values=values,
                state=State.PUBLISHED,
                version=1,
                uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                id=system_id,
            )
            version = RecordVersion(
                system_id=system_id,
                number=1,
                values=values,
                visibility=record.visibility,
                default_language=default,
                checked_languages=(),
                standard_version=STANDARD_VERSION,
                published_at=now,
            )
            entry = portal_entry(record, version, organisation, first_published_at=now)
            systems.append(
                {
                    **SystemRepository._values(record),  # the fast path
                    "id": system_id,
                    "uuid": record.uuid,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            versions.append(
                {
                    "system_id": system_id,
                    "number": 1,
                    "fields": values,
                    "visibility": {k: v.value for k, v in version.visibility.items()},
                    "default_language": default.value,
                    "checked_languages": [],
                    "standard_version": STANDARD_VERSION,
                    "published_at": now,
                    "note": "",
                }
            )
            portal.append(
                {
                    "system_id": system_id,
                    "slug": entry.slug,
                    "organisation_id": entry.organisation_id,
                    "version": 1,
                    "published_at": now,
                    "first_published_at": now,
                    "withdrawn": False,
                    "withdrawal_reason": "",
                    "revision_date": entry.revision_date,
                    "risk_category": entry.risk_category,
                    "lifecycle_status": entry.lifecycle_status,
                    "level": entry.level,
                    "sector": entry.sector,
                    "languages": ",".join(language.value for language in entry.languages),
                    "sort_name": entry.sort_name[:200],
                    "document": entry.document,
                }
            )
            texts = {lang.value: entry.search_texts.get(lang, "") for lang in LANGUAGES}
            search.append({"system_id": system_id, **texts})
            if sqlite:
                stems.append(
                    {
                        "rowid": system_id,
                        **{
                            lang.value: stemmed(entry.search_texts.get(lang, ""), lang)
                            for lang in LANGUAGES
                        },
                    }
                )
        with container.engine.begin() as connection:
            connection.execute(t.systems.insert(), systems)
            connection.execute(t.system_versions.insert(), versions)
            connection.execute(t.portal_systems.insert(), portal)
            connection.execute(t.portal_search.insert(), search)
            if stems:
                connection.execute(fts, stems)
            else:
                connection.execute(vectors, [{"id": row.pop("system_id"), **row} for row in search])
    # What autovacuum does after a bulk load on PostgreSQL (statistics, and the visibility map
    # that lets counts read the indexes alone); SQLite only needs the statistics.
    command = "ANALYZE" if sqlite else "VACUUM ANALYZE"
    with container.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text(command))


# --- The server ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(
    settings: Settings, port: int, app: str = "balise.cli.serve:app_from_environment"
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "BALISE_DATABASE_URL": settings.resolved_database_url,
        "BALISE_DATA_DIR": str(settings.data_dir),
        "BALISE_SECRET_KEY": "benchmark",
        "BALISE_RATE_LIMIT_API": "1000000/second",
        "BALISE_RATE_LIMIT_WRITES": "1000000/second",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            app,
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
    )
    deadline = time.monotonic() + 180  # a loaded machine imports the app slowly
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


# --- The load generator --------------------------------------------------------------------------


@dataclass
class Measurement:
    label: str
    requests: int
    seconds: float
    latencies: list[float]
    failures: int

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


async def _connection(
    port: int, paths: Iterator[str], until: float, latencies: list[float], failed: list[int]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until:
            path = next(paths)
            started = time.perf_counter()
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: nl\r\n\r\n".encode()
            )
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            length = next(
                (
                    int(line.split(":", 1)[1])
                    for line in lines
                    if line.lower().startswith("content-length:")
                ),
                0,
            )
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                failed[0] += 1
    finally:
        writer.close()


async def _load(port: int, paths: list[str], connections: int, seconds: float) -> Measurement:
    cycle = itertools.cycle(paths)
    latencies: list[float] = []
    failed = [0]
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(
        *(_connection(port, cycle, until, latencies, failed) for _ in range(connections))
    )
    return Measurement("", len(latencies), time.perf_counter() - started, latencies, failed[0])


def measure(
    label: str, port: int, paths: list[str], *, connections: int, seconds: float, warmup: float
) -> Measurement:
    asyncio.run(_load(port, paths, connections, warmup))
    result = asyncio.run(_load(port, paths, connections, seconds))
    result.label = label
    return result


def queries(seed: int) -> list[str]:
    """What people type: a service, a group of people or a kind of use, in any of the four
    languages, sometimes a service with a group, shuffled: several hundred different searches,
    so that no cache along the way answers the same question over and over."""
    rng = random.Random(seed)
    words = sorted({text for row in (*SERVICES, *GROUPS, *USES[:4]) for text in row})
    pairs = [  # a service and a group of people, in the same language: both in some records
        f"{service[at]} {group[at]}"
        for service, group in zip(rng.sample(SERVICES, 40), rng.choices(GROUPS, k=40), strict=True)
        for at in range(4)
    ]
    found = words + pairs
    rng.shuffle(found)
    return found


QUERIES = queries(7)


def endpoints() -> dict[str, list[str]]:
    return {
        "ceiling: /healthz": ["/healthz"],
        "portal search /systems?q=": [f"/systems?q={quote(q)}" for q in QUERIES],
        "API search /api/v1/systems?q=": [f"/api/v1/systems?q={quote(q)}" for q in QUERIES],
        "API list /api/v1/systems": ["/api/v1/systems"],
    }


# --- The run -------------------------------------------------------------------------------------


def prepare(backend: str, folder: Path, postgres: str) -> tuple[Settings, str | None]:
    if backend == "sqlite":
        return Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'bench.sqlite3'}"), None
    name = f"balise_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(f"{postgres}/postgres")
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return Settings(data_dir=folder, database_url=f"{postgres}/{name}"), name


def drop(postgres: str, name: str) -> None:
    admin = make_engine(f"{postgres}/postgres")
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def run_backend(backend: str, sizes: list[int], args: argparse.Namespace) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        settings, database = prepare(backend, Path(folder), args.postgres)
        container = Container(settings)
        try:
            container.migrate()
            with container.uow() as uow:
                made = [
                    organisations.create_organisation(uow, actor=ROOT, organisation=o)
                    for o in organisations_for(60)
                ]
                uow.commit()
            rng = random.Random(args.seed)
            loaded = 0
            for size in sizes:
                started = time.perf_counter()
                load_records(container, made, first_id=loaded + 1, count=size - loaded, rng=rng)
                print(
                    f"{backend}: loaded {size - loaded:,} records in "
                    f"{time.perf_counter() - started:.1f} s",
                    flush=True,
                )
                loaded = size
                port = free_port()
                server = start_server(settings, port)
                try:
                    results = [
                        measure(
                            label,
                            port,
                            paths,
                            connections=args.connections,
                            seconds=args.seconds,
                            warmup=args.warmup,
                        )
                        for label, paths in endpoints().items()
                    ]
                finally:
                    server.terminate()
                    server.wait(30)
                ceiling = results[0].throughput
                for result in results:
                    row = {
                        "backend": backend,
                        "records": size,
                        "endpoint": result.label,
                        "throughput": result.throughput,
                        "p50": result.percentile(0.50),
                        "p95": result.percentile(0.95),
                        "share": result.throughput / ceiling,
                        "failures": result.failures,
                    }
                    rows.append(row)
                    print(
                        f"{backend:10} {size:>7,} {result.label:32} "
                        f"{row['throughput']:7.0f} req/s  p50 {row['p50']:6.1f} ms  "
                        f"p95 {row['p95']:6.1f} ms  {row['share']:6.1%} of ceiling"
                        + (f"  {result.failures} failed" if result.failures else ""),
                        flush=True,
                    )
        finally:
            container.dispose()
            if database:
                drop(args.postgres, database)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BALISE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432"),
        help="PostgreSQL server where a scratch database is created and dropped",
    )
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    rows = []
    for backend in args.backends.split(","):
        rows.extend(run_backend(backend, sizes, args))
    print("\n| database | records | endpoint | req/s | p50 ms | p95 ms | share of ceiling |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(
            f"| {row['backend']} | {row['records']:,} | {row['endpoint']} | "
            f"{row['throughput']:,.0f} | {row['p50']:.1f} | {row['p95']:.1f} | {row['share']:.0%} |"
        )
    searches = [row for row in rows if "search" in row["endpoint"]]
    met = all(row["p95"] <= 50 and row["share"] >= 0.25 for row in searches)
    failures = sum(row["failures"] for row in rows)
    print(f"\nTargets (search p95 ≤ 50 ms, ≥ 25 % of the ceiling): {'met' if met else 'NOT met'}")
    if failures:
        print(f"{failures} requests did not answer 200")
    sys.exit(0 if met and not failures else 1)


if __name__ == "__main__":
    main()
