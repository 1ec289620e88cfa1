"""Demo data for the Leonar sandbox: a small, realistic French/European recruiting agency.

Everything is deterministic (uuid5 ids, fixed timestamps, a seeded generator for the LinkedIn
profiles), so tests can rely on the constants below. Records are plain JSON-ready dicts shaped
like the vendor's documentation (as docs/leonar-api.md describes it); `demo_dataset()` builds
a fresh copy each call.
"""

from __future__ import annotations

import random
import unicodedata
import uuid
from dataclasses import dataclass, field
from typing import Any

JSONDict = dict[str, Any]

_NS = uuid.UUID("5b0e2c1e-7f1a-4c52-9a51-1e0a7c0ffee0")


def demo_id(kind: str, name: str) -> str:
    """A deterministic UUID for a demo record (uuid5 of `kind:name`)."""
    return str(uuid.uuid5(_NS, f"{kind}:{name}"))


def slug(text: str) -> str:
    """Lowercase ASCII slug: 'Léa Bernard' -> 'lea-bernard'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = "".join(c if c.isalnum() else "-" for c in ascii_text.lower())
    return "-".join(part for part in out.split("-") if part)


CREATED_AT = "2025-01-15T10:30:00Z"
UPDATED_AT = "2025-01-20T14:00:00Z"

# --- notable ids (for tests and demos) ---------------------------------------------------------

#: Sophie Martin, the contact of the vendor's seed (same id): Senior Software Engineer at
#: Doctolib in Paris, has a work email and a phone, is in the frontend project ("Sourced").
SOPHIE_CONTACT_ID = "a1b2c3d4-5678-90ab-cdef-1234567890ab"
#: Thomas Dubois, Frontend Engineer at Back Market, Paris: no email at all, no phone.
NO_EMAIL_CONTACT_ID = demo_id("contact", "thomas-dubois")
#: Camille Laurent, Lead Frontend Developer at Contentsquare, Paris: has a work email.
WITH_EMAIL_CONTACT_ID = demo_id("contact", "camille-laurent")
#: Hugo Petit (Mirakl, Paris): `do_not_contact: true`.
DO_NOT_CONTACT_ID = demo_id("contact", "hugo-petit")
#: Lucas Faure (LDLC, Lyon): `global_status: "do_not_contact"` (flag itself false).
GLOBAL_DNC_CONTACT_ID = demo_id("contact", "lucas-faure")
#: Nicolas Fontaine (Cegid, Lyon): enrolled in the active "Data engineers – Lyon" sequence.
ENROLLED_CONTACT_ID = demo_id("contact", "nicolas-fontaine")
#: Chloé Mercier (Indy, Lyon): no email; listed in `fail_enrichment_for` by `SandboxState.demo()`
#: so her enrichments fail ("no email found").
ENRICH_FAILS_CONTACT_ID = demo_id("contact", "chloe-mercier")
#: Oliver Smith, Senior Account Executive at GoCardless, London.
LONDON_SALES_CONTACT_ID = demo_id("contact", "oliver-smith")

#: Connected accounts: recruiter active, sales navigator active, everything inactive.
RECRUITER_ACCOUNT_ID = demo_id("account", "alice-recruiter")
SALES_NAV_ACCOUNT_ID = demo_id("account", "bob-sales-navigator")
INACTIVE_ACCOUNT_ID = demo_id("account", "claire-inactive")

#: Projects (all with the 5 stages Sourced, Contacted, Interview, Offer, Hired).
FRONTEND_PROJECT_ID = demo_id("project", "senior-frontend-doctolib")
DATA_PROJECT_ID = demo_id("project", "data-engineers-lyon")
SALES_PROJECT_ID = demo_id("project", "account-executives-london")
BACKEND_PROJECT_ID = demo_id("project", "backend-python-alan")
ARCHIVED_PROJECT_ID = demo_id("project", "product-designer-blablacar")
STAGE_NAMES = ("Sourced", "Contacted", "Interview", "Offer", "Hired")


def stage_id(project_id: str, stage_name: str) -> str:
    """The id of a demo project's stage, e.g. `stage_id(FRONTEND_PROJECT_ID, "Interview")`."""
    return demo_id("stage", f"{project_id}:{stage_name}")


FRONTEND_SOURCED_STAGE_ID = stage_id(FRONTEND_PROJECT_ID, "Sourced")
FRONTEND_INTERVIEW_STAGE_ID = stage_id(FRONTEND_PROJECT_ID, "Interview")

#: Sequences: three active, one paused.
FRONTEND_SEQUENCE_ID = demo_id("sequence", "frontend-outreach")
DATA_SEQUENCE_ID = demo_id("sequence", "data-engineers-lyon")
SALES_SEQUENCE_ID = demo_id("sequence", "account-executives-london")
PAUSED_SEQUENCE_ID = demo_id("sequence", "re-engagement-q1")

#: Deal pipelines and deals.
NEW_BUSINESS_PIPELINE_ID = demo_id("deal-pipeline", "new-business")
RENEWALS_PIPELINE_ID = demo_id("deal-pipeline", "renewals")


def deal_stage_id(pipeline_id: str, stage_name: str) -> str:
    """The id of a demo deal pipeline's stage, e.g. `deal_stage_id(NEW_BUSINESS_PIPELINE_ID, "Proposal")`."""
    return demo_id("deal-stage", f"{pipeline_id}:{stage_name}")


