"""Each page's <head> data: its own description, Google Scholar's citation_* tags, OpenGraph
and schema.org JSON-LD, as plain tuples and dicts. The markup is theme/fragments/_head.html.j2.

Scholar reads Highwire Press tags (scholar.google.com/intl/en/scholar/inclusion.html): one
citation_author per author in order, citation_publication_date as YYYY/MM/DD or YYYY, and
the container tag of the entry's type (load/entry_types.py's ``scholar`` column).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from ..load.entry_types import entry_type
from ..model import Entry, Name, Output, Person, Programme, Settings
from ..text.markup import plain_text
from .plan import Page, url_of

DESCRIPTION_LENGTH = 200
SCHEMA_TYPES = {"article-journal": "ScholarlyArticle", "paper-conference": "ScholarlyArticle",
                "article": "ScholarlyArticle", "chapter": "Chapter", "book": "Book",
                "thesis": "Thesis", "report": "Report", "dataset": "Dataset",
                "motion_picture": "VideoObject"}
# BibTeX field -> Scholar tag, in the order the tags are written.
SCHOLAR_FIELDS = (("volume", "citation_volume"), ("number", "citation_issue"),
                  ("doi", "citation_doi"), ("pmid", "citation_pmid"),
                  ("isbn", "citation_isbn"), ("issn", "citation_issn"),
                  ("publisher", "citation_publisher"))
REPORT_NUMBER = "citation_technical_report_number"
JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


@dataclass(frozen=True)
class Head:
    description: str  # plain text; the fragment escapes it
    meta: tuple[tuple[str, str], ...] = ()  # <meta name content>
    og: tuple[tuple[str, str], ...] = ()  # <meta property content>
    json_ld: Mapping | None = None
    feeds: tuple[tuple[str, str], ...] = ()  # (title, href) of Atom feeds


def page_head(page: Page, settings: Settings, site_url: str, directory_urls: bool,
              feeds: tuple[tuple[str, str], ...] = ()) -> Head:
    """The head of one page; ``site_url`` "" when the site's address is not known."""
    url = absolute_url(site_url, url_of(page.path, directory_urls)) if site_url else ""
    description, og_type, json_ld = describe(page, settings, url)
    og = [("og:title", plain_title(page.title)), ("og:type", og_type),
          ("og:description", description), ("og:site_name", plain_title(settings.title))]
    item = page.context.get("item")
    meta = scholar_tags(item.record, url) if item and isinstance(item.record, Entry) else []
    return Head(description, tuple(meta), tuple(og + ([("og:url", url)] if url else [])),
                json_ld, feeds)


