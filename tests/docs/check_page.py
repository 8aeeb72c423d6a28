#!/usr/bin/env python3
"""Checks the DOM Chromium rendered of a service's reference page against its OpenRPC document:
every method (and callback) has its section and its entry in the navigation, every type and
error of the document has a section, and every link inside the page leads to an element.

    check_page.py DOCUMENT DOM
"""

import html.parser
import json
import sys


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links, self.nav_links, self.sections, self.in_nav = set(), [], [], set(), False

    def handle_starttag(self, tag, attributes):
        attributes = dict(attributes)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "section":
            self.sections.add(attributes.get("id"))
        if tag == "nav":
            self.in_nav = True
        if tag == "a" and attributes.get("href", "").startswith("#"):
            self.links.append(attributes["href"][1:])
            if self.in_nav:
                self.nav_links.append(attributes["href"][1:])

    def handle_endtag(self, tag):
        if tag == "nav":
            self.in_nav = False


def main():
    document = json.load(open(sys.argv[1]))
    page = Page()
    page.feed(open(sys.argv[2]).read())
    problems = []
    for kind, methods in (("method", document.get("methods", [])), ("callback", document.get("x-rpcforge-callbacks", []))):
        for method in methods:
            anchor = f"{kind}-{method['name']}"
            if anchor not in page.sections:
                problems.append(f"no section for the {kind} {method['name']}")
            if anchor not in page.nav_links:
                problems.append(f"the navigation does not list the {kind} {method['name']}")
    components = document.get("components", {})
    type_sections = [s for s in page.sections if s and s.startswith("type-")]
    error_sections = [s for s in page.sections if s and s.startswith("error-")]
    if len(type_sections) < len(components.get("schemas", {})):
        problems.append(f"{len(components.get('schemas', {}))} schemas, {len(type_sections)} type sections")
    if len(error_sections) != len(components.get("errors", {})):
        problems.append(f"{len(components.get('errors', {}))} errors, {len(error_sections)} error sections")
    for link in page.links:
        if link not in page.ids:
            problems.append(f"a link to #{link} leads nowhere")
    if not page.links:
        problems.append("the page has no links")
    for problem in problems:
        print(f"FAIL {sys.argv[1]}: {problem}", file=sys.stderr)
    print(f"{sys.argv[1]}: {len(page.sections)} sections, {len(page.links)} links, all resolve" if not problems else "")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