OPEN_DEAL_ID = demo_id("deal", "doctolib-3-senior-engineers")
WON_DEAL_ID = demo_id("deal", "alan-backend-team")
LOST_DEAL_ID = demo_id("deal", "criteo-data-platform")

#: Companies.
DOCTOLIB_COMPANY_ID = demo_id("company", "doctolib")
QONTO_COMPANY_ID = demo_id("company", "qonto")

#: Tags (scope contact).
FRONTEND_TAG_ID = demo_id("tag", "frontend")
SENIOR_TAG_ID = demo_id("tag", "senior")

#: LinkedIn locations (LinkedIn-like numeric ids; the two Paris ones are the seed's).
PARIS_LOCATION_ID = "105015875"
PARIS_AREA_LOCATION_ID = "104482823"
LYON_LOCATION_ID = "102203735"
LONDON_LOCATION_ID = "90009496"
BERLIN_LOCATION_ID = "106967730"

#: The LinkedIn profile of Sophie Martin (same linkedin_url as the contact, so sourcing answers
#: `existing_contact_id` = SOPHIE_CONTACT_ID and `already_in_project` for the frontend project).
SOPHIE_PROFILE_ID = "urn:li:member:123456"


# --- companies ---------------------------------------------------------------------------------

_COMPANIES: list[tuple[str, str, str, str]] = [
    # name, domain, industry, location
    ("Doctolib", "doctolib.com", "Health tech", "Paris, France"),
    ("Criteo", "criteo.com", "Ad tech", "Paris, France"),
    ("Qonto", "qonto.com", "Fintech", "Paris, France"),
    ("Alan", "alan.com", "Insurance", "Paris, France"),
    ("BlaBlaCar", "blablacar.com", "Mobility", "Paris, France"),
    ("Back Market", "backmarket.com", "E-commerce", "Paris, France"),
    ("Contentsquare", "contentsquare.com", "Analytics", "Paris, France"),
    ("Mirakl", "mirakl.com", "E-commerce software", "Paris, France"),
    ("Cegid", "cegid.com", "Business software", "Lyon, France"),
    ("GoCardless", "gocardless.com", "Fintech", "London, United Kingdom"),
    ("Zalando", "zalando.de", "E-commerce", "Berlin, Germany"),
    ("Datadog", "datadoghq.com", "Observability", "Paris, France"),
]

#: company name -> email domain, used when enrichment has to invent a work email.
COMPANY_DOMAINS: dict[str, str] = {name: domain for name, domain, _, _ in _COMPANIES} | {
    "Esker": "esker.com",
    "Indy": "indy.fr",
    "LDLC": "ldlc.com",
    "Revolut": "revolut.com",
    "Wise": "wise.com",
    "Deliveroo": "deliveroo.co.uk",
    "N26": "n26.com",
    "Personio": "personio.de",
    "Delivery Hero": "deliveryhero.com",
    "Swile": "swile.co",
    "OVHcloud": "ovhcloud.com",
    "Glovo": "glovoapp.com",
    "Satispay": "satispay.com",
    "Adyen": "adyen.com",
}


def company_domain(company: str | None) -> str:
    """The email domain of a company (known ones first, else `<slug>.com`)."""
    if not company:
        return "example.com"
    return COMPANY_DOMAINS.get(company) or slug(company).replace("-", "") + ".com"


def _companies() -> list[JSONDict]:
    return [
        {
            "id": demo_id("company", slug(name)),
            "name": name,
            "domain": domain,
            "industry": industry,
            "location": location,
            "created_at": CREATED_AT,
        }
        for name, domain, industry, location in _COMPANIES
    ]


# --- contacts ----------------------------------------------------------------------------------

# first, last, title, company, location, skills, tags, email kind ("work"/"personal"/None), years,
# phone or None
_ContactRow = tuple[str, str, str, str, str, list[str], list[str], str | None, int, str | None]