def absolute_url(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def describe(page: Page, settings: Settings, url: str) -> tuple[str, str, Mapping | None]:
    """(description, og:type, JSON-LD) by the kind of page."""
    context, kind = page.context, page.template.split(".")[0]
    if "item" in context:
        item = context["item"]
        if isinstance(item.record, Entry):
            return entry_description(item), "article", entry_json_ld(item, url)
        return output_description(item.record), "article", output_json_ld(item, url)
    if kind == "programme":
        return (shorten(plain_text(context["programme"].summary)), "website",
                programme_json_ld(context["programme"], context, settings, url))
    if kind == "person":
        return person_description(context["person"]), "profile", \
            person_json_ld(context["person"], settings, url)
    if kind == "home":
        return shorten(plain_text(settings.description)), "website", {
            "@context": "https://schema.org", "@type": "WebSite",
            "name": plain_title(settings.title), **({"url": url} if url else {})}
    return shorten(page_summary(page, settings)), "website", None


def page_summary(page: Page, settings: Settings) -> str:
    count = page.context.get("count")
    text = f"{plain_title(page.title)} of {plain_title(settings.title)}"
    return f"{text}: {count} in all." if count is not None else f"{text}."


def plain_title(title: str) -> str:
    """A title as plain text: the <i>, <b>, <sub> and <sup> that titles may hold dropped."""
    return re.sub(r"</?(?:i|b|sub|sup)>", "", title)


def shorten(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def entry_description(item) -> str:
    entry = item.record
    if entry.get("abstract"):
        return shorten(entry.get("abstract"))
    return shorten(item.citation.text if item.citation else plain_title(entry.title))


def output_description(output: Output) -> str:
    return shorten(plain_text(output.summary) if output.summary else plain_title(output.title))


def person_description(person: Person) -> str:
    where = f" ({person.affiliation})" if person.affiliation else ""
    return shorten(f"{person.name}{where}" + (f": {person.role}" if person.role else ""))


def author_name(name: Name) -> str:
    """An author as Scholar reads one: 'Family, Given', or a group's name whole."""
    if name.literal:
        return name.literal
    family = " ".join(p for p in (name.particle, name.family) if p)
    return ", ".join(p for p in (family, name.given) if p)


def scholar_date(date: tuple[int, ...]) -> str:
    """YYYY/MM/DD for a full date, YYYY otherwise (Scholar reads no month alone)."""
    return "/".join(f"{part:02d}" for part in date) if len(date) == 3 else f"{date[0]:04d}"


def iso_date(date: tuple[int, ...]) -> str:
    return "-".join(f"{part:02d}" if i else f"{part:04d}" for i, part in enumerate(date))


def page_range(pages: str) -> tuple[str, str]:
    parts = [p.strip() for p in re.split(r"[-–—]+", pages) if p.strip()]
    return (parts[0], parts[-1] if len(parts) > 1 else "") if parts else ("", "")


def container(entry: Entry) -> tuple[str, str]:
    """(Scholar tag, value) of where the entry appeared; a presentation's event if nothing else."""
    tag, fields = entry_type(entry.bibtype).scholar or ("", ())
    if not tag and entry.kind == "presentation":
        tag, fields = "citation_conference_title", ("eventtitle", "booktitle")
    value = plain_title(next((entry.get(f) for f in fields if entry.get(f)), ""))
    return (tag, value) if tag and value else ("", "")


def pdf_url(entry: Entry) -> str:
    url = entry.get("url")
    return url if re.search(r"\.pdf(?:[?#].*)?$", url, re.IGNORECASE) else ""


def scholar_tags(entry: Entry, url: str) -> list[tuple[str, str]]:
    tags = [("citation_title", plain_title(entry.title))]
    tags += [("citation_author", author_name(name)) for name in entry.authors]
    if entry.date:
        tags.append(("citation_publication_date", scholar_date(entry.date)))
    tags += [container(entry)] if container(entry)[0] else []
    is_report = entry_type(entry.bibtype).scholar[:1] == ("citation_technical_report_institution",)
    for field, tag in SCHOLAR_FIELDS:
        if entry.get(field):
            tags.append((REPORT_NUMBER if is_report and field == "number" else tag, entry.get(field)))
    first, last = page_range(entry.get("pages"))
    tags += [("citation_firstpage", first)] if first else []
    tags += [("citation_lastpage", last)] if last else []
    tags += [("citation_abstract_html_url", url)] if url else []
    tags += [("citation_pdf_url", pdf_url(entry))] if pdf_url(entry) else []
    return tags


def person_ld(name: Name) -> dict:
    if name.literal:
        return {"@type": "Organization", "name": name.literal}
    return {"@type": "Person", "name": " ".join(p for p in (name.given, name.particle,
                                                           name.family) if p)}


def member_ld(person: Person) -> dict:
    links = [f"https://orcid.org/{person.orcid}"] if person.orcid else []
    links += [person.url] if person.url else []
    return {"@type": "Person", "name": person.name, **({"sameAs": links} if links else {})}


def entry_json_ld(item, url: str) -> dict:
    entry = item.record
    kind = "PresentationDigitalDocument" if entry.kind == "presentation" else \
        SCHEMA_TYPES.get(entry_type(entry.bibtype).csl, "CreativeWork")
    data = {"@context": "https://schema.org", "@type": kind, "name": plain_title(entry.title),
            "author": [person_ld(name) for name in entry.authors]}
    data |= {"datePublished": iso_date(entry.date)} if entry.date else {}
    data |= part_of(entry)
    if entry.get("doi"):
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI",
                              "value": entry.get("doi")}
        data["sameAs"] = f"https://doi.org/{entry.get('doi')}"
    data |= {"pagination": entry.get("pages")} if entry.get("pages") else {}
    data |= {"abstract": entry.get("abstract")} if entry.get("abstract") else {}
    return data | ({"url": url} if url else {})


def part_of(entry: Entry) -> dict:
    tag, value = container(entry)
    if entry.kind == "presentation" and entry.get("eventtitle"):
        return {"recordedAt": {"@type": "Event", "name": entry.get("eventtitle")}}
    kinds = {"citation_journal_title": "Periodical", "citation_book_title": "Book"}
    if tag in kinds:
        return {"isPartOf": {"@type": kinds[tag], "name": value}}
    if tag in ("citation_dissertation_institution", "citation_technical_report_institution"):
        return {"sourceOrganization": {"@type": "Organization", "name": value}}
    return {"isPartOf": {"@type": "Event", "name": value}} if value else {}


def output_json_ld(item, url: str) -> dict:
    output = item.record
    data = {"@context": "https://schema.org",
            "@type": "VideoObject" if output.kind == "video" else "CreativeWork",
            "name": plain_title(output.title)}
    data |= {"description": plain_text(output.summary)} if output.summary else {}
    data |= {"dateCreated": str(output.year)} if output.year else {}
    data |= {"author": [member_ld(p) for p in item.people]} if item.people else {}
    data |= {"contributor": [{"@type": "Organization", "name": name}
                             for name in output.partners]} if output.partners else {}
    data |= {"inLanguage": list(output.languages)} if output.languages else {}
    return data | ({"url": url} if url else {})


def person_json_ld(person: Person, settings: Settings, url: str) -> dict:
    data = {"@context": "https://schema.org", **member_ld(person)}
    data |= {"description": person.role} if person.role else {}
    group = {"@type": "Organization", "name": plain_title(settings.title)}
    data |= {"affiliation": {"@type": "Organization", "name": person.affiliation}} \
        if person.affiliation else {"memberOf": group}
    return data | ({"url": url} if url else {})


def programme_json_ld(programme: Programme, context: Mapping, settings: Settings,
                      url: str) -> dict:
    members = [member_ld(p) for p in (*context["leads"], *context["people"])]
    members += [{"@type": "Organization", "name": p.name, **({"url": p.url} if p.url else {})}
                for p in programme.partners]
    data = {"@context": "https://schema.org", "@type": "ResearchProject",
            "name": plain_title(programme.title), "description": plain_text(programme.summary),
            "parentOrganization": {"@type": "Organization", "name": plain_title(settings.title)}}
    data |= {"member": members} if members else {}
    return data | ({"url": url} if url else {})


def script_json(data: Mapping) -> Markup:
    """JSON for a <script type="application/ld+json">: nothing in it can end the script."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(re.sub("[<>&]", lambda m: JSON_ESCAPES[m.group()], text))


def robots_txt(site_url: str) -> str:
    """Crawlers welcome everywhere; the sitemap named when the site has an address."""
    sitemap = f"Sitemap: {absolute_url(site_url, 'sitemap.xml')}\n" if site_url else ""
    return f"User-agent: *\nAllow: /\n{sitemap}"