_CONTACTS: list[_ContactRow] = [
    # Paris: React / TypeScript engineers
    ("Sophie", "Martin", "Senior Software Engineer", "Doctolib", "Paris, France",
     ["React", "TypeScript", "Node.js"], ["frontend", "senior"], "work", 8, "+33612345678"),
    ("Thomas", "Dubois", "Frontend Engineer", "Back Market", "Paris, France",
     ["React", "TypeScript", "Next.js"], ["frontend"], None, 4, None),
    ("Camille", "Laurent", "Lead Frontend Developer", "Contentsquare", "Paris, France",
     ["React", "TypeScript", "GraphQL"], ["frontend", "senior"], "work", 10, "+33623456789"),
    ("Julien", "Moreau", "Full-Stack Engineer", "Qonto", "Paris, France",
     ["TypeScript", "React", "Node.js", "PostgreSQL"], ["frontend", "backend"], None, 6, None),
    ("Léa", "Bernard", "Senior React Developer", "Alan", "Paris, France",
     ["React", "TypeScript", "Redux"], ["frontend", "senior"], "work", 7, None),
    ("Hugo", "Petit", "Software Engineer", "Mirakl", "Paris, France",
     ["React", "Java", "Spring"], ["frontend"], "work", 5, None),
    ("Manon", "Roux", "Frontend Engineer", "Swile", "Paris, France",
     ["Vue.js", "TypeScript", "Nuxt"], ["frontend"], "work", 3, None),
    ("Antoine", "Girard", "Staff Engineer", "Datadog", "Paris, France",
     ["Go", "TypeScript", "Kubernetes"], ["backend", "senior"], "work", 12, "+33634567890"),
    # Lyon: data engineers
    ("Nicolas", "Fontaine", "Senior Data Engineer", "Cegid", "Lyon, France",
     ["Python", "Spark", "Airflow", "SQL"], ["data", "senior"], "work", 9, None),
    ("Chloé", "Mercier", "Data Engineer", "Indy", "Lyon, France",
     ["Python", "dbt", "Snowflake"], ["data"], None, 3, None),
    ("Maxime", "Blanc", "Data Engineer", "Esker", "Lyon, France",
     ["Scala", "Spark", "Kafka"], ["data"], "work", 5, None),
    ("Emma", "Guérin", "Analytics Engineer", "Indy", "Lyon, France",
     ["dbt", "SQL", "Looker"], ["data"], None, 4, None),
    ("Lucas", "Faure", "Lead Data Engineer", "LDLC", "Lyon, France",
     ["Python", "Airflow", "GCP"], ["data", "senior"], "work", 11, None),
    ("Inès", "Chevalier", "Data Engineer", "Cegid", "Lyon, France",
     ["Python", "Kafka", "AWS"], ["data"], None, 2, None),
    ("Paul", "Lambert", "Data Platform Engineer", "Esker", "Lyon, France",
     ["Terraform", "Spark", "Python"], ["data"], "work", 6, None),
    # London: sales
    ("Oliver", "Smith", "Senior Account Executive", "GoCardless", "London, United Kingdom",
     ["SaaS Sales", "Salesforce", "MEDDIC"], ["sales", "senior"], "work", 8, "+447700900123"),
    ("Amelia", "Jones", "Account Executive", "Revolut", "London, United Kingdom",
     ["SaaS Sales", "HubSpot", "Negotiation"], ["sales"], None, 4, None),
    ("Harry", "Taylor", "Sales Development Representative", "Wise", "London, United Kingdom",
     ["Prospecting", "Outreach", "Salesforce"], ["sales"], "work", 2, None),
    ("Charlotte", "Brown", "Enterprise Account Executive", "Datadog", "London, United Kingdom",
     ["Enterprise Sales", "MEDDIC", "Salesforce"], ["sales", "senior"], "work", 9, None),
    ("George", "Wilson", "Head of Sales UK", "Qonto", "London, United Kingdom",
     ["Sales Leadership", "SaaS Sales"], ["sales", "senior"], None, 14, None),
    ("Isla", "Davies", "Business Development Manager", "Deliveroo", "London, United Kingdom",
     ["Partnerships", "Negotiation"], ["sales"], "personal", 6, None),
    ("Jack", "Evans", "SDR Team Lead", "GoCardless", "London, United Kingdom",
     ["Prospecting", "Coaching", "Outreach"], ["sales"], None, 5, None),
    # Berlin / Munich
    ("Lena", "Schmidt", "Backend Engineer", "Zalando", "Berlin, Germany",
     ["Java", "Kotlin", "AWS"], ["backend"], "work", 6, None),
    ("Felix", "Wagner", "Senior Backend Engineer", "N26", "Berlin, Germany",
     ["Go", "Kubernetes", "PostgreSQL"], ["backend", "senior"], None, 9, None),
    ("Anna", "Müller", "Engineering Manager", "Personio", "Munich, Germany",
     ["Leadership", "Java", "Agile"], ["senior"], "work", 13, None),
    ("Jonas", "Becker", "DevOps Engineer", "Delivery Hero", "Berlin, Germany",
     ["Kubernetes", "Terraform", "GCP"], ["backend"], None, 5, None),
    # Paris and elsewhere: a mix
    ("Sarah", "Cohen", "Product Manager", "Doctolib", "Paris, France",
     ["Product Discovery", "SQL", "Figma"], [], "work", 7, None),
    ("Mathieu", "Rousseau", "Backend Developer", "Alan", "Paris, France",
     ["Python", "Django", "PostgreSQL"], ["backend"], "work", 5, None),
    ("Clara", "Vincent", "Python Developer", "Qonto", "Paris, France",
     ["Python", "FastAPI", "PostgreSQL"], ["backend"], None, 3, None),
    ("Romain", "Lefèvre", "Machine Learning Engineer", "Criteo", "Paris, France",
     ["Python", "PyTorch", "Spark"], ["data"], "work", 6, None),
    ("Alice", "Garnier", "Talent Acquisition Partner", "BlaBlaCar", "Paris, France",
     ["Recruiting", "Employer Branding"], [], "work", 5, None),
    ("Pierre", "Durand", "CTO", "Swile", "Montpellier, France",
     ["Leadership", "Architecture", "TypeScript"], ["senior"], "work", 15, "+33645678901"),
    ("Marie", "Lefebvre", "Senior Data Scientist", "Contentsquare", "Paris, France",
     ["Python", "Machine Learning", "SQL"], ["data", "senior"], None, 8, None),
    ("Louis", "Bonnet", "Backend Engineer", "Mirakl", "Bordeaux, France",
     ["Java", "Spring", "Kafka"], ["backend"], "work", 4, None),
    ("Zoé", "Marchand", "Frontend Developer", "BlaBlaCar", "Nantes, France",
     ["Vue.js", "TypeScript", "CSS"], ["frontend"], None, 2, None),
    ("Arthur", "Perrin", "Site Reliability Engineer", "OVHcloud", "Lille, France",
     ["Linux", "Ansible", "Prometheus"], ["backend"], "work", 7, None),
    ("Elena", "García", "Data Engineer", "Glovo", "Barcelona, Spain",
     ["Python", "Airflow", "BigQuery"], ["data"], "work", 5, None),
    ("Marco", "Rossi", "Backend Engineer", "Satispay", "Milan, Italy",
     ["Go", "gRPC", "PostgreSQL"], ["backend"], None, 6, None),
    ("Sven", "de Vries", "Product Designer", "Adyen", "Amsterdam, Netherlands",
     ["Figma", "Design Systems", "User Research"], [], "work", 7, None),
    ("Julia", "Novak", "Engineering Manager", "Back Market", "Paris, France",
     ["Leadership", "React", "Node.js"], ["frontend", "senior"], "work", 11, None),
]

_LANGUAGES_BY_COUNTRY = {
    "France": ["French", "English"],
    "United Kingdom": ["English"],
    "Germany": ["German", "English"],
    "Spain": ["Spanish", "English"],
    "Italy": ["Italian", "English"],
    "Netherlands": ["Dutch", "English"],
}


def _contacts() -> list[JSONDict]:
    out: list[JSONDict] = []
    for first, last, title, company, location, skills, tags, email_kind, years, phone in _CONTACTS:
        name_slug = slug(f"{first} {last}")
        contact_id = SOPHIE_CONTACT_ID if name_slug == "sophie-martin" else demo_id("contact", name_slug)
        emails: list[JSONDict] = []
        if name_slug == "sophie-martin":
            emails.append({"email": "sophie@doctolib.com", "type": "work"})
        elif email_kind == "work":
            local = slug(first).replace("-", "") + "." + slug(last).replace("-", "")
            emails.append({"email": f"{local}@{company_domain(company)}", "type": "work"})
        elif email_kind == "personal":
            emails.append({"email": f"{name_slug.replace('-', '.')}@gmail.com", "type": "personal"})
        country = location.split(", ")[-1]
        out.append(
            {
                "id": contact_id,
                "first_name": first,
                "last_name": last,
                "title": title,
                "current_company": company,
                "location": location,
                "linkedin_profile": f"https://www.linkedin.com/in/{name_slug}",
                "emails": emails,
                "phones": [{"phone": phone, "type": "personal"}] if phone else [],
                "tags": list(tags),
                "global_status": "new",
                "source": "linkedin",
                "summary": None,
                "skills": list(skills),
                "languages": list(_LANGUAGES_BY_COUNTRY.get(country, ["English"])),
                "years_experience": years,
                "custom_data": {},
                "do_not_contact": False,
                "created_at": CREATED_AT,
                "updated_at": UPDATED_AT,
                "last_contacted_at": None,
                "archived_at": None,
            }
        )
    by_id = {c["id"]: c for c in out}
    sophie = by_id[SOPHIE_CONTACT_ID]
    sophie["custom_data"] = {"industry_code": "A12", "vip": True}
    by_id[DO_NOT_CONTACT_ID]["do_not_contact"] = True
    by_id[GLOBAL_DNC_CONTACT_ID]["global_status"] = "do_not_contact"
    by_id[ENROLLED_CONTACT_ID]["global_status"] = "in_sequence"
    by_id[WITH_EMAIL_CONTACT_ID]["global_status"] = "contacted"
    by_id[WITH_EMAIL_CONTACT_ID]["last_contacted_at"] = "2025-01-18T09:12:00Z"
    return out


# --- connected accounts and locations ----------------------------------------------------------


def _accounts() -> list[JSONDict]:
    return [
        {
            "id": RECRUITER_ACCOUNT_ID,
            "name": "Alice Recruiter",
            "license_type": "recruiter",
            "api_status": {"classic": "active", "sales_navigator": "inactive", "recruiter": "active"},
        },
        {
            "id": SALES_NAV_ACCOUNT_ID,
            "name": "Bob Sourcer",
            "license_type": "sales_navigator",
            "api_status": {"classic": "active", "sales_navigator": "active", "recruiter": "inactive"},
        },
        {
            "id": INACTIVE_ACCOUNT_ID,
            "name": "Claire Dupont",
            "license_type": "classic",
            "api_status": {"classic": "inactive", "sales_navigator": "inactive", "recruiter": "inactive"},
        },
    ]


def _locations() -> list[JSONDict]:
    return [
        {"id": PARIS_LOCATION_ID, "title": "Paris, Ile-de-France, France"},
        {"id": PARIS_AREA_LOCATION_ID, "title": "Paris Area, France"},
        {"id": LYON_LOCATION_ID, "title": "Lyon, Auvergne-Rhône-Alpes, France"},
        {"id": "104246759", "title": "Lyon Area, France"},
        {"id": LONDON_LOCATION_ID, "title": "London Area, United Kingdom"},
        {"id": "102257491", "title": "London, England, United Kingdom"},
        {"id": BERLIN_LOCATION_ID, "title": "Berlin, Germany"},
        {"id": "100364837", "title": "Munich, Bavaria, Germany"},
        {"id": "102011674", "title": "Amsterdam, North Holland, Netherlands"},
        {"id": "105088894", "title": "Barcelona, Catalonia, Spain"},
        {"id": "106286722", "title": "Lille, Hauts-de-France, France"},
        {"id": "100994331", "title": "Nantes, Pays de la Loire, France"},
        {"id": "102426254", "title": "Bordeaux, Nouvelle-Aquitaine, France"},
        {"id": "100456013", "title": "Toulouse, Occitanie, France"},
        {"id": "105015876", "title": "France"},
        {"id": "101165590", "title": "United Kingdom"},
        {"id": "101282230", "title": "Germany"},
    ]


# --- LinkedIn profiles (sourcing) --------------------------------------------------------------

_FIRST_NAMES = [
    "Adrien", "Alexandre", "Amandine", "Aurélie", "Baptiste", "Bastien", "Céline", "Charles",
    "Damien", "Élodie", "Florian", "Gabriel", "Guillaume", "Hélène", "Jeanne", "Kevin",
    "Laura", "Mathilde", "Nathan", "Océane", "Pauline", "Quentin", "Raphaël", "Sébastien",
    "Théo", "Valentin", "Yasmine", "Hannah", "James", "Sophia", "Lukas", "Mia",
]
_LAST_NAMES = [
    "Lemoine", "Robin", "Masson", "Gauthier", "Henry", "Nicolas", "Perret", "Colin",
    "Arnaud", "Renard", "Brun", "Roche", "Caron", "Meyer", "Barbier", "Leroy",
    "Clément", "Morel", "Fournier", "Andre", "Walker", "Hughes", "Fischer", "Weber",
]
_JOBS: list[tuple[str, list[str]]] = [
    ("Senior Software Engineer", ["Python", "Go", "PostgreSQL", "AWS"]),
    ("Software Engineer", ["Java", "Spring", "Kafka", "Docker"]),
    ("Backend Developer", ["Python", "Django", "PostgreSQL", "Redis"]),
    ("Frontend Engineer", ["React", "TypeScript", "Next.js", "CSS"]),
    ("Full-Stack Developer", ["TypeScript", "React", "Node.js", "MongoDB"]),
    ("React Developer", ["React", "TypeScript", "Redux", "Jest"]),
    ("Data Engineer", ["Python", "Spark", "Airflow", "dbt"]),
    ("Senior Data Engineer", ["Scala", "Spark", "Kafka", "Snowflake"]),
    ("Machine Learning Engineer", ["Python", "PyTorch", "MLflow", "Kubernetes"]),
    ("DevOps Engineer", ["Kubernetes", "Terraform", "GCP", "Prometheus"]),
    ("Account Executive", ["SaaS Sales", "Salesforce", "MEDDIC", "Negotiation"]),
    ("Sales Development Representative", ["Prospecting", "Outreach", "HubSpot"]),
    ("Engineering Manager", ["Leadership", "Agile", "Hiring", "Architecture"]),
    ("Product Manager", ["Product Discovery", "Roadmapping", "SQL", "Figma"]),
]
_EMPLOYERS = [
    "Doctolib", "Criteo", "Qonto", "Alan", "BlaBlaCar", "Back Market", "Contentsquare",
    "Mirakl", "Datadog", "Cegid", "Esker", "Swile", "OVHcloud", "Ledger", "Algolia",
    "GoCardless", "Revolut", "Zalando", "N26", "Spendesk", "PayFit", "Dataiku",
]
_CITIES = [
    "Paris, Île-de-France, France",
    "Paris, Île-de-France, France",
    "Lyon, Auvergne-Rhône-Alpes, France",
    "London, England, United Kingdom",
    "Berlin, Germany",
    "Lille, Hauts-de-France, France",
    "Nantes, Pays de la Loire, France",
    "Bordeaux, Nouvelle-Aquitaine, France",
    "Barcelona, Catalonia, Spain",
    "Amsterdam, North Holland, Netherlands",
]
_SCHOOLS: list[tuple[str, str, str]] = [
    ("École Polytechnique", "Master of Engineering", "Computer Science"),
    ("CentraleSupélec", "Diplôme d'ingénieur", "Software Engineering"),
    ("INSA Lyon", "Diplôme d'ingénieur", "Computer Science"),
    ("EPITA", "Master", "Software Engineering"),
    ("HEC Paris", "Master in Management", "Business"),
    ("ESSEC Business School", "MSc", "Marketing"),
    ("Imperial College London", "MEng", "Computing"),
    ("Technische Universität Berlin", "M.Sc.", "Informatik"),
    ("Université Claude Bernard Lyon 1", "Master", "Data Science"),
    ("42 Paris", "Certificate", "Software Development"),
]

_PROFILE_COUNT = 60


def _iso_date(year: int, month: int, day: int = 1) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


def _profile(
    rng: random.Random,
    index: int,
    first: str,
    last: str,
    job: tuple[str, list[str]],
    city: str,
    years: float | None = None,
) -> JSONDict:
    title, skills = job
    employer = rng.choice(_EMPLOYERS)
    drawn = round(rng.uniform(1.0, 16.0), 1)
    years = drawn if years is None else years
    start_year = 2025 - int(years)
    current_start = max(start_year, 2025 - rng.randint(1, 4))
    experiences: list[JSONDict] = [
        {
            "title": title,
            "company_name": employer,
            "start_date": _iso_date(current_start, rng.randint(1, 12)),
            "end_date": None,
            "description": f"{title} at {employer}: {', '.join(skills[:2])} day to day.",
            "is_current": True,
        }
    ]
    if current_start > start_year:
        previous = rng.choice([e for e in _EMPLOYERS if e != employer])
        experiences.append(
            {
                "title": title.replace("Senior ", "").replace("Lead ", ""),
                "company_name": previous,
                "start_date": _iso_date(start_year, rng.randint(1, 12)),
                "end_date": _iso_date(current_start - 1, 12, 31),
                "description": f"Worked with {skills[-1]} and {skills[0]}.",
                "is_current": False,
            }
        )
    school, diploma, specialization = rng.choice(_SCHOOLS)
    name_slug = slug(f"{first} {last}")
    return {
        "profile_id": f"urn:li:member:{200000 + index * 7919}",
        "first_name": first,
        "last_name": last,
        "headline": f"{title} at {employer}",
        "picture_url": f"https://media.licdn.com/dms/image/demo/{name_slug}.jpg",
        "location": city,
        "linkedin_url": f"https://www.linkedin.com/in/{name_slug}-{index:03d}",
        "summary": f"{title} with {years:g} years of experience, mostly {skills[0]} and {skills[1]}.",
        "current_job": {"title": title, "company_name": employer},
        "experiences": experiences,
        "educations": [
            {
                "educational_establishment": school,
                "diploma": diploma,
                "specialization": specialization,
                "start_date": _iso_date(start_year - 5, 9),
                "end_date": _iso_date(start_year, 6, 30),
            }
        ],
        "skills": list(skills),
        "total_years_experience": years,
    }


def _sophie_profile() -> JSONDict:
    """The seed's full profile for Sophie Martin (already a contact)."""
    return {
        "profile_id": SOPHIE_PROFILE_ID,
        "first_name": "Sophie",
        "last_name": "Martin",
        "headline": "Senior Software Engineer at Doctolib",
        "picture_url": "https://media.licdn.com/dms/image/example.jpg",
        "location": "Paris, Île-de-France, France",
        "linkedin_url": "https://www.linkedin.com/in/sophie-martin",
        "summary": "Experienced engineer with 8 years in full-stack development...",
        "current_job": {"title": "Senior Software Engineer", "company_name": "Doctolib"},
        "experiences": [
            {
                "title": "Senior Software Engineer",
                "company_name": "Doctolib",
                "start_date": "2021-03-01",
                "end_date": None,
                "description": "Leading backend team, Python/Django stack...",
                "is_current": True,
            },
            {
                "title": "Software Engineer",
                "company_name": "Criteo",
                "start_date": "2018-01-01",
                "end_date": "2021-02-28",
                "description": "Built real-time bidding systems...",
                "is_current": False,
            },
        ],
        "educations": [
            {
                "educational_establishment": "École Polytechnique",
                "diploma": "Master of Engineering",
                "specialization": "Computer Science",
                "start_date": "2014-09-01",
                "end_date": "2018-06-30",
            }
        ],
        "skills": ["Python", "Django", "TypeScript", "PostgreSQL"],
        "total_years_experience": 8.2,
    }


#: The last profiles: Paris developers with 3–8 years, so the demo's suggested sourcing
#: (`/leonar source react developer`, Paris, 3–8 years) and ordinary filters find people.
#: index -> (job, years)
_PARIS_DEVELOPERS: dict[int, tuple[tuple[str, list[str]], float]] = {
    54: (("React Developer", ["React", "TypeScript", "Redux", "Jest"]), 3.5),
    55: (("Senior React Developer", ["React", "TypeScript", "GraphQL", "Storybook"]), 7.4),
    56: (("React Developer", ["React", "Next.js", "TypeScript", "CSS"]), 5.2),
    57: (("Frontend Engineer", ["React", "TypeScript", "Vite", "Playwright"]), 4.1),
    58: (("Full-Stack Developer", ["TypeScript", "React", "Node.js", "PostgreSQL"]), 6.3),
    59: (("Software Engineer", ["Python", "React", "PostgreSQL", "AWS"]), 5.8),
}


def _profiles() -> list[JSONDict]:
    rng = random.Random(20250115)
    out = [_sophie_profile()]
    for index in range(1, _PROFILE_COUNT):
        first = _FIRST_NAMES[(index * 7) % len(_FIRST_NAMES)]
        last = _LAST_NAMES[(index * 5 + index // len(_LAST_NAMES)) % len(_LAST_NAMES)]
        job = _JOBS[index % len(_JOBS)]
        city = _CITIES[(index * 3) % len(_CITIES)]
        years: float | None = None
        if index in _PARIS_DEVELOPERS:
            job, years = _PARIS_DEVELOPERS[index]
            city = _CITIES[0]
        out.append(_profile(rng, index, first, last, job, city, years))
    return out


# --- projects, entries, owners -----------------------------------------------------------------

_STAGE_COLORS = ("#94A3B8", "#3B82F6", "#F59E0B", "#8B5CF6", "#10B981")
_STAGE_CATEGORIES = ("sourced", "contacted", "interview", "offer", "hired")

_PROJECTS: list[tuple[str, str, str, str, str]] = [
    # id, name, client_name, status, created_at
    (FRONTEND_PROJECT_ID, "Senior Frontend Engineers", "Doctolib", "active", "2025-01-06T09:00:00Z"),
    (DATA_PROJECT_ID, "Data Engineers – Lyon", "Cegid", "active", "2025-01-08T09:00:00Z"),
    (SALES_PROJECT_ID, "Account Executives – London", "GoCardless", "active", "2025-01-10T09:00:00Z"),
    (BACKEND_PROJECT_ID, "Backend Python Engineers", "Alan", "active", "2025-01-13T09:00:00Z"),
    (ARCHIVED_PROJECT_ID, "Product Designer", "BlaBlaCar", "archived", "2024-09-02T09:00:00Z"),
]

_OWNERS = [
    {"id": demo_id("user", "alice"), "name": "Alice Recruiter", "email": "alice@agence-talents.fr"},
    {"id": demo_id("user", "bob"), "name": "Bob Sourcer", "email": "bob@agence-talents.fr"},
]


def _projects() -> list[JSONDict]:
    out: list[JSONDict] = []
    for index, (project_id, name, client, status, created_at) in enumerate(_PROJECTS):
        out.append(
            {
                "id": project_id,
                "name": name,
                "status": status,
                "client_name": client,
                "created_at": created_at,
                "pipeline": {
                    "id": demo_id("pipeline", project_id),
                    "stages": [
                        {
                            "id": stage_id(project_id, stage_name),
                            "name": stage_name,
                            "position": position,
                            "system_category": _STAGE_CATEGORIES[position],
                            "color": _STAGE_COLORS[position],
                        }
                        for position, stage_name in enumerate(STAGE_NAMES)
                    ],
                },
                "owners": [dict(_OWNERS[index % len(_OWNERS)])],
            }
        )
    return out


# project id, contact slug, stage name
_ENTRIES: list[tuple[str, str, str]] = [
    (FRONTEND_PROJECT_ID, "sophie-martin", "Sourced"),
    (FRONTEND_PROJECT_ID, "camille-laurent", "Contacted"),
    (FRONTEND_PROJECT_ID, "lea-bernard", "Interview"),
    (FRONTEND_PROJECT_ID, "julia-novak", "Offer"),
    (DATA_PROJECT_ID, "nicolas-fontaine", "Contacted"),
    (DATA_PROJECT_ID, "maxime-blanc", "Sourced"),
    (DATA_PROJECT_ID, "paul-lambert", "Interview"),
    (SALES_PROJECT_ID, "oliver-smith", "Interview"),
    (SALES_PROJECT_ID, "harry-taylor", "Sourced"),
    (BACKEND_PROJECT_ID, "mathieu-rousseau", "Contacted"),
    (ARCHIVED_PROJECT_ID, "sven-de-vries", "Hired"),
]


def _entries() -> list[JSONDict]:
    out: list[JSONDict] = []
    for project_id, contact_slug, stage_name in _ENTRIES:
        contact_id = SOPHIE_CONTACT_ID if contact_slug == "sophie-martin" else demo_id("contact", contact_slug)
        out.append(
            {
                "id": demo_id("entry", f"{project_id}:{contact_slug}"),
                "project_id": project_id,
                "contact_id": contact_id,
                "stage_id": stage_id(project_id, stage_name),
                "rating": None,
                "notes": None,
                "rejection_reason_id": None,
                "created_at": UPDATED_AT,
                "updated_at": UPDATED_AT,
            }
        )
    return out


# --- deals -------------------------------------------------------------------------------------

_DEAL_PIPELINES: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        NEW_BUSINESS_PIPELINE_ID,
        "New business",
        [("Lead", "open"), ("Qualified", "open"), ("Proposal", "open"), ("Negotiation", "open"),
         ("Won", "won"), ("Lost", "lost")],
    ),
    (
        RENEWALS_PIPELINE_ID,
        "Renewals",
        [("Renewal due", "open"), ("In discussion", "open"), ("Renewed", "won"), ("Churned", "lost")],
    ),
]


def _deal_pipelines() -> list[JSONDict]:
    return [
        {
            "id": pipeline_id,
            "name": name,
            "stages": [
                {"id": deal_stage_id(pipeline_id, stage_name), "name": stage_name, "position": i, "category": category}
                for i, (stage_name, category) in enumerate(stages)
            ],
        }
        for pipeline_id, name, stages in _DEAL_PIPELINES
    ]


# id, title, company, pipeline, stage, amount, status, expected close, signed, actual close
_DealRow = tuple[str, str, str, str, str, int, str, str, int | None, str | None]
_DEALS: list[_DealRow] = [
    (OPEN_DEAL_ID, "Recruitment - 3 Senior Engineers", "Doctolib", NEW_BUSINESS_PIPELINE_ID,
     "Proposal", 45000, "open", "2025-03-15", None, None),
    (demo_id("deal", "qonto-sales-team"), "Qonto - 5 Account Executives", "Qonto",
     NEW_BUSINESS_PIPELINE_ID, "Qualified", 60000, "open", "2025-04-30", None, None),
    (demo_id("deal", "backmarket-frontend"), "Back Market - Frontend Lead", "Back Market",
     NEW_BUSINESS_PIPELINE_ID, "Lead", 22000, "open", "2025-05-31", None, None),
    (demo_id("deal", "mirakl-data"), "Mirakl - Data team (2 hires)", "Mirakl",
     NEW_BUSINESS_PIPELINE_ID, "Negotiation", 38000, "open", "2025-03-31", None, None),
    (demo_id("deal", "gocardless-sdr"), "GoCardless - SDR hiring wave", "GoCardless",
     NEW_BUSINESS_PIPELINE_ID, "Lead", 30000, "open", "2025-06-30", None, None),
    (demo_id("deal", "contentsquare-renewal"), "Contentsquare - 2025 retainer renewal",
     "Contentsquare", RENEWALS_PIPELINE_ID, "In discussion", 50000, "open", "2025-02-28", None, None),
    (WON_DEAL_ID, "Alan - Backend team", "Alan", NEW_BUSINESS_PIPELINE_ID, "Won", 40000, "won",
     "2025-01-31", 38000, "2025-01-28"),
    (LOST_DEAL_ID, "Criteo - Data platform", "Criteo", NEW_BUSINESS_PIPELINE_ID, "Lost", 35000,
     "lost", "2025-01-15", None, "2025-01-12"),
]


def _deals() -> list[JSONDict]:
    out: list[JSONDict] = []
    for deal_id, title, company, pipeline_id, stage_name, amount, status, expected, signed, closed in _DEALS:
        out.append(
            {
                "id": deal_id,
                "title": title,
                "amount": amount,
                "currency": "GBP" if company == "GoCardless" else "EUR",
                "status": status,
                "stage": {"id": deal_stage_id(pipeline_id, stage_name), "name": stage_name},
                "pipeline_id": pipeline_id,
                "company": {"id": demo_id("company", slug(company)), "name": company},
                "expected_close_date": expected,
                "signed_amount": signed,
                "actual_close_date": closed,
                "contact_ids": [SOPHIE_CONTACT_ID] if deal_id == OPEN_DEAL_ID else [],
                "created_at": CREATED_AT,
                "updated_at": UPDATED_AT,
            }
        )
    return out


# --- sequences and tags ------------------------------------------------------------------------


def _sequences() -> list[JSONDict]:
    rows = [
        (FRONTEND_SEQUENCE_ID, "Frontend engineers – first touch", "active", 3),
        (DATA_SEQUENCE_ID, "Data engineers – Lyon", "active", 4),
        (SALES_SEQUENCE_ID, "Account Executives – London", "active", 3),
        (PAUSED_SEQUENCE_ID, "Re-engagement Q1", "paused", 2),
    ]
    return [
        {"id": sid, "name": name, "status": status, "steps_count": steps, "created_at": CREATED_AT}
        for sid, name, status, steps in rows
    ]


#: sequence id -> contact ids already enrolled
_ENROLLMENTS: dict[str, list[str]] = {
    DATA_SEQUENCE_ID: [ENROLLED_CONTACT_ID],
    PAUSED_SEQUENCE_ID: [WITH_EMAIL_CONTACT_ID],
}

_TAGS: list[tuple[str, str]] = [
    ("frontend", "#3B82F6"),
    ("backend", "#10B981"),
    ("data", "#F59E0B"),
    ("sales", "#EF4444"),
    ("senior", "#8B5CF6"),
    ("priority", "#EC4899"),
]


def _tags() -> list[JSONDict]:
    return [
        {"id": demo_id("tag", name), "name": name, "color": color, "scope": "contact"}
        for name, color in _TAGS
    ]


# --- the whole dataset -------------------------------------------------------------------------


@dataclass
class DemoData:
    """A fresh copy of every demo record (plain dicts, safe to mutate)."""

    contacts: list[JSONDict] = field(default_factory=_contacts)
    companies: list[JSONDict] = field(default_factory=_companies)
    accounts: list[JSONDict] = field(default_factory=_accounts)
    locations: list[JSONDict] = field(default_factory=_locations)
    profiles: list[JSONDict] = field(default_factory=_profiles)
    projects: list[JSONDict] = field(default_factory=_projects)
    entries: list[JSONDict] = field(default_factory=_entries)
    deal_pipelines: list[JSONDict] = field(default_factory=_deal_pipelines)
    deals: list[JSONDict] = field(default_factory=_deals)
    sequences: list[JSONDict] = field(default_factory=_sequences)
    enrollments: dict[str, list[str]] = field(
        default_factory=lambda: {k: list(v) for k, v in _ENROLLMENTS.items()}
    )
    tags: list[JSONDict] = field(default_factory=_tags)
    #: contacts whose enrichments fail (copied into `SandboxState.fail_enrichment_for`)
    fail_enrichment_for: set[str] = field(default_factory=lambda: {ENRICH_FAILS_CONTACT_ID})


def demo_dataset() -> DemoData:
    """Build a fresh copy of the demo data."""
    return DemoData()
